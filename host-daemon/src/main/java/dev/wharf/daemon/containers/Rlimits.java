package dev.wharf.daemon.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The daemon's own RLIMIT_NOFILE hard limit, read from /proc/self/limits. Containers get it as soft and hard:
 * without CAP_SYS_RESOURCE (as on this host) runc cannot raise a limit above it, so a higher value would fail
 * every start.
 */
final class Rlimits {
    static final long FALLBACK = 1024;

    private Rlimits() {
    }

    static long hardNofile() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return f[1].equals("unlimited") ? 1_048_576 : Math.min(1_048_576, Long.parseLong(f[1]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall back below
        }
        return FALLBACK;
    }
}
