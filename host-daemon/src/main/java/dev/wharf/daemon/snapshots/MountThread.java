package dev.wharf.daemon.snapshots;

import com.sun.jna.LastErrorException;
import dev.wharf.daemon.linux.Errno;
import dev.wharf.daemon.linux.LibC;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A dedicated platform thread with its own working directory (unshare(CLONE_FS), then chdir to the snapshot
 * root), so overlay mounts can name their lowers by short relative paths without moving the whole JVM's cwd.
 * moby does the same by re-exec'ing itself ({@code mountFrom}); a thread is enough in Java.
 */
final class MountThread implements AutoCloseable {
    private final ExecutorService executor;

    MountThread(Path cwd) {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                LibC.INSTANCE.unshare(LibC.CLONE_FS);
                LibC.INSTANCE.chdir(cwd.toString());
                r.run();
            }, "snapshot-mounts");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} on the mount thread; errno failures come back as IOException naming the operation. */
    <T> T run(String operation, Callable<T> task) throws IOException {
        Future<T> f = executor.submit(task);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(operation + ": interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof LastErrorException le) {
                throw new MountException(Errno.describe(operation, le), le.getErrorCode());
            }
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(operation + ": " + c, c);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** A failed mount(2)/umount2(2), with its errno. */
    static final class MountException extends IOException {
        private final int errno;

        MountException(String message, int errno) {
            super(message);
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }
}
