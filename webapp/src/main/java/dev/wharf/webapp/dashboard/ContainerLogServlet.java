package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.ContainerRuntimeService;
import dev.wharf.controlplane.application.ContainerRuntimeService.LogOptions;
import dev.wharf.controlplane.application.ContainerService;
import dev.wharf.controlplane.domain.shared.DomainException;
import dev.wharf.controlplane.infrastructure.dockerapi.DockerResponse;
import dev.wharf.controlplane.infrastructure.dockerapi.StdStreamReader;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A container's log for the log viewer, streamed from its host through the Docker API tunnel
 * ({@link ContainerRuntimeService#openLogs}). Under {@code /app/}, so it needs a login session; every role may
 * read logs, as in the REST API.
 *
 * <p>{@code GET /app/logs?id=ID&tail=200&since=SECONDS_AGO&follow=1&timestamps=1} answers Server-Sent Events:
 * {@code event: line} with {@code data: o<text>} (stdout) or {@code e<text>} (stderr) per line,
 * {@code event: failure} with a message the page shows, and {@code event: end} when the log ends.
 * {@code &download=1} answers the whole log as a text file instead.
 */
@WebServlet(urlPatterns = "/app/logs", asyncSupported = true)
public class ContainerLogServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(ContainerLogServlet.class.getName());
    /** A line longer than this is cut, so a log without newlines cannot grow a line without bound. */
    static final int MAX_LINE = 64 * 1024;

    @Inject
    ContainerRuntimeService runtime;

    @Inject
    ContainerService containers;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = request.getParameter("id");
        LogOptions options;
        try {
            String tail = blank(request.getParameter("tail")) ? "all" : request.getParameter("tail").trim();
            String since = request.getParameter("since");
            Long sinceEpoch = blank(since) ? null : Instant.now().getEpochSecond() - Long.parseLong(since.trim());
            boolean download = "1".equals(request.getParameter("download"));
            options = new LogOptions(download ? "all" : tail, sinceEpoch,
                    !download && "1".equals(request.getParameter("follow")),
                    "1".equals(request.getParameter("timestamps")));
            if (download) {
                download(id, options, response);
                return;
            }
        } catch (NumberFormatException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "since must be a number of seconds");
            return;
        } catch (DomainException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        response.flushBuffer();
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        new LogStream(async, id, options).start();
    }

    private void download(String id, LogOptions options, HttpServletResponse response) throws IOException {
        String name = containers.get(id).name();
        try (DockerResponse logs = runtime.openLogs(id, options)) {
            response.setContentType("text/plain; charset=utf-8");
            response.setHeader("Content-Disposition", "attachment; filename=\"" + name + ".log\"");
            OutputStream out = response.getOutputStream();
            StdStreamReader reader = StdStreamReader.of(logs);
            for (StdStreamReader.Frame f = reader.next(); f != null; f = reader.next()) {
                out.write(f.data());
            }
        }
    }

    /** One viewer's followed log: a reader task on the host stream, a ping that notices a viewer gone. */
    private final class LogStream implements AsyncListener {
        private final AsyncContext async;
        private final String id;
        private final LogOptions options;
        private volatile DockerResponse logs;
        private volatile ScheduledFuture<?> ping;
        private volatile boolean closed;

        LogStream(AsyncContext async, String id, LogOptions options) {
            this.async = async;
            this.id = id;
            this.options = options;
        }

        void start() {
            async.addListener(this);
            ping = scheduler.scheduleAtFixedRate(() -> send(": ping\n\n"), 15, 15, TimeUnit.SECONDS);
            executor.execute(this::pump);
        }

        private void pump() {
            try {
                logs = runtime.openLogs(id, options);
                if (closed) {
                    return;
                }
                StdStreamReader reader = StdStreamReader.of(logs);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                for (StdStreamReader.Frame f = reader.next(); f != null && !closed; f = reader.next()) {
                    boolean stderr = f.stream() == StdStreamReader.Kind.STDERR;
                    lines(stderr ? err : out, f.data(), stderr ? 'e' : 'o');
                }
                flushRest(out, 'o');
                flushRest(err, 'e');
                send("event: end\ndata: \n\n");
            } catch (DomainException e) {
                send("event: failure\ndata: " + oneLine(e.getMessage()) + "\n\n");
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.log(Level.INFO, "log stream of container " + id + " ended", e);
                    send("event: failure\ndata: " + oneLine("the log stream broke off: " + e.getMessage()) + "\n\n");
                }
            } finally {
                close();
            }
        }

        private void lines(ByteArrayOutputStream pending, byte[] data, char kind) {
            StringBuilder batch = new StringBuilder();
            for (byte b : data) {
                if (b == '\n' || pending.size() >= MAX_LINE) {
                    batch.append("event: line\ndata: ").append(kind)
                            .append(oneLine(pending.toString(StandardCharsets.UTF_8))).append("\n\n");
                    pending.reset();
                    if (b == '\n') {
                        continue;
                    }
                }
                pending.write(b);
            }
            if (!batch.isEmpty()) {
                send(batch.toString());
            }
        }

        private void flushRest(ByteArrayOutputStream pending, char kind) {
            if (pending.size() > 0) {
                send("event: line\ndata: " + kind + oneLine(pending.toString(StandardCharsets.UTF_8)) + "\n\n");
            }
        }

        private synchronized void send(String event) {
            if (closed) {
                return;
            }
            try {
                OutputStream out = async.getResponse().getOutputStream();
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException | IllegalStateException e) {
                close(); // the viewer went away
            }
        }

        private void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (ping != null) {
                ping.cancel(false);
            }
            DockerResponse l = logs;
            if (l != null) {
                l.close();
            }
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // already completed by the container
            }
        }

        @Override public void onComplete(AsyncEvent event) { close(); }
        @Override public void onTimeout(AsyncEvent event) { close(); }
        @Override public void onError(AsyncEvent event) { close(); }
        @Override public void onStartAsync(AsyncEvent event) { }
    }

    /** SSE data may not hold line breaks; a carriage return in a log line is dropped. */
    static String oneLine(String s) {
        return s == null ? "" : s.replace("\r", "").replace("\n", " ");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
