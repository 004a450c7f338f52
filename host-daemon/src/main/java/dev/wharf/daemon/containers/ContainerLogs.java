package dev.wharf.daemon.containers;

import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.api.ApiExchange;
import dev.wharf.daemon.logs.LogEntry;
import dev.wharf.daemon.logs.LogQuery;
import dev.wharf.daemon.logs.LogReader;
import dev.wharf.daemon.logs.StdFrames;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/** {@code GET /containers/{id}/logs}: stdout/stderr kept apart (8-byte frames unless TTY), tail, since/until, timestamps, follow. */
final class ContainerLogs {
    private ContainerLogs() {
    }

    static void serve(Containers ctx, Container c, ApiExchange ex) throws IOException, InterruptedException {
        boolean stdout = ex.queryBool("stdout", false);
        boolean stderr = ex.queryBool("stderr", false);
        if (!stdout && !stderr) {
            throw ApiException.badRequest("Bad parameters: you must choose at least one stream");
        }
        boolean follow = ex.queryBool("follow", false);
        boolean timestamps = ex.queryBool("timestamps", false);
        LogQuery q = new LogQuery(stdout, stderr, tail(ex.query("tail")), time(ex.query("since"), "since"),
                time(ex.query("until"), "until"), follow);
        Future<?> stopped;
        synchronized (c) {
            stopped = c.state().isRunning() || c.state().status() == ContainerState.Status.RESTARTING
                    ? c.nextExit() : CompletableFuture.completedFuture(null);
        }
        OutputStream body = ex.stream(200, c.tty() ? "application/vnd.docker.raw-stream"
                : "application/vnd.docker.multiplexed-stream");
        BufferedOutputStream buffered = new BufferedOutputStream(body, 64 * 1024);
        StdFrames frames = c.tty() ? StdFrames.raw(buffered) : StdFrames.multiplexed(buffered);
        LogReader reader = new LogReader(c.paths().logPath(), ctx.inotify);
        try {
            reader.read(q, e -> {
                int stream = e.stream() == LogEntry.Stream.STDOUT ? StdFrames.STDOUT : StdFrames.STDERR;
                if (timestamps) {
                    byte[] ts = (DateTimeFormatter.ISO_INSTANT.format(e.time()) + " ").getBytes(StandardCharsets.US_ASCII);
                    byte[] p = e.payload();
                    byte[] all = new byte[ts.length + p.length];
                    System.arraycopy(ts, 0, all, 0, ts.length);
                    System.arraycopy(p, 0, all, ts.length, p.length);
                    frames.write(stream, all);
                } else {
                    frames.write(stream, e.payload());
                }
                if (follow) {
                    buffered.flush(); // a follower wants each line as it comes
                }
            }, stopped, ex::isOpen);
            buffered.flush();
        } finally {
            body.close();
        }
    }

    static int tail(String v) {
        if (v == null || v.isEmpty() || v.equals("all")) {
            return -1;
        }
        try {
            return Math.max(-1, Integer.parseInt(v));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid value for \"tail\": \"" + v + "\" is not a number or \"all\"");
        }
    }

    /** Docker's since/until: seconds since the epoch with optional fraction; 0 or absent = no bound. */
    static Instant time(String v, String name) {
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(v);
            if (d.signum() <= 0) {
                return null;
            }
            long secs = d.longValue();
            long nanos = d.subtract(BigDecimal.valueOf(secs)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(secs, nanos);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid value for \"" + name + "\": \"" + v + "\" is not a timestamp");
        }
    }
}
