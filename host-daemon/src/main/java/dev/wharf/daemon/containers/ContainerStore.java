package dev.wharf.daemon.containers;

import dev.wharf.daemon.linux.FileTrees;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.snapshots.OverlaySnapshotter;
import dev.wharf.model.oci.InstantModule;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The containers of this host, in memory and on disk ({@code <data-root>/containers/<id>/config.v2.json},
 * written atomically). Looks containers up as docker does: full ID, name (with or without the leading slash),
 * or a unique ID prefix. Names are unique; {@link #reserveName} is atomic.
 */
public final class ContainerStore {
    private static final Logger LOG = Logger.getLogger(ContainerStore.class.getName());
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new InstantModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final String FILE = "config.v2.json";

    private final Path dataDir;
    private final Path bundleRoot;
    private final Path exitDir;
    private final Path socketDir;
    private final OverlaySnapshotter snapshots;
    private final Map<String, Container> byId = new ConcurrentHashMap<>();
    private final Map<String, String> names = new ConcurrentHashMap<>();

    ContainerStore(Path dataRoot, Path execRoot, OverlaySnapshotter snapshots) throws IOException {
        this.dataDir = dataRoot.resolve("containers");
        this.bundleRoot = execRoot.resolve("containers");
        this.exitDir = execRoot.resolve("exits");
        this.socketDir = execRoot.resolve("s");
        this.snapshots = snapshots;
        Files.createDirectories(dataDir);
        Files.createDirectories(bundleRoot);
        Files.createDirectories(exitDir);
        Files.createDirectories(socketDir);
    }

    Path exitDir() {
        return exitDir;
    }

    Path socketDir() {
        return socketDir;
    }

    Path bundleRoot() {
        return bundleRoot;
    }

    /** Reads every persisted container (a broken file is logged and skipped). */
    void load() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dataDir)) {
            for (Path d : ds) {
                Path f = d.resolve(FILE);
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                try {
                    Container c = JSON.readValue(f.toFile(), Container.class);
                    c.paths(paths(c.id()));
                    byId.put(c.id(), c);
                    names.put(c.name(), c.id());
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "skipping unreadable container state " + f + ": " + e.getMessage());
                }
            }
        }
    }

    /** The paths of container {@code id}. */
    ContainerPaths paths(String id) {
        return new ContainerPaths(dataDir.resolve(id), bundleRoot.resolve(id),
                socketDir.resolve(shortId(id)).resolve("attach"), exitDir.resolve(id),
                dataDir.resolve(id).resolve("ctr.log"), snapshots.snapshot(id));
    }

    /** conmon's {@code -u}: the attach-socket symlink name. */
    static String shortId(String id) {
        return id.substring(0, 16);
    }

    /** Finds by full ID, name ({@code web} or {@code /web}) or unique ID prefix. */
    public Optional<Container> find(String idOrName) {
        if (idOrName == null || idOrName.isEmpty()) {
            return Optional.empty();
        }
        Container c = byId.get(idOrName);
        if (c != null) {
            return Optional.of(c);
        }
        String n = idOrName.startsWith("/") ? idOrName.substring(1) : idOrName;
        String id = names.get(n);
        if (id != null && byId.containsKey(id)) {
            return Optional.of(byId.get(id));
        }
        List<Container> hits = byId.values().stream().filter(x -> x.id().startsWith(idOrName)).limit(2).toList();
        if (!hits.isEmpty()) {
            return hits.size() == 1 ? Optional.of(hits.get(0)) : Optional.empty();
        }
        // the control plane addresses a container it placed here by its own id (label dev.wharf.id) over the tunnel
        return byId.values().stream()
                .filter(x -> idOrName.equals(x.config().path("Labels").path("dev.wharf.id").asText(null))).findFirst();
    }

    /** Like {@link #find} but a 404 with docker's message when absent. */
    public Container get(String idOrName) {
        return find(idOrName).orElseThrow(() -> ApiException.notFound("No such container: " + idOrName));
    }

    /** All containers, newest first. */
    public List<Container> all() {
        List<Container> l = new ArrayList<>(byId.values());
        l.sort(Comparator.comparing(Container::created).reversed());
        return l;
    }

    /** Claims {@code name} for {@code id}; a 409 with docker's message if another container has it. */
    void reserveName(String name, String id) {
        String holder = names.putIfAbsent(name, id);
        if (holder != null && !holder.equals(id)) {
            throw ApiException.conflict("Conflict. The container name \"/" + name + "\" is already in use by container \""
                    + holder + "\". You have to remove (or rename) that container to be able to reuse that name.");
        }
    }

    void releaseName(String name, String id) {
        names.remove(name, id);
    }

    boolean nameTaken(String name) {
        return names.containsKey(name);
    }

    void add(Container c) throws IOException {
        c.paths(paths(c.id()));
        Files.createDirectories(c.paths().dir());
        byId.put(c.id(), c);
        save(c);
    }

    /** Writes the container's state (temp file + rename, so a crash never leaves half a file). */
    public void save(Container c) throws IOException {
        if (!byId.containsKey(c.id())) {
            return; // removed meanwhile
        }
        Path dir = dataDir.resolve(c.id());
        // write and rename under the container's lock (remove() takes it too), each save with its own temp name
        synchronized (c) {
            if (!byId.containsKey(c.id())) {
                return;
            }
            Path tmp = dir.resolve(FILE + "." + Thread.currentThread().getId() + ".tmp");
            try {
                JSON.writeValue(tmp.toFile(), c);
                try {
                    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Forgets the container and deletes its data dir (the caller removed its mounts first). */
    void remove(Container c) throws IOException {
        synchronized (c) {
            byId.remove(c.id());
            names.remove(c.name(), c.id());
            FileTrees.delete(dataDir.resolve(c.id()));
        }
    }
}
