package dev.wharf.daemon.containers;

import com.sun.jna.LastErrorException;
import dev.wharf.daemon.linux.Errno;
import dev.wharf.daemon.linux.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A network namespace the daemon owns, kept alive by a bind mount of its nsfs file on {@code path} (as
 * {@code ip netns add} does): a fresh platform thread unshares CLONE_NEWNET, brings {@code lo} up, bind-mounts
 * {@code /proc/thread-self/ns/net} and ends. The runtime joins it by path; {@link #delete} unmounts it.
 */
public final class NetnsHandle {
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final short IFF_UP = 0x1;

    private NetnsHandle() {
    }

    public static void create(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        if (!Files.exists(path)) {
            Files.createFile(path);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            String step = "unshare(CLONE_NEWNET)";
            try {
                LibC c = LibC.INSTANCE;
                c.unshare(LibC.CLONE_NEWNET);
                step = "bring lo up";
                loopbackUp();
                step = "bind-mount the netns on " + path;
                c.mount("/proc/thread-self/ns/net", path.toString(), null, LibC.MS_BIND, null);
                done.complete(null);
            } catch (LastErrorException e) {
                done.completeExceptionally(new IOException(Errno.describe(step, e)));
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "netns-create");
        t.start();
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating a network namespace", e);
        } catch (ExecutionException e) {
            Files.deleteIfExists(path);
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** Sets IFF_UP on {@code lo} of the calling thread's network namespace. */
    private static void loopbackUp() {
        LibC c = LibC.INSTANCE;
        int fd = c.socket(2 /* AF_INET */, 2 /* SOCK_DGRAM */ | LibC.O_CLOEXEC, 0);
        try {
            byte[] ifr = new byte[40];
            ifr[0] = 'l';
            ifr[1] = 'o';
            c.ioctl(fd, SIOCGIFFLAGS, ifr);
            short flags = (short) ((ifr[16] & 0xff) | (ifr[17] & 0xff) << 8);
            flags |= IFF_UP;
            ifr[16] = (byte) flags;
            ifr[17] = (byte) (flags >> 8);
            c.ioctl(fd, SIOCSIFFLAGS, ifr);
        } finally {
            c.close(fd);
        }
    }

    /** Unmounts and deletes the handle; the namespace goes when its last process does. Idempotent. */
    public static void delete(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try {
            LibC.INSTANCE.umount2(path.toString(), LibC.MNT_DETACH);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.EINVAL && e.getErrorCode() != Errno.ENOENT) {
                throw new IOException(Errno.describe("umount " + path, e));
            }
        }
        Files.deleteIfExists(path);
    }
}
