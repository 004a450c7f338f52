package dev.wharf.daemon.snapshots;

import dev.wharf.daemon.linux.FileTrees;
import dev.wharf.daemon.linux.Errno;
import dev.wharf.daemon.linux.LibC;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Per-container overlay mounts, laid out like moby's overlay2 under {@code <data-root>/snapshots}:
 * <pre>
 *   l/&lt;short&gt;          symlink to an image layer dir (see {@link ShortLinks})
 *   &lt;key&gt;/lower        the lowerdir option, uppermost layer first ("l/A:l/B")
 *   &lt;key&gt;/diff         the container's read-write layer (upperdir)
 *   &lt;key&gt;/work         overlay's workdir
 *   &lt;key&gt;/merged       the mount point, the container's rootfs
 * </pre>
 * Mounts are made on a {@link MountThread} whose cwd is the root, so the option string stays within a page for
 * up to {@link #MAX_LAYERS} layers. Mounts outlive the daemon (containers keep running); {@link #ensureMounted}
 * puts one back after a host reboot, and {@link #remove} leaves neither a mount nor a directory behind.
 */
public final class OverlaySnapshotter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OverlaySnapshotter.class.getName());
    /** moby's overlay2 maxDepth. */
    public static final int MAX_LAYERS = 128;
    private static final int PAGE = 4096;

    private final Path root;
    private final ShortLinks links;
    private final MountThread mountThread;

    public OverlaySnapshotter(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
        this.links = new ShortLinks(this.root.resolve("l"));
        this.mountThread = new MountThread(this.root);
    }

    public Path root() {
        return root;
    }

    /** The paths of a snapshot (whether or not it exists). */
    public Snapshot snapshot(String key) {
        Path dir = dir(key);
        return new Snapshot(key, dir.resolve("diff"), dir.resolve("work"), dir.resolve("merged"));
    }

    /**
     * Creates the read-write layer for {@code key} over {@code layerDirs} (lowest first, as images list their
     * layers) and mounts the union. On failure nothing is left behind.
     */
    public Snapshot prepare(String key, List<Path> layerDirs) throws IOException {
        if (layerDirs.size() > MAX_LAYERS) {
            throw new IOException("the image has " + layerDirs.size() + " layers; at most " + MAX_LAYERS + " are supported");
        }
        Snapshot s = snapshot(key);
        Path dir = dir(key);
        if (Files.exists(dir)) {
            throw new IOException("snapshot " + key + " already exists");
        }
        try {
            Files.createDirectories(s.upperDir());
            Files.createDirectories(s.workDir());
            Files.createDirectories(s.mergedDir());
            List<String> lowers = new ArrayList<>();
            for (int i = layerDirs.size() - 1; i >= 0; i--) {
                Path layer = layerDirs.get(i);
                if (!Files.isDirectory(layer)) {
                    throw new IOException("layer directory " + layer + " does not exist");
                }
                lowers.add(links.linkFor(layer));
            }
            if (lowers.isEmpty()) {
                // overlay needs a lower: an image without layers gets an empty one
                Files.createDirectories(dir.resolve("empty"));
                lowers.add(key + "/empty");
            }
            Files.writeString(dir.resolve("lower"), String.join(":", lowers), StandardCharsets.UTF_8);
            mount(key);
            return s;
        } catch (IOException | RuntimeException e) {
            try {
                remove(key);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Mounts the snapshot again if it is not mounted (after a host reboot); a no-op when it is. */
    public Snapshot ensureMounted(String key) throws IOException {
        Snapshot s = snapshot(key);
        if (!isMounted(s.mergedDir())) {
            mount(key);
        }
        return s;
    }

    private void mount(String key) throws IOException {
        Path dir = dir(key);
        String lower = Files.readString(dir.resolve("lower"), StandardCharsets.UTF_8).trim();
        String data = "lowerdir=" + lower + ",upperdir=" + key + "/diff,workdir=" + key + "/work";
        if (data.length() >= PAGE) {
            throw new IOException("overlay mount options for " + key + " are " + data.length() + " bytes, over a page");
        }
        String target = dir.resolve("merged").toString();
        mountThread.run("mount overlay on " + target,
                () -> LibC.INSTANCE.mount("overlay", target, "overlay", 0, data));
    }

    /** Unmounts (lazily if something still holds it) and deletes the snapshot's directories. */
    public void remove(String key) throws IOException {
        Path dir = dir(key);
        unmount(key);
        FileTrees.delete(dir);
    }

    /**
     * Unmounts the snapshot but keeps its layers (a stopped container on a daemon that stops);
     * {@link #ensureMounted} mounts it again when it is used.
     */
    public void unmount(String key) throws IOException {
        Path merged = dir(key).resolve("merged");
        if (isMounted(merged)) {
            String target = merged.toString();
            try {
                mountThread.run("umount " + target, () -> LibC.INSTANCE.umount2(target, 0));
            } catch (MountThread.MountException e) {
                if (e.errno() != Errno.EBUSY) {
                    throw e;
                }
                LOG.fine(() -> target + " is busy, detaching it");
                mountThread.run("umount " + target, () -> LibC.INSTANCE.umount2(target, LibC.MNT_DETACH));
            }
        }
    }

    /** The lower layer dirs of a snapshot, uppermost first, as overlay stacks them ("" when it has none). */
    public String lowerDirs(String key) {
        try {
            List<String> out = new ArrayList<>();
            for (String l : Files.readString(dir(key).resolve("lower"), StandardCharsets.UTF_8).trim().split(":")) {
                Path p = root.resolve(l);
                out.add(Files.isSymbolicLink(p) ? Files.readSymbolicLink(p).toString() : p.toString());
            }
            return String.join(":", out);
        } catch (IOException e) {
            return "";
        }
    }

    /** Keys of all snapshots on disk, for reconciling with the container store at start. */
    public List<String> keys() throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!name.equals("l") && Files.isDirectory(p)) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    /** Drops short links of layers that no longer exist. */
    public void pruneLinks() throws IOException {
        links.pruneDangling();
    }

    /** True if {@code dir} is a mount point in this process's mount namespace. */
    public static boolean isMounted(Path dir) throws IOException {
        return FileTrees.mountPoints().contains(dir.toAbsolutePath().normalize().toString());
    }

    private Path dir(String key) {
        if (key.isEmpty() || key.contains("/") || key.equals("l") || key.startsWith(".")) {
            throw new IllegalArgumentException("invalid snapshot key: " + key);
        }
        return root.resolve(key);
    }

    @Override
    public void close() {
        mountThread.close();
    }
}
