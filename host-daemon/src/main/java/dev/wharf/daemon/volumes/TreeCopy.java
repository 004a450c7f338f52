package dev.wharf.daemon.volumes;

import com.sun.jna.LastErrorException;
import dev.wharf.daemon.linux.Errno;
import dev.wharf.daemon.linux.LibC;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies an image directory into an empty volume the way dockerd's {@code copyExistingContents} does: files, dirs
 * and symlinks with their owner, mode and times (the top directory's too), without following symlinks. Device
 * nodes, fifos and sockets are skipped.
 */
final class TreeCopy {
    private static final LibC C = LibC.INSTANCE;

    private TreeCopy() {
    }

    static void copy(Path from, Path to) throws IOException {
        List<Path[]> dirs = new ArrayList<>();
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                Path t = to.resolve(from.relativize(d).toString());
                if (!d.equals(from)) {
                    Files.createDirectory(t);
                }
                dirs.add(new Path[] {d, t});
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Path t = to.resolve(from.relativize(f).toString());
                if (a.isSymbolicLink()) {
                    Files.createSymbolicLink(t, Files.readSymbolicLink(f));
                } else if (a.isRegularFile()) {
                    Files.copy(f, t, LinkOption.NOFOLLOW_LINKS);
                } else {
                    return FileVisitResult.CONTINUE;
                }
                copyAttributes(f, t, a);
                return FileVisitResult.CONTINUE;
            }
        });
        // directories last, deepest first: filling them changed their mtimes
        for (int i = dirs.size() - 1; i >= 0; i--) {
            Path[] p = dirs.get(i);
            copyAttributes(p[0], p[1], Files.readAttributes(p[0], BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        }
    }

    private static void copyAttributes(Path src, Path dst, BasicFileAttributes a) throws IOException {
        int uid = (Integer) Files.getAttribute(src, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int gid = (Integer) Files.getAttribute(src, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(src, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        String p = dst.toString();
        try {
            C.lchown(p, uid, gid);
            if (!a.isSymbolicLink()) {
                C.chmod(p, mode & 07777);
            }
            FileTime at = a.lastAccessTime();
            FileTime mt = a.lastModifiedTime();
            long[] ts = {at.toInstant().getEpochSecond(), at.toInstant().getNano(), mt.toInstant().getEpochSecond(), mt.toInstant().getNano()};
            C.utimensat(LibC.AT_FDCWD, p, ts, LibC.AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw new IOException(Errno.describe("cannot copy the attributes of " + src + " to " + dst, e), e);
        }
    }
}
