package dev.wharf.daemon.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Reads a container's k8s-file log (all rotated files, then the live one) with Docker's options: stream
 * selection, tail N, since/until, and follow. Follow reads what was appended whenever inotify reports a change
 * in the log's directory, and moves to the new file after a rotation (ours or conmon's) once the old one is
 * drained, so no line is skipped or repeated.
 */
public final class LogReader {
    /** Receives matching entries in order. */
    public interface Sink {
        void accept(LogEntry e) throws IOException;
    }

    private final Path log;
    private final Inotify inotify;

    public LogReader(Path log, Inotify inotify) {
        this.log = log;
        this.inotify = inotify;
    }

    /**
     * Sends what {@code q} selects to {@code sink}. With follow, keeps going until {@code stopped} is done (the
     * container exited) and the file is drained, or {@code open} turns false (the client left).
     */
    public void read(LogQuery q, Sink sink, Future<?> stopped, BooleanSupplier open) throws IOException, InterruptedException {
        Semaphore changed = new Semaphore(0);
        String name = log.getFileName().toString();
        Inotify.Watch watch = q.follow() && Files.isDirectory(log.getParent())
                ? inotify.watch(log.getParent(), Inotify.IN_MODIFY | Inotify.IN_CREATE | Inotify.IN_MOVED_TO,
                        e -> {
                            if (e.name() == null || e.name().equals(name)) {
                                changed.release();
                            }
                        })
                : null;
        List<Opened> files;
        try {
            files = openAll();
        } catch (IOException | RuntimeException e) {
            if (watch != null) {
                watch.close();
            }
            throw e;
        }
        try {
            Opened last = files.isEmpty() ? null : files.get(files.size() - 1);
            Opened live = q.follow() && last != null && last.live() ? last : null;
            boolean more = readExisting(q, sink, files, live);
            if (!q.follow() || !more) {
                return;
            }
            FileChannel ch = live == null ? open(log) : live.channel();
            Object key = live == null ? fileKey(log) : live.key();
            if (live != null) {
                files.remove(live); // follow owns it now
            }
            follow(q, sink, ch, key, changed, stopped, open);
        } finally {
            for (Opened o : files) {
                o.channel().close();
            }
            if (watch != null) {
                watch.close();
            }
        }
    }

    /** An open log file, its inode key, and whether it was the live {@code ctr.log} when opened. */
    private record Opened(FileChannel channel, Object key, boolean live) {
    }

    /**
     * Opens every file newest first and drops repeats of one inode, so a rotation while we open (a rename of
     * ctr.log to .1, of .1 to .2) can neither skip a file nor read one twice; returns them oldest first.
     */
    private List<Opened> openAll() throws IOException {
        List<Path> paths = LogFiles.oldestFirst(log);
        java.util.LinkedList<Opened> out = new java.util.LinkedList<>();
        java.util.Set<Object> seen = new java.util.HashSet<>();
        try {
            openInto(paths, out, seen);
        } catch (IOException | RuntimeException e) {
            for (Opened o : out) {
                o.channel().close();
            }
            throw e;
        }
        return out;
    }

    private void openInto(List<Path> paths, java.util.LinkedList<Opened> out, java.util.Set<Object> seen) throws IOException {
        for (int i = paths.size() - 1; i >= 0; i--) {
            Path p = paths.get(i);
            for (int attempt = 0; attempt < 3; attempt++) {
                Object before = fileKey(p);
                FileChannel ch = open(p);
                if (ch == null) {
                    break;
                }
                Object after = fileKey(p);
                if (before != null && before.equals(after)) {
                    if (seen.add(before)) {
                        out.addFirst(new Opened(ch, before, p.equals(log)));
                    } else {
                        ch.close();
                    }
                    break;
                }
                ch.close(); // renamed while we opened it: look again
            }
        }
    }

    /** The history from the opened files; the live one (if followed) is left positioned after its last full line. */
    private boolean readExisting(LogQuery q, Sink sink, List<Opened> files, Opened live) throws IOException {
        ArrayDeque<LogEntry> tail = q.tail() >= 0 ? new ArrayDeque<>() : null;
        int[] lines = {0};
        boolean[] stop = {false};
        LineSplitter splitter = new LineSplitter();
        LineSplitter.LineSink lineSink = (b, off, len) -> {
            LogEntry e = LogEntry.parse(b, off, len);
            if (e == null || !q.wants(e)) {
                return true;
            }
            if (q.pastUntil(e)) {
                stop[0] = true;
                return false;
            }
            if (tail == null) {
                sink.accept(e);
                return true;
            }
            if (q.tail() == 0) {
                return true;
            }
            tail.addLast(e);
            if (!e.partial()) {
                lines[0]++;
            }
            while (lines[0] > q.tail()) {
                if (!tail.removeFirst().partial()) {
                    lines[0]--;
                }
            }
            return true;
        };
        byte[] buf = new byte[64 * 1024];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        for (Opened f : files) {
            splitter.reset();
            int n;
            while (!stop[0] && (n = f.channel().read(bb.clear())) > 0) {
                splitter.feed(buf, 0, n, lineSink);
            }
            if (stop[0]) {
                break;
            }
            if (f == live) {
                // an unfinished last line is read again by follow
                f.channel().position(f.channel().position() - splitter.pendingSize());
            }
        }
        if (tail != null) {
            for (LogEntry e : tail) {
                sink.accept(e);
            }
        }
        return !stop[0];
    }

    private void follow(LogQuery q, Sink sink, FileChannel ch, Object key, Semaphore changed, Future<?> stopped,
                        BooleanSupplier open) throws IOException, InterruptedException {
        LineSplitter splitter = new LineSplitter();
        boolean[] stop = {false};
        LineSplitter.LineSink lineSink = (b, off, len) -> {
            LogEntry e = LogEntry.parse(b, off, len);
            if (e == null || !q.wants(e)) {
                return true;
            }
            if (q.pastUntil(e)) {
                stop[0] = true;
                return false;
            }
            sink.accept(e);
            return true;
        };
        byte[] buf = new byte[64 * 1024];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        boolean finalPass = false;
        try {
            while (!stop[0]) {
                if (ch != null) {
                    int n;
                    while (!stop[0] && (n = ch.read(bb.clear())) > 0) {
                        splitter.feed(buf, 0, n, lineSink);
                    }
                }
                Object now = fileKey(log);
                Path next = now != null && !now.equals(key) ? successor(key) : null;
                if (next != null) {
                    // rotated, and the writer moved on: finish the old file, then continue in the one after it
                    Object nextKey = fileKey(next);
                    FileChannel nextCh = open(next);
                    if (nextCh != null && nextKey != null) {
                        if (ch != null) {
                            int n;
                            while (!stop[0] && (n = ch.read(bb.clear())) > 0) {
                                splitter.feed(buf, 0, n, lineSink);
                            }
                            ch.close();
                        }
                        splitter.reset();
                        ch = nextCh;
                        key = nextKey;
                        continue;
                    }
                }
                if (finalPass || !open.getAsBoolean()) {
                    return;
                }
                if (stopped.isDone()) {
                    // conmon flushes the last output before it writes the exit file; one more pass takes it
                    finalPass = true;
                    continue;
                }
                changed.tryAcquire(500, TimeUnit.MILLISECONDS);
                changed.drainPermits();
            }
        } finally {
            if (ch != null) {
                ch.close();
            }
        }
    }

    /**
     * The file written after the one with {@code key}: the next newer rotated file, or the live one. When ours
     * was deleted already (the reader fell behind by max-file rotations), the oldest one left. Null while there is
     * none yet (the writer has not reopened).
     */
    private Path successor(Object key) throws IOException {
        List<Path> order = LogFiles.oldestFirst(log);
        for (int i = 0; i < order.size(); i++) {
            if (key != null && key.equals(fileKey(order.get(i)))) {
                return i + 1 < order.size() ? order.get(i + 1) : null;
            }
        }
        return order.isEmpty() ? null : order.get(0);
    }

    private static FileChannel open(Path p) throws IOException {
        try {
            return FileChannel.open(p, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static Object fileKey(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
