package dev.wharf.daemon.network;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** A directory of JSON records, one file per key, each replaced by an atomic rename so a crash leaves old or new. */
final class RecordStore<T> {
    private static final Logger LOG = Logger.getLogger(RecordStore.class.getName());
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path dir;
    private final Class<T> type;

    RecordStore(Path dir, Class<T> type) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.type = type;
    }

    void put(String key, T value) {
        try {
            Path tmp = dir.resolve(key + ".json.tmp");
            Files.write(tmp, JSON.writeValueAsBytes(value));
            Files.move(tmp, dir.resolve(key + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(key + ".json"), e);
        }
    }

    void remove(String key) {
        try {
            Files.deleteIfExists(dir.resolve(key + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<T> all() throws IOException {
        List<T> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    out.add(JSON.readValue(p.toFile(), type));
                } catch (IOException e) {
                    LOG.warning("skipping unreadable record " + p + ": " + e.getMessage());
                }
            }
        }
        return out;
    }
}
