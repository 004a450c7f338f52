package dev.wharf.daemon.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads /proc/self/mountinfo so tests can check that nothing stays mounted. */
public final class Mounts {
    private Mounts() {
    }

    public static List<String> under(Path dir) throws IOException {
        String prefix = dir.toRealPath().toString();
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(l -> l.split(" ")[4].replace("\\040", " "))
                .filter(m -> m.equals(prefix) || m.startsWith(prefix + "/"))
                .toList();
    }
}
