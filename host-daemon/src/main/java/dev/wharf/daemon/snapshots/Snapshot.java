package dev.wharf.daemon.snapshots;

import java.nio.file.Path;

/**
 * A container's root filesystem: the image layers (read-only, lower) union-mounted under its own read-write
 * layer. Writes land in {@code upperDir}; {@code mergedDir} is what the container sees as {@code /}.
 *
 * @param key       the container id the snapshot belongs to
 * @param upperDir  the read-write layer (overlay {@code upperdir}); deletions show as whiteouts here
 * @param workDir   overlay's scratch dir, on the same filesystem as {@code upperDir}
 * @param mergedDir the mount point of the union
 */
public record Snapshot(String key, Path upperDir, Path workDir, Path mergedDir) {
}
