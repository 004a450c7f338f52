package dev.wharf.daemon.network.netns;

import com.sun.jna.LastErrorException;
import dev.wharf.daemon.linux.Errno;
import dev.wharf.daemon.linux.LibC;
import dev.wharf.daemon.network.netlink.Rtnl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Creates and enters network namespaces. Namespace membership is per thread, so all of it happens on one
 * dedicated platform thread that never runs anything else: it {@code unshare}s (or {@code setns}es) into a
 * namespace, opens a netlink socket there — the socket stays in that namespace for good — and {@code setns}es
 * straight back to the host's namespace. If it ever cannot get back, the thread is retired and a fresh one
 * (started from the host namespace) takes over, so no later task runs in the wrong namespace.
 */
public final class NetnsThread implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NetnsThread.class.getName());
    private static final int O_FLAGS = LibC.O_RDONLY | LibC.O_CLOEXEC;

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final int hostNsFd;
    private volatile Thread thread;
    private volatile boolean closed;

    public NetnsThread() {
        // the constructing thread is a daemon thread in the host's namespace
        hostNsFd = LibC.INSTANCE.open("/proc/thread-self/ns/net", O_FLAGS, 0);
        startThread();
    }

    private void startThread() {
        Thread t = new Thread(this::loop, "wharf-netns");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void loop() {
        while (!closed) {
            Runnable r;
            try {
                r = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                r.run();
            } catch (WrongNamespaceError e) {
                LOG.log(Level.SEVERE, "netns thread could not return to the host namespace; replacing it", e);
                startThread();
                return;
            }
        }
    }

    /** Creates a namespace bind-mounted at {@code file} (created empty), with {@code lo} up. */
    public Netns create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            return call(() -> {
                try {
                    LibC.INSTANCE.unshare(LibC.CLONE_NEWNET);
                } catch (LastErrorException e) {
                    throw new IOException(Errno.describe("unshare(CLONE_NEWNET)", e));
                }
                try {
                    LibC.INSTANCE.mount("/proc/thread-self/ns/net", file.toString(), null, LibC.MS_BIND, null);
                    return openHere(file);
                } finally {
                    returnHome();
                }
            });
        } catch (IOException | RuntimeException e) {
            remove(file);
            throw e;
        }
    }

    /** Opens an existing namespace (after a daemon restart, or to add a second interface). */
    public Netns open(Path file) throws IOException {
        return call(() -> {
            int fd;
            try {
                fd = LibC.INSTANCE.open(file.toString(), O_FLAGS, 0);
            } catch (LastErrorException e) {
                throw new IOException(Errno.describe("open " + file, e));
            }
            try {
                LibC.INSTANCE.setns(fd, LibC.CLONE_NEWNET);
            } catch (LastErrorException e) {
                LibC.INSTANCE.close(fd);
                throw new IOException(Errno.describe("setns " + file, e));
            }
            try {
                return new Netns(file, fd, Rtnl.open());
            } catch (RuntimeException e) {
                LibC.INSTANCE.close(fd);
                throw e;
            } finally {
                returnHome();
            }
        });
    }

    /** Unmounts and deletes a namespace file; the kernel frees the namespace once nothing uses it. */
    public static void remove(Path file) {
        try {
            LibC.INSTANCE.umount2(file.toString(), LibC.MNT_DETACH);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.EINVAL && e.getErrorCode() != Errno.ENOENT) {
                LOG.warning(Errno.describe("umount " + file, e));
            }
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warning("cannot delete " + file + ": " + e.getMessage());
        }
    }

    private Netns openHere(Path file) {
        int fd = LibC.INSTANCE.open(file.toString(), O_FLAGS, 0);
        Rtnl rtnl;
        try {
            rtnl = Rtnl.open();
        } catch (RuntimeException e) {
            LibC.INSTANCE.close(fd);
            throw e;
        }
        try {
            rtnl.up(rtnl.index("lo"));
        } catch (RuntimeException e) {
            rtnl.close();
            LibC.INSTANCE.close(fd);
            throw e;
        }
        return new Netns(file, fd, rtnl);
    }

    private void returnHome() {
        try {
            LibC.INSTANCE.setns(hostNsFd, LibC.CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw new WrongNamespaceError(Errno.describe("setns back to the host namespace", e));
        }
    }

    private <T> T call(Callable<T> task) throws IOException {
        if (closed) {
            throw new IOException("netns thread stopped");
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        queue.add(() -> {
            try {
                f.complete(task.call());
            } catch (WrongNamespaceError e) {
                f.completeExceptionally(new IOException(e.getMessage()));
                throw e;
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c.getMessage(), c);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        LibC.INSTANCE.close(hostNsFd);
    }

    private static final class WrongNamespaceError extends Error {
        WrongNamespaceError(String message) {
            super(message);
        }
    }
}
