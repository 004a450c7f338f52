package dev.wharf.daemon.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * What {@code lstat(2)} says about a file, read through Java's {@code unix:} attribute view (no symlink is followed).
 *
 * @param mode the full st_mode: type bits and permissions
 */
public record FileMeta(int mode, int uid, int gid, long size, long ino, long dev, int nlink, long rdev, FileTime mtime) {
    public static final int S_IFMT = 0170000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFIFO = 0010000;
    public static final int S_IFSOCK = 0140000;

    public static FileMeta of(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,ino,dev,nlink,rdev,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        return new FileMeta((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"), (Long) a.get("size"),
                (Long) a.get("ino"), (Long) a.get("dev"), (Integer) a.get("nlink"), (Long) a.get("rdev"),
                (FileTime) a.get("lastModifiedTime"));
    }

    public int type() {
        return mode & S_IFMT;
    }

    public boolean isDir() {
        return type() == S_IFDIR;
    }

    public boolean isFile() {
        return type() == S_IFREG;
    }

    public boolean isSymlink() {
        return type() == S_IFLNK;
    }

    /** An overlay whiteout: a character device with device number 0/0. */
    public boolean isWhiteout() {
        return type() == S_IFCHR && rdev == 0;
    }

    public int perm() {
        return mode & 07777;
    }

    /** glibc's major()/minor(). */
    public int major() {
        return (int) (((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0xfffL));
    }

    public int minor() {
        return (int) (((rdev >>> 12) & 0xffffff00L) | (rdev & 0xffL));
    }

    /** Go's os.FileMode bits, as docker's path stat header carries them. */
    public long goFileMode() {
        long m = mode & 0777;
        switch (type()) {
            case S_IFDIR -> m |= 1L << 31;
            case S_IFLNK -> m |= 1L << 27;
            case S_IFCHR -> m |= (1L << 26) | (1L << 21);
            case S_IFBLK -> m |= 1L << 26;
            case S_IFIFO -> m |= 1L << 25;
            case S_IFSOCK -> m |= 1L << 24;
            default -> {
            }
        }
        if ((mode & 04000) != 0) {
            m |= 1L << 23;
        }
        if ((mode & 02000) != 0) {
            m |= 1L << 22;
        }
        if ((mode & 01000) != 0) {
            m |= 1L << 20;
        }
        return m;
    }
}
