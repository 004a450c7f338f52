package dev.wharf.daemon.containers;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Removes the cgroup directories of a container that the runtime leaves behind. runc deletes the container's
 * own dir in every v1 hierarchy on {@code delete}; the parent ({@code /wharf}) stays, and after a crash the
 * leaf may too. Only empty dirs can be removed (rmdir), so live cgroups are never touched.
 */
final class Cgroups {
    private static final Logger LOG = Logger.getLogger(Cgroups.class.getName());
    static final Path ROOT = Path.of("/sys/fs/cgroup");

    private Cgroups() {
    }

    /**
     * rmdir {@code cgroupsPath} (e.g. {@code /wharf/<id>}) in every hierarchy where it still exists; true when
     * none is left (false while processes are still in it).
     */
    static boolean removeLeftovers(String cgroupsPath) {
        boolean[] clean = {true};
        forEachHierarchy(h -> {
            Path d = h.resolve(cgroupsPath.substring(1));
            rmdir(d);
            if (Files.isDirectory(d)) {
                clean[0] = false;
            }
        });
        return clean[0];
    }

    /** rmdir the parent dir (e.g. {@code /wharf}) where it is empty. */
    static void removeParentIfEmpty(String parent) {
        forEachHierarchy(h -> rmdir(h.resolve(parent)));
    }

    private static void forEachHierarchy(java.util.function.Consumer<Path> action) {
        if (!Files.isDirectory(ROOT)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(ROOT)) {
            for (Path h : ds) {
                if (Files.isDirectory(h) && !Files.isSymbolicLink(h)) {
                    action.accept(h);
                }
            }
        } catch (IOException e) {
            LOG.fine(() -> "cannot list " + ROOT + ": " + e.getMessage());
        }
    }

    private static void rmdir(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.delete(dir); // rmdir(2): cgroupfs dirs hold only virtual files
        } catch (IOException e) {
            LOG.fine(() -> "cgroup " + dir + " stays: " + e.getMessage());
        }
    }
}
