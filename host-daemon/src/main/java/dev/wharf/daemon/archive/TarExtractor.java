package dev.wharf.daemon.archive;

import com.sun.jna.LastErrorException;
import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.layers.LayerUnpacker;
import dev.wharf.daemon.linux.Errno;
import dev.wharf.daemon.linux.LibC;
import dev.wharf.daemon.runtime.ScopedPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts a tar into a directory of a container ({@code docker cp SRC CONTAINER:DEST}). Every entry's parent is
 * resolved with {@link ScopedPath} as the container would see it, so neither a {@code ..} in a name nor a symlink in
 * the container (planted before or during the copy) lets a write land outside the container's root; the entry itself
 * is created without following a symlink at its name. Owners become root unless the client asked to keep them.
 */
final class TarExtractor {
    private static final LibC C = LibC.INSTANCE;

    private final Path root;
    private final String dest;
    private final boolean noOverwriteDirNonDir;
    private final boolean keepOwners;
    private final List<Object[]> dirTimes = new ArrayList<>();

    /**
     * @param root the container's root (or the source of the volume that holds {@code dest})
     * @param dest the target directory, relative to {@code root} ("/" separated, may be empty)
     */
    TarExtractor(Path root, String dest, boolean noOverwriteDirNonDir, boolean keepOwners) {
        this.root = root;
        this.dest = dest;
        this.noOverwriteDirNonDir = noOverwriteDirNonDir;
        this.keepOwners = keepOwners;
    }

    void extract(InputStream in) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in, 65536, 512, StandardCharsets.UTF_8.name());
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            apply(e, tar);
        }
        for (int i = dirTimes.size() - 1; i >= 0; i--) {
            setTimes((Path) dirTimes.get(i)[0], (FileTime) dirTimes.get(i)[1]);
        }
    }

    /** The entry name as a clean relative path; {@code ..} and absolute names are refused. */
    static List<String> components(String name) {
        List<String> out = new ArrayList<>();
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                throw ApiException.badRequest("invalid tar entry \"" + name + "\": \"..\" is not allowed");
            }
            out.add(c);
        }
        return out;
    }

    private void apply(TarArchiveEntry e, InputStream data) throws IOException {
        List<String> parts = components(e.getName());
        if (parts.isEmpty()) {
            return; // the target dir itself
        }
        String base = parts.get(parts.size() - 1);
        String parentRel = dest + "/" + String.join("/", parts.subList(0, parts.size() - 1));
        Path parent = ScopedPath.resolve(root, parentRel);
        Files.createDirectories(parent);
        if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            throw ApiException.badRequest("cannot extract \"" + e.getName() + "\": its parent is not a directory");
        }
        Path target = parent.resolve(base);
        FileMeta existing = meta(target);
        if (existing != null) {
            if (existing.isDir() && e.isDirectory()) {
                setAttributes(target, e);
                return;
            }
            if (noOverwriteDirNonDir && existing.isDir() != e.isDirectory()) {
                throw ApiException.badRequest(existing.isDir()
                        ? "cannot overwrite directory \"" + containerPath(parentRel, base) + "\" with non-directory \"" + e.getName() + "\""
                        : "cannot overwrite non-directory \"" + containerPath(parentRel, base) + "\" with directory \"" + e.getName() + "\"");
            }
            LayerUnpacker.deleteTree(target);
        }
        try {
            if (e.isDirectory()) {
                Files.createDirectory(target);
            } else if (e.isSymbolicLink()) {
                Files.createSymbolicLink(target, Path.of(e.getLinkName()));
            } else if (e.isLink()) {
                List<String> to = components(e.getLinkName());
                Path source = ScopedPath.resolve(root, dest + "/" + String.join("/", to));
                FileMeta sm = meta(source);
                if (sm == null || sm.isDir()) {
                    throw ApiException.badRequest("invalid hard link \"" + e.getName() + "\" -> \"" + e.getLinkName() + "\"");
                }
                Files.createLink(target, source);
                return;
            } else if (e.isCharacterDevice() || e.isBlockDevice()) {
                long dev = ((e.getDevMajor() & 0xfffL) << 8) | (e.getDevMinor() & 0xffL) | ((e.getDevMinor() & 0xfff00L) << 12);
                C.mknod(target.toString(), (e.isCharacterDevice() ? LibC.S_IFCHR : LibC.S_IFBLK) | (e.getMode() & 07777), dev);
            } else if (e.isFIFO()) {
                C.mknod(target.toString(), LibC.S_IFIFO | (e.getMode() & 07777), 0);
            } else if (e.isFile()) {
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS)) {
                    data.transferTo(out);
                }
            } else {
                return;
            }
        } catch (LastErrorException x) {
            throw new IOException(Errno.describe("cannot create " + e.getName(), x), x);
        }
        setAttributes(target, e);
    }

    private static String containerPath(String parentRel, String base) {
        String p = (parentRel + "/" + base).replaceAll("/+", "/");
        return p.startsWith("/") ? p : "/" + p;
    }

    private void setAttributes(Path target, TarArchiveEntry e) throws IOException {
        String p = target.toString();
        try {
            if (keepOwners) {
                C.lchown(p, (int) e.getLongUserId(), (int) e.getLongGroupId());
            } else {
                C.lchown(p, 0, 0);
            }
            if (!e.isSymbolicLink()) {
                C.chmod(p, e.getMode() & 07777);
            }
        } catch (LastErrorException x) {
            throw new IOException(Errno.describe("cannot set the owner and mode of " + e.getName(), x), x);
        }
        if (e.isDirectory()) {
            dirTimes.add(new Object[] {target, e.getLastModifiedTime()});
        } else {
            setTimes(target, e.getLastModifiedTime());
        }
    }

    private static void setTimes(Path target, FileTime t) throws IOException {
        long[] ts = {t.toInstant().getEpochSecond(), t.toInstant().getNano(), t.toInstant().getEpochSecond(), t.toInstant().getNano()};
        try {
            C.utimensat(LibC.AT_FDCWD, target.toString(), ts, LibC.AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException x) {
            throw new IOException(Errno.describe("cannot set the times of " + target, x), x);
        }
    }

    private static FileMeta meta(Path p) {
        try {
            return FileMeta.of(p);
        } catch (IOException x) {
            return null;
        }
    }
}
