package dev.wharf.daemon.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.layers.LayerUnpacker;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local volumes, laid out like dockerd's: {@code <data-root>/volumes/<name>/_data} holds the data and
 * {@code <name>/volume.json} the metadata (written atomically). A volume is listed once its metadata exists.
 */
public final class VolumeStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String META = "volume.json";

    private final Path root;
    private final Map<String, Volume> volumes = new ConcurrentHashMap<>();

    public VolumeStore(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root);
        load();
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path d : ds) {
                Path meta = d.resolve(META);
                if (!Files.isRegularFile(meta)) {
                    continue;
                }
                JsonNode n = JSON.readTree(meta.toFile());
                String name = d.getFileName().toString();
                volumes.put(name, new Volume(name, Instant.parse(n.path("CreatedAt").asText(Instant.EPOCH.toString())),
                        strings(n.path("Labels")), strings(n.path("Options")), n.path("Anonymous").asBoolean(false),
                        d.resolve("_data")));
            }
        }
    }

    public static String newAnonymousName() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public Optional<Volume> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(volumes.get(name));
    }

    public Volume get(String name) {
        return find(name).orElseThrow(() -> ApiException.notFound("get " + name + ": no such volume"));
    }

    public List<Volume> all() {
        List<Volume> out = new ArrayList<>(volumes.values());
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** The volume {@code name}, made if missing; the boolean tells whether it was made now. */
    public synchronized Created create(String name, Map<String, String> labels, boolean anonymous) throws IOException {
        MountParser.checkVolumeName(name);
        Volume v = volumes.get(name);
        if (v != null) {
            return new Created(v, false);
        }
        Path dir = root.resolve(name);
        Path data = dir.resolve("_data");
        try {
            Files.createDirectories(data);
            v = new Volume(name, Instant.now(), labels == null ? Map.of() : Map.copyOf(labels), Map.of(), anonymous, data);
            ObjectNode n = JSON.createObjectNode();
            n.put("Name", name);
            n.put("CreatedAt", v.createdAt().toString());
            n.set("Labels", JSON.valueToTree(new LinkedHashMap<>(v.labels())));
            n.set("Options", JSON.createObjectNode());
            n.put("Anonymous", anonymous);
            Path tmp = dir.resolve(META + ".tmp");
            JSON.writeValue(tmp.toFile(), n);
            Files.move(tmp, dir.resolve(META), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            LayerUnpacker.deleteTree(dir);
            throw e;
        }
        volumes.put(name, v);
        return new Created(v, true);
    }

    /** The result of {@link #create}. */
    public record Created(Volume volume, boolean isNew) {
    }

    /** Deletes the volume and its data; the metadata goes first so that a crash never lists half a volume. */
    public synchronized void delete(String name) throws IOException {
        Volume v = volumes.remove(name);
        if (v == null) {
            return;
        }
        Path dir = root.resolve(name);
        Files.deleteIfExists(dir.resolve(META));
        LayerUnpacker.deleteTree(dir);
    }

    /** Bytes used by the files of a volume (for {@code docker system df} and prune). */
    public static long size(Volume v) {
        AtomicLong total = new AtomicLong();
        try {
            Files.walkFileTree(v.mountpoint(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                    if (a.isRegularFile()) {
                        total.addAndGet(a.size());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return -1;
        }
        return total.get();
    }

    /** True when the volume's data dir has no entries. */
    public static boolean isEmpty(Volume v) throws IOException {
        if (!Files.isDirectory(v.mountpoint(), LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(v.mountpoint())) {
            return !ds.iterator().hasNext();
        }
    }

    private static Map<String, String> strings(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        }
        return m;
    }
}
