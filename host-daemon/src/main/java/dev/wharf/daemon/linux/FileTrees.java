package dev.wharf.daemon.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/** Deleting file trees the way the daemon needs it: never through a symlink, never into a live mount. */
public final class FileTrees {
    private FileTrees() {
    }

    /**
     * Deletes a file, symlink or directory tree. Symlinks are removed, not followed; a path that vanishes meanwhile
     * is fine; a directory that is still a mount point stops the deletion with an IOException instead of wiping
     * whatever is mounted there (an image layer, a volume, the host).
     */
    public static void delete(Path p) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!a.isDirectory()) {
            Files.deleteIfExists(p);
            return;
        }
        Set<String> mounts = mountPoints();
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (mounts.contains(d.toAbsolutePath().normalize().toString())) {
                    throw new IOException("refusing to delete " + d + ": still mounted");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Mount points of this mount namespace, as absolute paths (from /proc/self/mountinfo). */
    public static Set<String> mountPoints() throws IOException {
        Set<String> out = new HashSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ", 6);
            if (f.length > 4) {
                out.add(unescape(f[4]));
            }
        }
        return out;
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
