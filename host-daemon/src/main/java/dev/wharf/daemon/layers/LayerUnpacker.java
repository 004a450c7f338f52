package dev.wharf.daemon.layers;

import dev.wharf.daemon.linux.FileTrees;
import com.sun.jna.LastErrorException;
import dev.wharf.daemon.linux.Errno;
import dev.wharf.daemon.linux.LibC;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Applies one layer tar to an empty directory in overlay form, as moby's overlay2 driver does: {@code .wh.NAME}
 * becomes a 0/0 character device {@code NAME}, {@code .wh..wh..opq} becomes {@code trusted.overlay.opaque=y} on
 * its directory. Modes, owners, mtimes (symlinks too), hard links, xattrs and device nodes are kept.
 *
 * <p>Path safety: an absolute name, a {@code ..} component, an entry below a symlink of the layer, or a hard link
 * whose target is not an earlier entry fail with {@link LayerFormatException}. The directory is private to the
 * unpack (the caller renames it into place when complete), so nothing else can plant a symlink in it meanwhile.
 */
public final class LayerUnpacker {
    public static final String WHITEOUT_PREFIX = ".wh.";
    public static final String OPAQUE_MARKER = ".wh..wh..opq";
    public static final String OPAQUE_XATTR = "trusted.overlay.opaque";
    private static final LibC C = LibC.INSTANCE;

    private final Path root;
    private final Set<String> symlinks = new HashSet<>();
    private final List<Object[]> dirTimes = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
    private long size;

    private final RawPaxHeaders pax;

    private LayerUnpacker(Path root, RawPaxHeaders pax) {
        this.root = root;
        this.pax = pax;
    }

    /**
     * Unpacks the uncompressed tar {@code in} into {@code dir} (which must exist and be empty). Reads the tar to
     * its end-of-archive marker, not to the end of {@code in}.
     *
     * @return the total size of the regular files written
     */
    public static long unpack(InputStream in, Path dir) throws IOException {
        RawPaxHeaders pax = new RawPaxHeaders(in);
        LayerUnpacker u = new LayerUnpacker(dir, pax);
        TarArchiveInputStream tar = new TarArchiveInputStream(pax, 65536, 512, StandardCharsets.UTF_8.name());
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            u.apply(e, tar);
        }
        // directory mtimes last: creating their children changed them
        for (int i = u.dirTimes.size() - 1; i >= 0; i--) {
            Object[] t = u.dirTimes.get(i);
            setTimes((Path) t[0], (TarArchiveEntry) t[1]);
        }
        return u.size;
    }

    private void apply(TarArchiveEntry e, InputStream data) throws IOException {
        List<String> parts = TarPaths.components(e.getName());
        if (parts.isEmpty()) {
            return; // the layer root itself: its attributes are the store's
        }
        String base = parts.get(parts.size() - 1);
        checkNoSymlinkParent(parts, e.getName());
        Path parent = ensureParent(parts);
        if (base.startsWith(WHITEOUT_PREFIX)) {
            whiteout(e, parts, base, parent);
            return;
        }
        Path target = parent.resolve(base);
        String rel = TarPaths.join(parts, parts.size());
        BasicFileAttributes existing = attrs(target);
        if (existing != null && !(existing.isDirectory() && e.isDirectory())) {
            FileTrees.delete(target);
            existing = null;
        }
        symlinks.remove(rel);
        try {
            if (e.isDirectory()) {
                if (existing == null) {
                    Files.createDirectory(target);
                }
            } else if (e.isSymbolicLink()) {
                Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                symlinks.add(rel);
            } else if (e.isLink()) {
                hardLink(e, target);
                return; // shares the target's inode and attributes
            } else if (e.isCharacterDevice() || e.isBlockDevice()) {
                int type = e.isCharacterDevice() ? LibC.S_IFCHR : LibC.S_IFBLK;
                C.mknod(target.toString(), type | (e.getMode() & 07777), makedev(e.getDevMajor(), e.getDevMinor()));
            } else if (e.isFIFO()) {
                C.mknod(target.toString(), LibC.S_IFIFO | (e.getMode() & 07777), 0);
            } else if (e.isFile()) {
                writeFile(target, data);
                size += e.getSize();
            } else {
                return; // GNU long-name helpers, sparse maps and the like carry no file of their own
            }
            setAttributes(target, e);
        } catch (LastErrorException ex) {
            throw new IOException(Errno.describe("cannot create " + e.getName() + " in the layer", ex), ex);
        } catch (FileAlreadyExistsException ex) {
            throw new LayerFormatException("invalid layer: tar entry \"" + TarPaths.printable(e.getName())
                    + "\" collides with another entry");
        }
    }

    private void whiteout(TarArchiveEntry e, List<String> parts, String base, Path parent) throws IOException {
        if (base.equals(OPAQUE_MARKER)) {
            try {
                byte[] y = {'y'};
                C.lsetxattr(parent.toString(), OPAQUE_XATTR, y, y.length, 0);
            } catch (LastErrorException ex) {
                throw new IOException(Errno.describe("cannot mark " + parent + " opaque", ex), ex);
            }
            return;
        }
        if (base.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) {
            return; // aufs metadata (.wh..wh.plnk and friends): not part of the filesystem
        }
        String name = base.substring(WHITEOUT_PREFIX.length());
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new LayerFormatException("invalid layer: whiteout entry \"" + TarPaths.printable(e.getName())
                    + "\" names no file");
        }
        Path target = parent.resolve(name);
        if (attrs(target) != null) {
            FileTrees.delete(target);
        }
        symlinks.remove(TarPaths.join(parts, parts.size() - 1) + "/" + name);
        try {
            C.mknod(target.toString(), LibC.S_IFCHR, 0);
            if (e.getLongUserId() != 0 || e.getLongGroupId() != 0) {
                C.lchown(target.toString(), (int) e.getLongUserId(), (int) e.getLongGroupId());
            }
        } catch (LastErrorException ex) {
            throw new IOException(Errno.describe("cannot create the whiteout device for " + e.getName(), ex), ex);
        }
    }

    private void hardLink(TarArchiveEntry e, Path target) throws IOException {
        List<String> to = TarPaths.components(e.getLinkName());
        if (to.isEmpty()) {
            throw new LayerFormatException("invalid layer: hard link \"" + TarPaths.printable(e.getName())
                    + "\" points at the layer root");
        }
        checkNoSymlinkParent(to, e.getLinkName());
        Path source = root.resolve(TarPaths.join(to, to.size()));
        BasicFileAttributes a = attrs(source);
        if (a == null || a.isDirectory()) {
            throw new LayerFormatException("invalid layer: hard link \"" + TarPaths.printable(e.getName()) + "\" -> \""
                    + TarPaths.printable(e.getLinkName()) + "\" does not point at a file of this layer");
        }
        Files.createLink(target, source);
    }

    private void checkNoSymlinkParent(List<String> parts, String name) throws LayerFormatException {
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.size() - 1; i++) {
            if (i > 0) {
                prefix.append('/');
            }
            prefix.append(parts.get(i));
            if (symlinks.contains(prefix.toString())) {
                throw new LayerFormatException("invalid layer: tar entry \"" + TarPaths.printable(name)
                        + "\" would be written through the symlink \"" + prefix + "\"");
            }
        }
    }

    /** Creates missing parent directories (mode 0755) and returns the parent of the entry. */
    private Path ensureParent(List<String> parts) throws IOException {
        Path p = root;
        for (int i = 0; i < parts.size() - 1; i++) {
            p = p.resolve(parts.get(i));
            BasicFileAttributes a = attrs(p);
            if (a == null) {
                Files.createDirectory(p);
            } else if (!a.isDirectory()) {
                throw new LayerFormatException("invalid layer: \"" + TarPaths.join(parts, i + 1)
                        + "\" is not a directory but has entries below it");
            }
        }
        return p;
    }

    private void writeFile(Path target, InputStream data) throws IOException {
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            byte[] arr = buffer.array();
            int n;
            while ((n = data.read(arr, 0, arr.length)) > 0) {
                buffer.clear().limit(n);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
            }
        }
    }

    private void setAttributes(Path target, TarArchiveEntry e) throws IOException {
        String p = target.toString();
        C.lchown(p, (int) e.getLongUserId(), (int) e.getLongGroupId());
        if (!e.isSymbolicLink()) {
            C.chmod(p, e.getMode() & 07777); // after chown, which clears setuid/setgid
        }
        // raw bytes: commons-compress decodes PAX values as UTF-8, which breaks binary ones (security.capability)
        for (Map.Entry<String, byte[]> x : pax.xattrs().entrySet()) {
            String name = x.getKey();
            byte[] v = x.getValue();
            try {
                C.lsetxattr(p, name, v, v.length, 0);
            } catch (LastErrorException ex) {
                throw new IOException(Errno.describe("cannot set xattr " + name + " on " + e.getName(), ex), ex);
            }
        }
        if (e.isDirectory()) {
            dirTimes.add(new Object[] {target, e});
        } else {
            setTimes(target, e);
        }
    }

    private static void setTimes(Path target, TarArchiveEntry e) throws IOException {
        FileTime m = e.getLastModifiedTime();
        FileTime a = e.getLastAccessTime() != null ? e.getLastAccessTime() : m;
        long[] ts = {seconds(a), nanos(a), seconds(m), nanos(m)};
        try {
            C.utimensat(LibC.AT_FDCWD, target.toString(), ts, LibC.AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException ex) {
            throw new IOException(Errno.describe("cannot set the times of " + e.getName(), ex), ex);
        }
    }

    private static long seconds(FileTime t) {
        return Math.floorDiv(t.toInstant().getEpochSecond(), 1);
    }

    private static long nanos(FileTime t) {
        return t.toInstant().getNano();
    }

    /** glibc's makedev. */
    static long makedev(int major, int minor) {
        long ma = major & 0xffffffffL;
        long mi = minor & 0xffffffffL;
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }

    private static BasicFileAttributes attrs(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /** Kept for callers in exec/volumes/archive; use {@link FileTrees#delete(Path)}. */
    public static void deleteTree(Path p) throws IOException {
        FileTrees.delete(p);
    }
}
