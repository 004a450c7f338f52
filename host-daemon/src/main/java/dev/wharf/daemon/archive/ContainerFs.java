package dev.wharf.daemon.archive;

import dev.wharf.daemon.containers.Container;
import dev.wharf.daemon.containers.ContainerMounts;
import dev.wharf.daemon.runtime.ScopedPath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A container's files as seen from the host, for {@code docker cp}, running or not: the overlay's merged dir (mounted
 * from create to removal), except below a volume or bind mount, whose source on the host is used instead (those are
 * mounted only inside the container's own mount namespace).
 */
final class ContainerFs {
    private ContainerFs() {
    }

    /**
     * Where {@code containerPath} is.
     *
     * @param root     the rootfs, or the source of the mount that holds the path
     * @param relative the path below {@code root}
     * @param readOnly the path is in a read-only rootfs or mount
     */
    record Location(Path root, String relative, boolean readOnly) {
        /** The path with every symlink resolved inside {@code root}, the last one too. */
        Path resolved() throws IOException {
            return ScopedPath.resolve(root, relative);
        }

        /** The parent resolved inside {@code root}, the last component as is (lstat semantics). */
        Path unresolvedLast() throws IOException {
            String rel = relative.replaceAll("/+$", "");
            int slash = rel.lastIndexOf('/');
            String base = rel.substring(slash + 1);
            Path parent = ScopedPath.resolve(root, slash < 0 ? "" : rel.substring(0, slash));
            return base.isEmpty() || base.equals(".") || base.equals("..") ? ScopedPath.resolve(root, rel) : parent.resolve(base);
        }
    }

    static Location locate(Container c, ContainerMounts mounts, String containerPath) {
        String p = clean(containerPath);
        String bestDest = null;
        Map<String, Object> best = null;
        List<Map<String, Object>> list = mounts.inspect(c);
        for (Map<String, Object> m : list) {
            String dest = clean(String.valueOf(m.get("Destination")));
            String src = String.valueOf(m.getOrDefault("Source", ""));
            if (src.isEmpty()) {
                continue; // tmpfs: only inside the container
            }
            if ((p.equals(dest) || p.startsWith(dest + "/")) && (bestDest == null || dest.length() > bestDest.length())) {
                bestDest = dest;
                best = m;
            }
        }
        if (best != null) {
            return new Location(Path.of(String.valueOf(best.get("Source"))), p.substring(bestDest.length()),
                    Boolean.FALSE.equals(best.get("RW")));
        }
        return new Location(c.paths().rootfs(), p, c.hostConfig().path("ReadonlyRootfs").asBoolean(false));
    }

    /** An absolute path, cleaned lexically as Go's filepath.Clean does ({@code ..} stops at "/"). */
    static String clean(String p) {
        return Path.of("/" + (p == null ? "" : p)).normalize().toString();
    }
}
