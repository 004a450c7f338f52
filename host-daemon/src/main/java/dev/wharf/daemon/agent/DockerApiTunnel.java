package dev.wharf.daemon.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The daemon's end of the Docker API tunnel: a WebSocket the daemon dials out to the control plane, over which
 * the control plane opens streams to this daemon's own Docker API socket (logs, exec, pulls with progress),
 * so a host behind NAT is still fully reachable. Each stream is a plain connection to the local socket; bytes
 * are relayed unchanged in both directions.
 */
public final class DockerApiTunnel implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DockerApiTunnel.class.getName());

    private final URI uri;
    private final Supplier<String> credential;
    private final Path apiSocket;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Integer, Stream> streams = new ConcurrentHashMap<>();
    private final Object sendLock = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile WebSocket socket;

    public DockerApiTunnel(String controlPlaneUrl, Supplier<String> credential, Path apiSocket) {
        String base = controlPlaneUrl.replaceFirst("^http", "ws");
        this.uri = URI.create((base.endsWith("/") ? base : base + "/") + "api/v1/agent/tunnel");
        this.credential = credential;
        this.apiSocket = apiSocket;
        this.thread = new Thread(this::loop, "agent-tunnel");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        long backoffMs = 1000;
        while (running) {
            String token = credential.get();
            if (token == null) {
                pause(1000);
                continue;
            }
            CompletableFuture<Void> closed = new CompletableFuture<>();
            try {
                socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                        .connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, new Listener(closed)).get(15, TimeUnit.SECONDS);
                LOG.fine("tunnel connected to " + uri);
                backoffMs = 1000;
                closed.get();
            } catch (Exception e) {
                LOG.log(Level.FINE, "tunnel", e);
                LOG.info("Docker API tunnel to the control plane is down (" + rootMessage(e) + "); retrying");
            } finally {
                resetAll();
            }
            pause(backoffMs);
            backoffMs = Math.min(backoffMs * 2, 30_000);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final CompletableFuture<Void> closed;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        Listener(CompletableFuture<Void> closed) {
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.writeBytes(chunk);
            if (last) {
                byte[] msg = partial.toByteArray();
                partial.reset();
                try {
                    handle(TunnelFrame.decode(ByteBuffer.wrap(msg)));
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "bad tunnel message", e);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(null);
        }
    }

    private void handle(TunnelFrame f) {
        switch (f.type()) {
            case TunnelFrame.OPEN -> open(f.stream());
            case TunnelFrame.DATA -> {
                Stream st = streams.get(f.stream());
                if (st == null) {
                    send(new TunnelFrame(f.stream(), TunnelFrame.RESET, "unknown stream".getBytes(StandardCharsets.UTF_8)));
                    return;
                }
                st.writes.add(f.payload());
            }
            case TunnelFrame.EOF -> {
                Stream st = streams.get(f.stream());
                if (st != null) {
                    st.writes.add(Stream.EOF);
                }
            }
            case TunnelFrame.RESET -> close(f.stream());
            default -> reset(f.stream(), "unknown message type " + f.type());
        }
    }

    /**
     * One tunnelled connection to the local API. Bytes from the control plane are written by the stream's own
     * writer thread, so one stream the API is slow to read (a large load) never stalls the others.
     */
    private static final class Stream {
        static final byte[] EOF = new byte[0];
        final SocketChannel channel;
        final java.util.concurrent.LinkedBlockingQueue<byte[]> writes = new java.util.concurrent.LinkedBlockingQueue<>();

        Stream(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private void open(int stream) {
        close(stream); // a re-OPEN of a live id replaces it
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(apiSocket));
            Stream st = new Stream(ch);
            streams.put(stream, st);
            Thread pump = new Thread(() -> pump(stream, ch), "tunnel-stream-" + stream);
            pump.setDaemon(true);
            pump.start();
            Thread writer = new Thread(() -> write(stream, st), "tunnel-write-" + stream);
            writer.setDaemon(true);
            writer.start();
        } catch (IOException e) {
            send(new TunnelFrame(stream, TunnelFrame.RESET, ("cannot reach the Docker API: " + e.getMessage()).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void write(int stream, Stream st) {
        try {
            while (st.channel.isOpen()) {
                byte[] b = st.writes.poll(1, TimeUnit.SECONDS);
                if (b == null) {
                    continue;
                }
                if (b == Stream.EOF) {
                    st.channel.shutdownOutput();
                    return;
                }
                ByteBuffer buf = ByteBuffer.wrap(b);
                while (buf.hasRemaining()) {
                    st.channel.write(buf);
                }
            }
        } catch (IOException e) {
            if (streams.get(stream) == st) {
                reset(stream, "write to the Docker API failed: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Relays the daemon's response bytes to the control plane until the local connection ends. */
    private void pump(int stream, SocketChannel ch) {
        ByteBuffer buf = ByteBuffer.allocate(TunnelFrame.MAX_PAYLOAD);
        try {
            while (true) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    break;
                }
                if (n > 0) {
                    byte[] payload = new byte[n];
                    buf.flip();
                    buf.get(payload);
                    send(new TunnelFrame(stream, TunnelFrame.DATA, payload));
                }
            }
            send(new TunnelFrame(stream, TunnelFrame.EOF, new byte[0]));
        } catch (IOException e) {
            if (streams.containsKey(stream)) {
                send(new TunnelFrame(stream, TunnelFrame.RESET, ("read from the Docker API failed: " + e.getMessage()).getBytes(StandardCharsets.UTF_8)));
            }
        } finally {
            close(stream);
        }
    }

    /** java.net.http.WebSocket allows one outstanding send: serialize them. */
    private void send(TunnelFrame f) {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        synchronized (sendLock) {
            try {
                ws.sendBinary(f.encode(), true).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.log(Level.FINE, "tunnel send failed", e);
                ws.abort();
            }
        }
    }

    private void reset(int stream, String reason) {
        send(new TunnelFrame(stream, TunnelFrame.RESET, reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8)));
        close(stream);
    }

    private void close(int stream) {
        Stream st = streams.remove(stream);
        if (st != null) {
            try {
                st.channel.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private void resetAll() {
        for (Integer id : streams.keySet()) {
            close(id);
        }
        socket = null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private void pause(long ms) {
        synchronized (this) {
            try {
                if (running) {
                    wait(ms);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        resetAll();
        synchronized (this) {
            notifyAll();
        }
    }
}
