package dev.wharf.daemon.containers;

import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.api.ApiExchange;
import dev.wharf.daemon.logs.AttachSocket;
import dev.wharf.daemon.logs.LogQuery;
import dev.wharf.daemon.logs.LogReader;
import dev.wharf.daemon.logs.StdFrames;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /containers/{id}/attach}: the hijacked connection is joined to conmon's attach socket — output as
 * 8-byte frames (raw with a TTY), the client's bytes to the container's stdin. Attaching before start (as
 * {@code docker run} does) connects the socket right after the runtime created the process and before it runs,
 * so no output is missed.
 */
final class AttachSession {
    private static final Logger LOG = Logger.getLogger(AttachSession.class.getName());
    private static final long ACCEPT_WAIT_MILLIS = 5_000;

    private AttachSession() {
    }

    static void serve(Containers ctx, Container c, ApiExchange ex) throws IOException, InterruptedException {
        boolean stdin = ex.queryBool("stdin", false);
        boolean stdout = ex.queryBool("stdout", false);
        boolean stderr = ex.queryBool("stderr", false);
        boolean stream = ex.queryBool("stream", false);
        boolean logs = ex.queryBool("logs", false);
        if (c.state().status() == ContainerState.Status.PAUSED) {
            throw ApiException.conflict("You cannot attach to a paused container, unpause it first");
        }
        // joined to the next start before the client hears 101: `docker run` sends its start only after the
        // upgrade, and a start (and exit) slipping in between would leave this attach waiting for a start to come
        CompletableFuture<AttachSocket> socket = stream ? joinOutput(c) : null;
        ApiExchange.RawStream raw;
        try {
            raw = ex.hijack(c.tty() ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream");
        } catch (RuntimeException e) {
            release(socket);
            throw e;
        }
        StdFrames frames = c.tty() ? StdFrames.raw(raw.out()) : StdFrames.multiplexed(raw.out());
        ctx.events.publish("container", "attach", c.id(), EventAttributes.of(c));
        try {
            if (logs) {
                new LogReader(c.paths().logPath(), ctx.inotify).read(new LogQuery(stdout, stderr, -1, null, null, false),
                        e -> frames.write(e.stream() == dev.wharf.daemon.logs.LogEntry.Stream.STDOUT ? StdFrames.STDOUT : StdFrames.STDERR, e.payload()),
                        CompletableFuture.completedFuture(null), ex::isOpen);
            }
            if (stream) {
                pump(c, ex, socket, raw, frames, stdin && c.config().path("OpenStdin").asBoolean(false), stdout, stderr);
            }
        } finally {
            release(socket);
            raw.out().close();
        }
    }

    /** Gives up a joined attach socket: a start still to come will not connect it, a connected one is closed. */
    private static void release(CompletableFuture<AttachSocket> socket) {
        if (socket != null && !socket.cancel(false) && !socket.isCompletedExceptionally()) {
            socket.join().close();
        }
    }

    /** conmon's attach socket: now if the container runs, else right after its next start creates the process. */
    private static CompletableFuture<AttachSocket> joinOutput(Container c) {
        CompletableFuture<AttachSocket> socket = new CompletableFuture<>();
        Consumer<Container> connect = cc -> {
            if (socket.isDone()) {
                return; // the client left before the start
            }
            try {
                AttachSocket s = AttachSocket.connect(cc.paths().attachSocket());
                if (!socket.complete(s)) {
                    s.close(); // the client left between the check above and now
                }
            } catch (IOException e) {
                socket.completeExceptionally(e);
            }
        };
        synchronized (c) {
            if (c.state().isRunning()) {
                connect.accept(c);
            } else {
                c.onNextStart(connect.andThen(cc -> awaitAccepted(cc, socket)));
            }
        }
        return socket;
    }

    private static void pump(Container c, ApiExchange ex, CompletableFuture<AttachSocket> socket,
                             ApiExchange.RawStream raw, StdFrames frames, boolean stdin, boolean stdout, boolean stderr)
            throws InterruptedException {
        ex.onClose(() -> {
            if (!socket.cancel(false) && !socket.isCompletedExceptionally()) {
                socket.join().shutdown();
            }
        });
        AttachSocket s;
        try {
            s = socket.get();
        } catch (CancellationException | ExecutionException e) {
            if (e instanceof ExecutionException) {
                LOG.log(Level.FINE, "attach to " + c + " failed", e.getCause());
            }
            return;
        }
        try {
            if (!ex.isOpen()) {
                return;
            }
            if (stdin) {
                Thread in = new Thread(() -> copyStdin(raw.in(), s, c.config().path("StdinOnce").asBoolean(false)),
                        "attach-stdin-" + c.id().substring(0, 12));
                in.setDaemon(true);
                in.start();
            }
            AttachSocket.Message m;
            while ((m = s.receive()) != null) {
                boolean isErr = m.stream() == AttachSocket.CONMON_STDERR;
                if (isErr ? stderr : stdout) {
                    frames.write(isErr ? StdFrames.STDERR : StdFrames.STDOUT, m.data());
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "attach to " + c + " ended", e);
        } finally {
            s.close();
        }
    }

    /** Before a start: lets conmon accept the connection first, so the container's first output is not missed. */
    private static void awaitAccepted(Container c, CompletableFuture<AttachSocket> socket) {
        if (!socket.isDone() || socket.isCompletedExceptionally()) {
            return; // not connected, or the client left
        }
        AttachSocket s = socket.join();
        try {
            if (!s.awaitAccepted(ACCEPT_WAIT_MILLIS)) {
                LOG.warning(() -> "conmon did not accept the attach of " + c + " within " + ACCEPT_WAIT_MILLIS
                        + " ms; its first output may reach only the log");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copyStdin(InputStream in, AttachSocket s, boolean stdinOnce) {
        byte[] buf = new byte[32 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                s.send(buf, 0, n);
            }
            if (stdinOnce) {
                s.closeStdin();
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "attach stdin ended", e);
        }
    }
}
