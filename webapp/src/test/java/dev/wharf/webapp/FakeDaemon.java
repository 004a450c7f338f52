package dev.wharf.webapp;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A daemon's end of the Docker API tunnel over a real WebSocket, as dev.wharf.daemon.agent.DockerApiTunnel
 * speaks it: {@code [stream id BE32][type][payload]} messages; OPEN starts a connection, the request arrives in
 * DATA messages, the answer goes back as DATA (in small pieces) and EOF. Answers are canned by a handler.
 */
final class FakeDaemon implements AutoCloseable {

    static final byte OPEN = 1;
    static final byte DATA = 2;
    static final byte EOF = 3;
    static final byte RESET = 4;

    /** A request as the daemon's socket would see it. */
    record Request(String line, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** The raw answer; {@code keepOpen} leaves the stream open afterwards (a followed log). */
    record Answer(byte[] bytes, boolean keepOpen) {
        static Answer of(String raw) {
            return new Answer(raw.getBytes(StandardCharsets.ISO_8859_1), false);
        }

        static Answer json(int status, String json) {
            return of("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: "
                    + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json);
        }

        /** A chunked answer with one chunk holding {@code body}. */
        static Answer chunked(String contentType, byte[] body, boolean keepOpen) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(body);
            out.writeBytes((keepOpen ? "\r\n" : "\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new Answer(out.toByteArray(), keepOpen);
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    final List<Integer> resets = new CopyOnWriteArrayList<>();
    private final Function<Request, Answer> handler;
    private final Map<Integer, ByteArrayOutputStream> streams = new ConcurrentHashMap<>();
    private final Object sendLock = new Object();
    private final WebSocket socket;

    private FakeDaemon(URI tunnel, String credential, Function<Request, Answer> handler) throws Exception {
        this.handler = handler;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + credential).connectTimeout(Duration.ofSeconds(10))
                .buildAsync(tunnel, new Listener()).get(20, TimeUnit.SECONDS);
    }

    static FakeDaemon connect(URI base, String credential, Function<Request, Answer> handler) throws Exception {
        URI tunnel = URI.create(base.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/api/v1/agent/tunnel");
        return new FakeDaemon(tunnel, credential, handler);
    }

    /** A multiplexed-stream frame. */
    static byte[] frame(int stream, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + data.length).put((byte) stream).put(new byte[3]).putInt(data.length).put(data).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.writeBytes(chunk);
            if (last) {
                ByteBuffer msg = ByteBuffer.wrap(partial.toByteArray());
                partial.reset();
                int stream = msg.getInt();
                byte type = msg.get();
                byte[] payload = new byte[msg.remaining()];
                msg.get(payload);
                handle(stream, type, payload);
            }
            ws.request(1);
            return null;
        }
    }

    private void handle(int stream, byte type, byte[] payload) {
        switch (type) {
            case OPEN -> streams.put(stream, new ByteArrayOutputStream());
            case DATA -> {
                ByteArrayOutputStream buf = streams.get(stream);
                if (buf == null) {
                    return; // upgraded stream input, or a late write: ignored
                }
                buf.writeBytes(payload);
                answerIfComplete(stream, buf);
            }
            case RESET -> {
                resets.add(stream);
                streams.remove(stream);
            }
            default -> { }
        }
    }

    private void answerIfComplete(int stream, ByteArrayOutputStream buf) {
        byte[] all = buf.toByteArray();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return;
        }
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new ConcurrentHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        if (all.length < end + 4 + length) {
            return;
        }
        byte[] body = new byte[length];
        System.arraycopy(all, end + 4, body, 0, length);
        streams.remove(stream);
        Request request = new Request(lines[0], headers, body);
        requests.add(request);
        Answer answer = handler.apply(request);
        Thread sender = new Thread(() -> {
            byte[] bytes = answer.bytes();
            for (int at = 0; at < bytes.length; at += 10) {
                send(stream, DATA, java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 10)));
            }
            if (!answer.keepOpen()) {
                send(stream, EOF, new byte[0]);
            }
        });
        sender.setDaemon(true);
        sender.start();
    }

    void send(int stream, byte type, byte[] payload) {
        ByteBuffer msg = ByteBuffer.allocate(5 + payload.length).putInt(stream).put(type).put(payload).flip();
        synchronized (sendLock) {
            socket.sendBinary(msg, true).join();
        }
    }

    @Override
    public void close() {
        socket.abort();
    }
}
