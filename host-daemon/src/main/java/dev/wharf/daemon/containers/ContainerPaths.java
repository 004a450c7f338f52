package dev.wharf.daemon.containers;

import dev.wharf.daemon.snapshots.Snapshot;
import java.nio.file.Path;

/**
 * Where one container's files are.
 *
 * @param dir        {@code <data-root>/containers/<id>}: config.v2.json, the log, hostname/hosts files
 * @param bundle     {@code <exec-root>/containers/<id>}: the OCI bundle (config.json), conmon's pidfiles, ctl
 *                   and winsz fifos, the {@code attach} socket, {@code oom}/{@code exit} markers
 * @param attachSocket {@code <exec-root>/s/<short id>/attach}: the bundle's socket by a path short enough for
 *                   a unix socket address
 * @param exitFile   conmon's exit file, {@code <exec-root>/exits/<id>}
 * @param snapshot   the overlay: {@code snapshot.mergedDir()} is the rootfs
 */
public record ContainerPaths(Path dir, Path bundle, Path attachSocket, Path exitFile, Path logPath, Snapshot snapshot) {

    public Path rootfs() {
        return snapshot.mergedDir();
    }

    public Path ctlFifo() {
        return bundle.resolve("ctl");
    }

    public Path configJson() {
        return bundle.resolve("config.json");
    }
}
