package dev.wharf.daemon.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A container's log: {@code ctr.log} (conmon writes it) and rotated {@code ctr.log.1} (newest) ... {@code ctr.log.N}. */
public final class LogFiles {
    private LogFiles() {
    }

    /** Rotated path number {@code n} (1 = newest rotated). */
    public static Path rotated(Path log, int n) {
        return log.resolveSibling(log.getFileName() + "." + n);
    }

    /** All existing files, oldest first, the live one last. */
    public static List<Path> oldestFirst(Path log) throws IOException {
        List<Path> out = new ArrayList<>();
        int n = 1;
        while (Files.exists(rotated(log, n))) {
            n++;
        }
        for (int i = n - 1; i >= 1; i--) {
            out.add(rotated(log, i));
        }
        if (Files.exists(log)) {
            out.add(log);
        }
        return out;
    }

    /** Deletes the live file and every rotated one. */
    public static void deleteAll(Path log) throws IOException {
        for (Path p : oldestFirst(log)) {
            Files.deleteIfExists(p);
        }
    }
}
