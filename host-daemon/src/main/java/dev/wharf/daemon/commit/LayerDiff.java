package dev.wharf.daemon.commit;

import com.sun.jna.LastErrorException;
import dev.wharf.daemon.archive.FileMeta;
import dev.wharf.daemon.archive.TreeTar;
import dev.wharf.daemon.linux.LibC;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The changes of a container's read-write layer (overlay's upper dir) against its image, for {@code docker diff}
 * and {@code docker commit}. Overlay's own forms become the OCI ones in the tar: a whiteout (char device 0/0)
 * becomes an empty {@code .wh.NAME}, an opaque directory ({@code trusted.overlay.opaque=y}) gets a
 * {@code .wh..wh..opq} entry after its own.
 * <p>
 * What the runtime alone put there is left out, as dockerd's init layer hides it: empty files and directories
 * made as mount points ({@code /etc/hosts}, volume targets...), and directories that were only copied up to hold
 * them (they exist in the image with the same owner and mode, and nothing below them changed).
 */
public final class LayerDiff {
    public static final int MODIFIED = 0;
    public static final int ADDED = 1;
    public static final int DELETED = 2;

    /** One changed path ("/etc/passwd"), of {@code kind} MODIFIED, ADDED or DELETED. */
    public record Change(String path, int kind, Path host, FileMeta meta, boolean opaque) {
    }

    private final Path upper;
    private final List<Path> lowers;
    private final Set<String> mountPoints;

    /**
     * @param lowers      the image's layer dirs, in any order
     * @param mountPoints container paths the runtime mounts over ("/etc/hosts", "/data")
     */
    public LayerDiff(Path upper, List<Path> lowers, Set<String> mountPoints) {
        this.upper = upper;
        this.lowers = lowers;
        this.mountPoints = mountPoints;
    }

    /** Every change, parents before children. */
    public List<Change> changes() throws IOException {
        List<Change> out = new ArrayList<>();
        walk(upper, "", out);
        return out;
    }

    private void walk(Path dir, String rel, List<Change> out) throws IOException {
        for (Path child : TreeTar.sortedChildren(dir)) {
            String path = rel + "/" + child.getFileName();
            FileMeta m = FileMeta.of(child);
            FileMeta lower = lower(path);
            if (m.isWhiteout()) {
                if (lower != null) {
                    out.add(new Change(path, DELETED, child, m, false));
                }
                continue;
            }
            if (m.isDir()) {
                boolean opaque = isOpaque(child);
                List<Change> below = new ArrayList<>();
                walk(child, path, below);
                boolean runtimeMade = mountPoints.contains(path) && below.isEmpty() && !opaque && isEmptyDir(child);
                boolean copiedUp = lower != null && lower.isDir() && !opaque && below.isEmpty()
                        && lower.perm() == m.perm() && lower.uid() == m.uid() && lower.gid() == m.gid();
                if (runtimeMade || copiedUp) {
                    continue;
                }
                out.add(new Change(path, lower == null ? ADDED : MODIFIED, child, m, opaque));
                out.addAll(below);
                continue;
            }
            if (mountPoints.contains(path) && m.isFile() && m.size() == 0) {
                continue; // a bind-mount target the runtime created
            }
            out.add(new Change(path, lower == null ? ADDED : MODIFIED, child, m, false));
        }
    }

    /** The OCI layer tar of the changes. */
    public void writeTar(OutputStream out) throws IOException {
        try (TreeTar tar = new TreeTar(out)) {
            for (Change c : changes()) {
                String name = c.path().substring(1);
                if (c.kind() == DELETED) {
                    int slash = name.lastIndexOf('/');
                    String wh = name.substring(0, slash + 1) + ".wh." + name.substring(slash + 1);
                    tar.emptyFile(wh, 0600, c.meta().uid(), c.meta().gid(), c.meta().mtime());
                    continue;
                }
                tar.entry(c.host(), name, c.meta());
                if (c.opaque()) {
                    tar.emptyFile(name + "/.wh..wh..opq", c.meta().perm(), c.meta().uid(), c.meta().gid(), c.meta().mtime());
                }
            }
            tar.finish();
        }
    }

    /** The path in the topmost image layer that has it (not a whiteout), or null. */
    private FileMeta lower(String path) {
        for (Path l : lowers) {
            try {
                FileMeta m = FileMeta.of(l.resolve(path.substring(1)));
                if (!m.isWhiteout()) {
                    return m;
                }
            } catch (IOException e) {
                // not in this layer
            }
        }
        return null;
    }

    static boolean isOpaque(Path dir) {
        byte[] v = new byte[8];
        try {
            long n = LibC.INSTANCE.lgetxattr(dir.toString(), "trusted.overlay.opaque", v, v.length);
            return n == 1 && v[0] == 'y';
        } catch (LastErrorException e) {
            return false;
        }
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        return TreeTar.sortedChildren(dir).isEmpty();
    }
}
