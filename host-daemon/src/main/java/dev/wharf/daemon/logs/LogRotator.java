package dev.wharf.daemon.logs;

import dev.wharf.daemon.linux.Fifo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Size-based rotation (Docker's {@code max-size}/{@code max-file}) of a log that conmon writes: when the live
 * file passes {@code maxSize}, it is renamed to {@code .1} (older ones shift, the oldest beyond
 * {@code maxFile - 1} is deleted) and conmon is told through its ctl fifo ({@code "2 0 0"}) to reopen. conmon
 * keeps writing into the renamed inode until it reopens, so no line is lost.
 */
public final class LogRotator implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogRotator.class.getName());

    private final Path log;
    private final Path ctlFifo;
    private final long maxSize;
    private final int maxFile;
    private final Inotify.Watch watch;
    private boolean awaitingReopen;

    private LogRotator(Inotify inotify, Path log, Path ctlFifo, long maxSize, int maxFile) throws IOException {
        this.log = log;
        this.ctlFifo = ctlFifo;
        this.maxSize = maxSize;
        this.maxFile = Math.max(1, maxFile);
        String name = log.getFileName().toString();
        this.watch = inotify.watch(log.getParent(), Inotify.IN_MODIFY | Inotify.IN_CREATE | Inotify.IN_MOVED_TO, e -> {
            if (e.name() == null || e.name().equals(name)) {
                check();
            }
        });
    }

    /** Watches {@code log}; returns null when no rotation was asked for ({@code maxSize <= 0}). */
    public static LogRotator start(Inotify inotify, Path log, Path ctlFifo, long maxSize, int maxFile) throws IOException {
        if (maxSize <= 0) {
            return null;
        }
        LogRotator r = new LogRotator(inotify, log, ctlFifo, maxSize, maxFile);
        r.check();
        return r;
    }

    synchronized void check() {
        try {
            if (!Files.exists(log)) {
                return;
            }
            if (awaitingReopen) {
                // conmon made a fresh ctr.log: it reopened
                awaitingReopen = false;
                if (maxFile == 1) {
                    Files.deleteIfExists(LogFiles.rotated(log, 1));
                }
            }
            if (Files.size(log) >= maxSize) {
                rotate();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot rotate " + log + ": " + e.getMessage());
        }
    }

    private void rotate() throws IOException {
        int keep = Math.max(1, maxFile - 1);
        Files.deleteIfExists(LogFiles.rotated(log, keep));
        for (int i = keep - 1; i >= 1; i--) {
            Path from = LogFiles.rotated(log, i);
            if (Files.exists(from)) {
                Files.move(from, LogFiles.rotated(log, i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(log, LogFiles.rotated(log, 1), StandardCopyOption.ATOMIC_MOVE);
        // false when there is no reader: conmon is gone, nothing writes the log any more
        awaitingReopen = Fifo.write(ctlFifo, "2 0 0\n");
    }

    @Override
    public void close() {
        watch.close();
    }
}
