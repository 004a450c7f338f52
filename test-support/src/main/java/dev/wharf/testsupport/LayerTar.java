package dev.wharf.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds a layer tar in memory, entry by entry, in the order given. Names are written exactly as given (no
 * normalisation), so tests can build hostile tars ({@code ../evil}, {@code /abs}, links that escape).
 * Attribute methods ({@link #mode}, {@link #owner}, {@link #mtime}, {@link #xattr}) change the entry added last.
 * Output is deterministic: the same calls give the same bytes and digests.
 *
 * <pre>{@code
 * Layer layer = LayerTar.create()
 *     .dir("data")
 *     .file("data/a.txt", "hello\n").owner(1000, 1000).xattr("user.note", "x")
 *     .whiteout("data/old.txt")          // data/.wh.old.txt
 *     .opaque("data/dir")                // data/dir/.wh..wh..opq
 *     .build();
 * }</pre>
 */
public final class LayerTar {

    /** Default mtime of every entry: fixed so digests never change between runs. */
    public static final Instant DEFAULT_MTIME = Instant.parse("2024-01-01T00:00:00Z");

    private final List<Spec> entries = new ArrayList<>();
    private Instant defaultMtime = DEFAULT_MTIME;

    private LayerTar() {
    }

    public static LayerTar create() {
        return new LayerTar();
    }

    /** Mtime for entries added after this call (unless set per entry). */
    public LayerTar defaultMtime(Instant mtime) {
        this.defaultMtime = mtime;
        return this;
    }

    /** A directory, mode 0755; a trailing {@code /} is added to the name if missing. */
    public LayerTar dir(String path) {
        return dir(path, 0755);
    }

    public LayerTar dir(String path, int mode) {
        return add(new Spec(path.endsWith("/") ? path : path + "/", TarConstants.LF_DIR, mode, null, null));
    }

    /** A regular file with UTF-8 content, mode 0644. */
    public LayerTar file(String path, String content) {
        return file(path, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public LayerTar file(String path, byte[] content, int mode) {
        return add(new Spec(path, TarConstants.LF_NORMAL, mode, content, null));
    }

    public LayerTar symlink(String path, String target) {
        return add(new Spec(path, TarConstants.LF_SYMLINK, 0777, null, target));
    }

    /** A hard link to {@code target} (a name of an earlier entry, or anything for hostile tars). */
    public LayerTar hardlink(String path, String target) {
        return add(new Spec(path, TarConstants.LF_LINK, 0644, null, target));
    }

    public LayerTar charDevice(String path, int major, int minor) {
        return add(new Spec(path, TarConstants.LF_CHR, 0666, null, null).device(major, minor));
    }

    public LayerTar blockDevice(String path, int major, int minor) {
        return add(new Spec(path, TarConstants.LF_BLK, 0660, null, null).device(major, minor));
    }

    public LayerTar fifo(String path) {
        return add(new Spec(path, TarConstants.LF_FIFO, 0644, null, null));
    }

    /** OCI whiteout for {@code path}: an empty file {@code <parent>/.wh.<name>}. */
    public LayerTar whiteout(String path) {
        int slash = path.lastIndexOf('/');
        String name = slash < 0 ? ".wh." + path : path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
        return file(name, new byte[0], 0644);
    }

    /** OCI opaque marker for directory {@code dir}: an empty file {@code <dir>/.wh..wh..opq}. */
    public LayerTar opaque(String dir) {
        String prefix = dir.isEmpty() || dir.endsWith("/") ? dir : dir + "/";
        return file(prefix + ".wh..wh..opq", new byte[0], 0644);
    }

    /**
     * Any entry, written as-is: {@code type} is a tar type flag (e.g. {@link TarConstants#LF_NORMAL}),
     * {@code content} may be null, {@code linkName} may be null.
     */
    public LayerTar raw(String name, byte type, int mode, byte[] content, String linkName) {
        return add(new Spec(name, type, mode, content, linkName));
    }

    /** Sets the permission bits (and setuid/setgid/sticky) of the last entry, e.g. {@code 01777}. */
    public LayerTar mode(int mode) {
        last().mode = mode;
        return this;
    }

    public LayerTar owner(int uid, int gid) {
        Spec s = last();
        s.uid = uid;
        s.gid = gid;
        return this;
    }

    public LayerTar mtime(Instant mtime) {
        last().mtime = mtime;
        return this;
    }

    /** Adds an extended attribute to the last entry, as a PAX {@code SCHILY.xattr.<name>} record. */
    public LayerTar xattr(String name, String value) {
        last().xattrs.put(name, value);
        return this;
    }

    /** Number of entries so far. */
    public int size() {
        return entries.size();
    }

    /** Writes the tar and its gzip form and computes their digests. */
    public Layer build() {
        byte[] tar = writeTar();
        return Layer.of(tar);
    }

    private byte[] writeTar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes, "UTF-8")) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            out.setAddPaxHeadersForNonAsciiNames(true);
            for (Spec s : entries) {
                TarArchiveEntry e = s.toEntry(defaultMtime);
                out.putArchiveEntry(e);
                if (s.content != null && s.type == TarConstants.LF_NORMAL) {
                    out.write(s.content);
                }
                out.closeArchiveEntry();
            }
            out.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write layer tar", e);
        }
        return bytes.toByteArray();
    }

    private LayerTar add(Spec spec) {
        entries.add(spec);
        return this;
    }

    private Spec last() {
        if (entries.isEmpty()) {
            throw new IllegalStateException("add an entry before setting its attributes");
        }
        return entries.get(entries.size() - 1);
    }

    /** One pending entry; mutable only while the builder runs. */
    private static final class Spec {
        final String name;
        final byte type;
        final byte[] content;
        final String linkName;
        int mode;
        long uid;
        long gid;
        Instant mtime;
        int major;
        int minor;
        final Map<String, String> xattrs = new LinkedHashMap<>();

        Spec(String name, byte type, int mode, byte[] content, String linkName) {
            this.name = name;
            this.type = type;
            this.mode = mode;
            this.content = content;
            this.linkName = linkName;
        }

        Spec device(int major, int minor) {
            this.major = major;
            this.minor = minor;
            return this;
        }

        TarArchiveEntry toEntry(Instant defaultMtime) {
            // preserveAbsolutePath=true: commons-compress would otherwise strip a leading '/'.
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            // Permission and setuid/setgid/sticky bits only, as Go's archive/tar and GNU tar write them.
            e.setMode(mode & 07777);
            e.setUserId(uid);
            e.setGroupId(gid);
            e.setUserName(uid == 0 ? "root" : "");
            e.setGroupName(gid == 0 ? "root" : "");
            e.setModTime(java.util.Date.from(mtime != null ? mtime : defaultMtime));
            if (linkName != null) {
                e.setLinkName(linkName);
            }
            if (type == TarConstants.LF_NORMAL) {
                e.setSize(content == null ? 0 : content.length);
            }
            if (type == TarConstants.LF_CHR || type == TarConstants.LF_BLK) {
                e.setDevMajor(major);
                e.setDevMinor(minor);
            }
            xattrs.forEach((k, v) -> e.addPaxHeader("SCHILY.xattr." + k, v));
            return e;
        }
    }
}
