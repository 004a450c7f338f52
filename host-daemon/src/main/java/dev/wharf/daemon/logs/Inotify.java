package dev.wharf.daemon.logs;

import com.sun.jna.LastErrorException;
import dev.wharf.daemon.linux.Errno;
import dev.wharf.daemon.linux.LibC;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One inotify instance (through JNA) for the whole daemon: directory watches shared by many listeners, events
 * read by a single daemon thread and handed to listeners by file name. Used for conmon's exit files, log
 * rotation and {@code logs --follow}; nothing in the daemon polls files.
 */
public final class Inotify implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Inotify.class.getName());
    public static final int IN_MODIFY = 0x2;
    public static final int IN_ATTRIB = 0x4;
    public static final int IN_CLOSE_WRITE = 0x8;
    public static final int IN_MOVED_FROM = 0x40;
    public static final int IN_MOVED_TO = 0x80;
    public static final int IN_CREATE = 0x100;
    public static final int IN_DELETE = 0x200;
    private static final int IN_Q_OVERFLOW = 0x4000;
    private static final int IN_IGNORED = 0x8000;
    private static final int IN_CLOEXEC = 02000000;

    /** A file event in a watched directory; {@code name} is null when events were lost (recheck everything). */
    public record Event(String name, int mask) {
    }

    /** A registration; closing it stops the events (and drops the kernel watch when it was the last). */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    private record Listener(int mask, Consumer<Event> consumer) {
    }

    private final int fd;
    private final Map<Integer, List<Listener>> listeners = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean closed;

    public Inotify() throws IOException {
        try {
            fd = LibC.INSTANCE.inotify_init1(IN_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException(Errno.describe("inotify_init1", e));
        }
        reader = new Thread(this::readLoop, "inotify");
        reader.setDaemon(true);
        reader.start();
    }

    /** Watches {@code dir} for {@code mask} events (IN_* bits) on files in it. */
    public Watch watch(Path dir, int mask, Consumer<Event> consumer) throws IOException {
        int wd;
        Listener self = new Listener(mask, consumer);
        synchronized (listeners) {
            try {
                // IN_MASK_ADD keeps the bits other listeners of the same dir asked for
                wd = LibC.INSTANCE.inotify_add_watch(fd, dir.toString(), mask | 0x20000000);
            } catch (LastErrorException e) {
                throw new IOException(Errno.describe("inotify_add_watch " + dir, e));
            }
            listeners.computeIfAbsent(wd, k -> new CopyOnWriteArrayList<>()).add(self);
        }
        int watchDescriptor = wd;
        return () -> {
            synchronized (listeners) {
                List<Listener> l = listeners.get(watchDescriptor);
                if (l == null) {
                    return;
                }
                l.remove(self);
                if (l.isEmpty()) {
                    listeners.remove(watchDescriptor);
                    try {
                        LibC.INSTANCE.inotify_rm_watch(fd, watchDescriptor);
                    } catch (LastErrorException e) {
                        // the dir is gone: the kernel dropped the watch already
                    }
                }
            }
        };
    }

    private void readLoop() {
        byte[] buf = new byte[64 * 1024];
        while (!closed) {
            long n;
            try {
                n = LibC.INSTANCE.read(fd, buf, buf.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EINTR) {
                    continue;
                }
                if (!closed) {
                    LOG.log(Level.SEVERE, Errno.describe("read inotify", e));
                }
                return;
            }
            ByteBuffer b = ByteBuffer.wrap(buf, 0, (int) n).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 16) {
                int wd = b.getInt();
                int mask = b.getInt();
                b.getInt(); // cookie
                int len = b.getInt();
                String name = null;
                if (len > 0) {
                    byte[] raw = new byte[len];
                    b.get(raw);
                    int end = 0;
                    while (end < len && raw[end] != 0) {
                        end++;
                    }
                    name = new String(raw, 0, end, StandardCharsets.UTF_8);
                }
                dispatch(wd, mask, name);
            }
        }
    }

    private void dispatch(int wd, int mask, String name) {
        if ((mask & IN_Q_OVERFLOW) != 0) {
            listeners.values().forEach(ls -> ls.forEach(l -> deliver(l, new Event(null, mask))));
            return;
        }
        if ((mask & IN_IGNORED) != 0) {
            listeners.remove(wd);
            return;
        }
        List<Listener> ls = listeners.get(wd);
        if (ls == null) {
            return;
        }
        for (Listener l : ls) {
            if ((l.mask & mask) != 0) {
                deliver(l, new Event(name, mask));
            }
        }
    }

    private static void deliver(Listener l, Event e) {
        try {
            l.consumer.accept(e);
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "inotify listener failed", ex);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            LibC.INSTANCE.close(fd);
        } catch (LastErrorException ignored) {
            // already closed
        }
    }
}
