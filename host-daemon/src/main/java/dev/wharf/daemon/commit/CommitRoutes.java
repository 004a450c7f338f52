package dev.wharf.daemon.commit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.api.ApiExchange;
import dev.wharf.daemon.api.Router;
import dev.wharf.daemon.archive.TreeTar;
import dev.wharf.daemon.containers.Container;
import dev.wharf.daemon.containers.ContainerState;
import dev.wharf.daemon.containers.Containers;
import dev.wharf.daemon.events.EventBus;
import dev.wharf.daemon.images.Image;
import dev.wharf.daemon.images.ImageStore;
import dev.wharf.model.image.ImageReference;
import dev.wharf.model.image.InvalidReferenceException;
import dev.wharf.model.oci.ContainerConfig;
import dev.wharf.model.oci.History;
import dev.wharf.model.oci.ImageConfig;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code docker commit}, {@code docker diff} and {@code docker export}. */
public final class CommitRoutes {
    private static final Logger LOG = Logger.getLogger(CommitRoutes.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Containers containers;
    private final ImageStore images;
    private final EventBus events;
    private final Path tmpDir;

    public CommitRoutes(Containers containers, ImageStore images, EventBus events, Path tmpDir) throws IOException {
        this.containers = containers;
        this.images = images;
        this.events = events;
        this.tmpDir = tmpDir;
        Files.createDirectories(tmpDir);
    }

    public void register(Router r) {
        r.post("/commit", this::commit);
        r.get("/containers/{id}/changes", this::changes);
        r.get("/containers/{id}/export", this::export);
    }

    /** The diff of a container's read-write layer against its image. */
    LayerDiff diff(Container c) throws IOException {
        Image image = images.find(c.imageId())
                .orElseThrow(() -> ApiException.notFound("No such image: " + c.imageId() + " (the image of " + c.name() + ")"));
        List<Path> lowers = new ArrayList<>(images.layerDirs(image));
        Collections.reverse(lowers); // uppermost first
        return new LayerDiff(c.paths().snapshot().upperDir(), lowers, mountPoints(c));
    }

    /** Targets of the runtime's mounts (config.json of the last start) and of the container's volumes. */
    private Set<String> mountPoints(Container c) {
        Set<String> out = new HashSet<>();
        try {
            if (Files.exists(c.paths().configJson())) {
                JSON.readTree(c.paths().configJson().toFile()).path("mounts").forEach(m -> out.add(m.path("destination").asText()));
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot read the mounts of " + c, e);
        }
        containers.mounts().inspect(c).forEach(m -> out.add(Path.of(String.valueOf(m.get("Destination"))).normalize().toString()));
        return out;
    }

    private void changes(ApiExchange ex) throws IOException {
        Container c = containers.store().get(ex.param("id"));
        List<Map<String, Object>> out = new ArrayList<>();
        for (LayerDiff.Change ch : diff(c).changes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Path", ch.path());
            m.put("Kind", ch.kind());
            out.add(m);
        }
        out.sort((a, b) -> ((String) a.get("Path")).compareTo((String) b.get("Path")));
        ex.json(200, out);
    }

    private void export(ApiExchange ex) throws IOException {
        Container c = containers.store().get(ex.param("id"));
        containers.snapshots().ensureMounted(c.id());
        Path root = c.paths().rootfs();
        try (OutputStream out = new BufferedOutputStream(ex.stream(200, "application/x-tar"), 1 << 16);
             TreeTar tar = new TreeTar(out)) {
            for (Path child : TreeTar.sortedChildren(root)) {
                tar.addTree(child, child.getFileName().toString());
            }
            tar.finish();
        }
        events.publish("container", "export", c.id(), attributes(c));
    }

    private void commit(ApiExchange ex) throws IOException {
        String name = ex.query("container");
        if (name == null || name.isEmpty()) {
            throw ApiException.badRequest("the container parameter is required");
        }
        Container c = containers.store().get(name);
        String repoTag = repoTag(ex.query("repo"), ex.query("tag"));
        ContainerConfig base = JSON.convertValue(c.config(), ContainerConfig.class);
        JsonNode body = ex.bodyJsonTree();
        if (body != null && body.isObject() && !body.isEmpty()) {
            base = overlay(base, JSON.convertValue(body, ContainerConfig.class));
        }
        ContainerConfig cfg = ConfigChanges.apply(base, ex.queryAll("changes"));
        Image parent = images.find(c.imageId())
                .orElseThrow(() -> ApiException.notFound("No such image: " + c.imageId()));
        String author = ex.query("author") == null ? "" : ex.query("author");
        String comment = ex.query("comment") == null ? "" : ex.query("comment");
        Path tar = Files.createTempFile(tmpDir, "commit-", ".tar");
        try {
            writeDiff(c, tar, ex.queryBool("pause", true));
            List<History> history = new ArrayList<>(parent.config().history() == null ? List.of() : parent.config().history());
            Instant now = Instant.now();
            history.add(new History(now, String.join(" ", c.config().path("Cmd").isArray() ? strings(c.config().get("Cmd")) : List.of()),
                    author.isEmpty() ? null : author, comment.isEmpty() ? null : comment, null));
            ImageConfig ic = new ImageConfig(now, author.isEmpty() ? null : author, parent.config().architecture(),
                    parent.config().os(), parent.config().variant(), cfg, null, history);
            Image img;
            try (InputStream in = Files.newInputStream(tar)) {
                img = images.commit(parent, in, ic, repoTag);
            }
            Map<String, String> attrs = attributes(c);
            attrs.put("comment", comment);
            attrs.put("imageID", img.id().toString());
            attrs.put("imageRef", repoTag == null ? "" : repoTag);
            events.publish("container", "commit", c.id(), attrs);
            ex.json(201, Map.of("Id", img.id().toString()));
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    /** The layer tar, with the container frozen meanwhile (unless pause=false or it is not running). */
    private void writeDiff(Container c, Path tar, boolean pause) throws IOException {
        boolean paused = false;
        if (pause) {
            synchronized (c) {
                if (c.state().status() == ContainerState.Status.RUNNING) {
                    containers.runtime().pause(c.id());
                    paused = true;
                }
            }
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tar), 1 << 16)) {
            diff(c).writeTar(out);
        } finally {
            if (paused) {
                try {
                    containers.runtime().resume(c.id());
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "cannot resume " + c + " after the commit: " + e.getMessage());
                }
            }
        }
    }

    /** {@code repo[:tag]} as the CLI splits it; null without a repo (an untagged image). */
    static String repoTag(String repo, String tag) {
        if (repo == null || repo.isEmpty()) {
            if (tag != null && !tag.isEmpty()) {
                throw ApiException.badRequest("invalid reference format: a tag needs a repository");
            }
            return null;
        }
        String ref = repo + ":" + (tag == null || tag.isEmpty() ? "latest" : tag);
        try {
            return ImageReference.parse(ref).familiarString();
        } catch (InvalidReferenceException e) {
            throw ApiException.badRequest("invalid reference format: " + e.getMessage());
        }
    }

    /** Fields set in the request's config win over the container's. */
    private static ContainerConfig overlay(ContainerConfig base, ContainerConfig req) {
        return new ContainerConfig(
                req.user() != null ? req.user() : base.user(),
                req.exposedPorts() != null ? req.exposedPorts() : base.exposedPorts(),
                req.env() != null ? req.env() : base.env(),
                req.entrypoint() != null ? req.entrypoint() : base.entrypoint(),
                req.cmd() != null ? req.cmd() : base.cmd(),
                req.volumes() != null ? req.volumes() : base.volumes(),
                req.workingDir() != null ? req.workingDir() : base.workingDir(),
                req.labels() != null ? req.labels() : base.labels(),
                req.stopSignal() != null ? req.stopSignal() : base.stopSignal(),
                base.argsEscaped(), req.healthcheck() != null ? req.healthcheck() : base.healthcheck(),
                req.onBuild() != null ? req.onBuild() : base.onBuild(), req.shell() != null ? req.shell() : base.shell());
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static Map<String, String> attributes(Container c) {
        Map<String, String> m = new LinkedHashMap<>();
        c.config().path("Labels").fields().forEachRemaining(x -> m.put(x.getKey(), x.getValue().asText()));
        m.put("image", c.image());
        m.put("name", c.name());
        return m;
    }
}
