package dev.wharf.daemon.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes files of the host as a tar stream (PAX for long names and big numbers): regular files, directories,
 * symlinks, hard links (a second name of an inode already written), devices and fifos, with owner, permissions
 * and mtime. Never follows symlinks. Sockets are skipped, as Go's archive/tar does.
 */
public final class TreeTar implements Closeable {
    private final TarArchiveOutputStream tar;
    private final Map<String, String> links = new HashMap<>();

    public TreeTar(OutputStream out) {
        tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /** {@code path} and, for a directory, everything below it, named {@code name} and {@code name/...}. */
    public void addTree(Path path, String name) throws IOException {
        FileMeta m = FileMeta.of(path);
        entry(path, name, m);
        if (m.isDir()) {
            for (Path child : sortedChildren(path)) {
                addTree(child, name + "/" + child.getFileName());
            }
        }
    }

    /** The children of a directory in name order (stable tars, stable layer digests for equal content). */
    public static List<Path> sortedChildren(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(out::add);
        }
        out.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return out;
    }

    /** One entry for {@code path} (not recursive). */
    public void entry(Path path, String name, FileMeta m) throws IOException {
        TarArchiveEntry e;
        String key = m.dev() + ":" + m.ino();
        if (!m.isDir() && m.nlink() > 1 && links.containsKey(key)) {
            e = new TarArchiveEntry(name, TarConstants.LF_LINK);
            e.setLinkName(links.get(key));
            fill(e, m);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
            return;
        }
        switch (m.type()) {
            case FileMeta.S_IFDIR -> e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
            case FileMeta.S_IFREG -> {
                e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                e.setSize(m.size());
            }
            case FileMeta.S_IFLNK -> {
                e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                e.setLinkName(Files.readSymbolicLink(path).toString());
            }
            case FileMeta.S_IFCHR, FileMeta.S_IFBLK -> {
                e = new TarArchiveEntry(name, m.type() == FileMeta.S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK);
                e.setDevMajor(m.major());
                e.setDevMinor(m.minor());
            }
            case FileMeta.S_IFIFO -> e = new TarArchiveEntry(name, TarConstants.LF_FIFO);
            default -> {
                return; // sockets
            }
        }
        fill(e, m);
        tar.putArchiveEntry(e);
        if (m.isFile()) {
            try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                copyExactly(in, m.size());
            }
            if (m.nlink() > 1) {
                links.put(key, name);
            }
        }
        tar.closeArchiveEntry();
    }

    /** An empty regular file (OCI whiteouts {@code .wh.NAME} and {@code .wh..wh..opq}). */
    public void emptyFile(String name, int perm, int uid, int gid, FileTime mtime) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        e.setMode(perm);
        e.setIds(uid, gid);
        e.setModTime(mtime);
        e.setSize(0);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void fill(TarArchiveEntry e, FileMeta m) {
        e.setMode(m.perm());
        e.setIds(m.uid(), m.gid());
        e.setModTime(m.mtime());
    }

    /** Copies the file's size as lstat saw it: a file that grew meanwhile is cut, one that shrank is padded. */
    private void copyExactly(InputStream in, long size) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                break;
            }
            tar.write(buf, 0, n);
            left -= n;
        }
        byte[] zeros = new byte[8192];
        while (left > 0) {
            int n = (int) Math.min(zeros.length, left);
            tar.write(zeros, 0, n);
            left -= n;
        }
    }

    /** Ends the archive (two zero blocks) and flushes; the underlying stream stays open. */
    public void finish() throws IOException {
        tar.finish();
        tar.flush();
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
