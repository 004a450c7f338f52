package dev.wharf.daemon.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.api.ApiExchange;
import dev.wharf.daemon.api.Router;
import dev.wharf.daemon.containers.Container;
import dev.wharf.daemon.containers.Containers;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code docker cp}: {@code HEAD} (stat), {@code GET} (a tar of the path) and {@code PUT} (extract a tar into a
 * directory) on {@code /containers/{id}/archive?path=}. The stat travels in the {@code X-Docker-Container-Path-Stat}
 * header as base64 JSON ({@code name, size, mode} as Go's FileMode, {@code mtime, linkTarget}).
 */
public final class ArchiveRoutes {
    static final String STAT_HEADER = "X-Docker-Container-Path-Stat";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Containers containers;

    public ArchiveRoutes(Containers containers) {
        this.containers = containers;
    }

    public void register(Router r) {
        r.head("/containers/{id}/archive", ex -> {
            stat(ex);
            ex.respond(200, "application/json", new byte[0]);
        });
        r.get("/containers/{id}/archive", this::get);
        r.put("/containers/{id}/archive", this::put);
    }

    private record Stat(Path host, FileMeta meta, String name) {
    }

    private Stat stat(ApiExchange ex) throws IOException {
        Container c = containers.store().get(ex.param("id"));
        containers.snapshots().ensureMounted(c.id()); // a stopped container's rootfs is unmounted after a daemon stop
        String path = ex.query("path");
        if (path == null || path.isEmpty()) {
            throw ApiException.badRequest("the path parameter is required");
        }
        ContainerFs.Location loc = ContainerFs.locate(c, containers.mounts(), path);
        Path host = loc.unresolvedLast();
        FileMeta m;
        try {
            m = FileMeta.of(host);
        } catch (IOException e) {
            throw ApiException.notFound("Could not find the file " + path + " in container " + ex.param("id"));
        }
        String clean = ContainerFs.clean(path);
        String name = clean.equals("/") ? "/" : Path.of(clean).getFileName().toString();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("size", m.size());
        s.put("mode", m.goFileMode());
        s.put("mtime", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(m.mtime().toInstant().atOffset(ZoneOffset.UTC)));
        s.put("linkTarget", m.isSymlink() ? linkTarget(loc, clean) : "");
        ex.responseHeader(STAT_HEADER, Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(s)));
        return new Stat(host, m, name);
    }

    /** Where a symlink leads, as a path in the container. */
    private String linkTarget(ContainerFs.Location loc, String containerPath) throws IOException {
        Path resolved = loc.resolved();
        String rel = loc.root().relativize(resolved).toString();
        String inRoot = "/" + rel;
        String mountPoint = containerPath.substring(0, containerPath.length() - loc.relative().length());
        return ContainerFs.clean(mountPoint + inRoot);
    }

    private void get(ApiExchange ex) throws IOException {
        Stat s = stat(ex);
        String name = s.name().equals("/") ? "." : s.name();
        try (OutputStream out = new BufferedOutputStream(ex.stream(200, "application/x-tar"), 1 << 16);
             TreeTar tar = new TreeTar(out)) {
            tar.addTree(s.host(), name);
            tar.finish();
        }
    }

    private void put(ApiExchange ex) throws IOException {
        Container c = containers.store().get(ex.param("id"));
        containers.snapshots().ensureMounted(c.id()); // a stopped container's rootfs is unmounted after a daemon stop
        String path = ex.query("path");
        if (path == null || path.isEmpty()) {
            throw ApiException.badRequest("the path parameter is required");
        }
        ContainerFs.Location loc = ContainerFs.locate(c, containers.mounts(), path);
        Path dir = loc.resolved();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw ApiException.notFound("Could not find the file " + path + " in container " + ex.param("id"));
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw ApiException.badRequest("extraction point is not a directory");
        }
        if (loc.readOnly()) {
            throw new ApiException(403, "container rootfs is marked read-only");
        }
        String rel = loc.root().relativize(dir).toString();
        new TarExtractor(loc.root(), rel, ex.queryBool("noOverwriteDirNonDir", false), ex.queryBool("copyUIDGID", false))
                .extract(ex.body());
        ex.respond(200, null, new byte[0]);
    }
}
