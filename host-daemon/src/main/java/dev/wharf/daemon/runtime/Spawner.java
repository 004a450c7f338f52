package dev.wharf.daemon.runtime;

import com.sun.jna.LastErrorException;
import dev.wharf.daemon.linux.Errno;
import dev.wharf.daemon.linux.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Starts runtime processes (conmon, runc/crun). The default starts them as they are. For crun 1.8 on a hybrid
 * cgroup host, {@link #hidingCgroupV2()} starts each one from a fresh platform thread that unshared its mount
 * namespace and detached {@code /sys/fs/cgroup/unified} there: the child inherits that view, sees pure v1, and
 * the host's mounts stay as they are. A fresh namespace per spawn also sees the overlay mounts made just before.
 */
public interface Spawner {
    Process start(ProcessBuilder pb) throws IOException;

    static Spawner direct() {
        return ProcessBuilder::start;
    }

    Path UNIFIED = Path.of("/sys/fs/cgroup/unified");

    static Spawner hidingCgroupV2() {
        return pb -> {
            CompletableFuture<Process> result = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    LibC c = LibC.INSTANCE;
                    c.unshare(LibC.CLONE_NEWNS | LibC.CLONE_FS);
                    // slave, not private: host unmounts (overlays, netns files) still reach this long-lived copy,
                    // while the unmount below stays in here
                    c.mount(null, "/", null, LibC.MS_REC | LibC.MS_SLAVE, null);
                    c.umount2(UNIFIED.toString(), LibC.MNT_DETACH);
                    result.complete(pb.start());
                } catch (LastErrorException e) {
                    result.completeExceptionally(new IOException(Errno.describe("hide the cgroup v2 mount for crun", e)));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }, "crun-spawn");
            t.start();
            try {
                return result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting " + pb.command().get(0), e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException(e.getCause());
            }
        };
    }

    /** True when this host mounts cgroup2 beside v1 with controllers in it, which crun 1.8 refuses. */
    static boolean hybridWithV2Controllers() {
        try {
            Path controllers = UNIFIED.resolve("cgroup.controllers");
            return Files.exists(controllers) && !Files.readString(controllers).isBlank();
        } catch (IOException e) {
            return false;
        }
    }
}
