package dev.wharf.daemon.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * The generation of the desired state last applied per control-plane container, persisted so a restarted
 * daemon neither repeats a restart nor forgets one it did.
 */
final class AppliedGenerations {
    private final Path file;
    private final Map<String, Long> applied;

    AppliedGenerations(Path dataRoot) throws IOException {
        this.file = dataRoot.resolve("agent").resolve("applied-generations.json");
        Files.createDirectories(file.getParent());
        this.applied = Files.exists(file)
                ? new TreeMap<>(ControlPlaneClient.JSON.readValue(file.toFile(), new TypeReference<Map<String, Long>>() { }))
                : new TreeMap<>();
    }

    synchronized long get(String id) {
        return applied.getOrDefault(id, 0L);
    }

    synchronized void put(String id, long generation) throws IOException {
        applied.put(id, generation);
        save();
    }

    synchronized void forget(String id) throws IOException {
        if (applied.remove(id) != null) {
            save();
        }
    }

    private void save() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, ControlPlaneClient.JSON.writeValueAsBytes(applied));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
