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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host end of the Docker API tunnel for {@link SimulatedDaemon}: a real WebSocket to
 * {@code /api/v1/agent/tunnel} speaking the tunnel protocol (shared/contracts.md), answering the Docker API calls
 * the dashboard makes: container logs (followed: lines pushed with {@link #log}), exec with a TTY (a tiny
 * line shell that knows {@code echo} and {@code exit}), exec resize/inspect, container inspect and stats, and
 * image pulls with per-layer progress. It runs nothing; the browser tests use it to see the dashboard's side of each stream.
 */
final class SimulatedHostApi implements AutoCloseable {

    private static final byte OPEN = 1;
    private static final byte DATA = 2;
    private static final byte EOF = 3;
    private static final byte RESET = 4;

    private final WebSocket socket;
    private final Object sendLock = new Object();
    private final Map<Integer, ByteArrayOutputStream> requests = new ConcurrentHashMap<>();
    private final Map<Integer, Shell> shells = new ConcurrentHashMap<>();
    /** Log lines per container id; followers get new ones as they are added. */
    private final Map<String, List<String>> logs = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> followers = new ConcurrentHashMap<>();
    private final AtomicInteger execs = new AtomicInteger();
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<String> typed = new CopyOnWriteArrayList<>();

    SimulatedHostApi(URI base, String credential) throws Exception {
        URI tunnel = URI.create(base.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/api/v1/agent/tunnel");
        socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + credential)
                .connectTimeout(Duration.ofSeconds(10)).buildAsync(tunnel, new Listener()).get(20, TimeUnit.SECONDS);
    }

    /** Adds a line to the container's log and sends it to every viewer following it. */
    void log(String containerId, String line) {
        logs.computeIfAbsent(containerId, k -> new CopyOnWriteArrayList<>()).add(line);
        for (int stream : followers.getOrDefault(containerId, List.of())) {
            chunk(stream, frame(1, line + "\n"));
        }
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
                try {
                    handle(stream, type, payload);
                } catch (RuntimeException e) {
                    send(stream, RESET, String.valueOf(e).getBytes(StandardCharsets.UTF_8));
                }
            }
            ws.request(1);
            return null;
        }
    }

    private void handle(int stream, byte type, byte[] payload) {
        switch (type) {
            case OPEN -> requests.put(stream, new ByteArrayOutputStream());
            case DATA -> {
                Shell shell = shells.get(stream);
                if (shell != null) {
                    shell.input(payload);
                    return;
                }
                ByteArrayOutputStream buf = requests.get(stream);
                if (buf != null) {
                    buf.writeBytes(payload);
                    answerIfComplete(stream, buf);
                }
            }
            case EOF, RESET -> {
                requests.remove(stream);
                shells.remove(stream);
                followers.values().forEach(list -> list.remove((Integer) stream));
            }
            default -> { }
        }
    }

    private void answerIfComplete(int stream, ByteArrayOutputStream buf) {
        String text = buf.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return;
        }
        int length = 0;
        for (String header : text.substring(0, end).split("\r\n")) {
            if (header.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        if (buf.size() < end + 4 + length) {
            return;
        }
        requests.remove(stream);
        String line = text.substring(0, text.indexOf("\r\n"));
        seen.add(line);
        String path = line.split(" ")[1].replaceFirst("^/v[0-9.]+", "");
        String method = line.split(" ")[0];
        if (method.equals("GET") && path.matches("/containers/[^/]+/logs.*")) {
            String id = path.split("/")[2];
            List<String> lines = logs.getOrDefault(id, List.of());
            raw(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            int tail = path.contains("tail=all") || !path.contains("tail=") ? lines.size()
                    : Integer.parseInt(path.replaceFirst(".*tail=([0-9]+).*", "$1"));
            for (String l : lines.subList(Math.max(0, lines.size() - tail), lines.size())) {
                chunk(stream, frame(1, l + "\n"));
            }
            if (path.contains("follow=1")) {
                followers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(stream);
            } else {
                raw(stream, "0\r\n\r\n");
                send(stream, EOF, new byte[0]);
            }
        } else if (method.equals("POST") && path.matches("/containers/[^/]+/exec")) {
            json(stream, 201, "{\"Id\":\"exec" + execs.incrementAndGet() + "\"}");
        } else if (method.equals("POST") && path.matches("/exec/[^/]+/start")) {
            raw(stream, "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                    + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
            Shell shell = new Shell(stream);
            shells.put(stream, shell);
            shell.prompt();
        } else if (method.equals("POST") && path.matches("/exec/[^/]+/resize.*")) {
            json(stream, 200, "{}");
        } else if (method.equals("GET") && path.matches("/exec/[^/]+/json")) {
            json(stream, 200, "{\"Running\":false,\"ExitCode\":0}");
        } else if (method.equals("GET") && path.matches("/containers/[^/]+/json")) {
            String id = path.split("/")[2];
            json(stream, 200, "{\"Id\":\"" + id + "\",\"State\":{\"Status\":\"running\",\"Running\":true,"
                    + "\"Pid\":4242},\"Config\":{\"Labels\":{\"note\":\"<b>inspected</b>\"}}}");
        } else if (method.equals("GET") && path.matches("/containers/[^/]+/stats\\?stream=false")) {
            json(stream, 200, "{\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":3000000000},\"system_cpu_usage\":"
                    + "20000000000,\"online_cpus\":2},\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":2000000000},"
                    + "\"system_cpu_usage\":10000000000},\"memory_stats\":{\"usage\":52428800,\"limit\":268435456},"
                    + "\"networks\":{\"eth0\":{\"rx_bytes\":2048,\"tx_bytes\":1024}},\"pids_stats\":{\"current\":3}}");
        } else if (method.equals("POST") && path.startsWith("/images/create")) {
            pull(stream);
        } else {
            json(stream, 404, "{\"message\":\"the simulated host does not serve " + path + "\"}");
        }
    }

    /** Two layers downloading in steps, as dockerd reports a pull. */
    private void pull(int stream) {
        Thread t = new Thread(() -> {
            raw(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            chunk(stream, "{\"status\":\"Pulling from library/alpine\",\"id\":\"3.20\"}\n".getBytes(StandardCharsets.UTF_8));
            for (int step = 1; step <= 4; step++) {
                for (String layer : List.of("aaaaaaaaaaaa", "bbbbbbbbbbbb")) {
                    chunk(stream, ("{\"status\":\"Downloading\",\"id\":\"" + layer + "\",\"progressDetail\":{\"current\":"
                            + step * 1000 + ",\"total\":4000}}\n").getBytes(StandardCharsets.UTF_8));
                }
                sleep(700);
            }
            for (String layer : List.of("aaaaaaaaaaaa", "bbbbbbbbbbbb")) {
                chunk(stream, ("{\"status\":\"Pull complete\",\"id\":\"" + layer + "\"}\n").getBytes(StandardCharsets.UTF_8));
            }
            chunk(stream, "{\"status\":\"Status: Downloaded newer image for alpine:3.20\"}\n".getBytes(StandardCharsets.UTF_8));
            raw(stream, "0\r\n\r\n");
            send(stream, EOF, new byte[0]);
        });
        t.setDaemon(true);
        t.start();
    }

    /** A line shell on a TTY: echoes keys, runs {@code echo ...}, ends on {@code exit}. */
    private final class Shell {
        private final int stream;
        private final StringBuilder line = new StringBuilder();

        Shell(int stream) {
            this.stream = stream;
        }

        void prompt() {
            send(stream, DATA, "/ # ".getBytes(StandardCharsets.UTF_8));
        }

        void input(byte[] keys) {
            String text = new String(keys, StandardCharsets.UTF_8);
            for (char c : text.toCharArray()) {
                if (c == '\r' || c == '\n') {
                    String cmd = line.toString().trim();
                    line.setLength(0);
                    typed.add(cmd);
                    send(stream, DATA, "\r\n".getBytes(StandardCharsets.UTF_8));
                    if (cmd.equals("exit")) {
                        send(stream, EOF, new byte[0]);
                        shells.remove(stream);
                        return;
                    }
                    if (cmd.startsWith("echo ")) {
                        send(stream, DATA, (cmd.substring(5) + "\r\n").getBytes(StandardCharsets.UTF_8));
                    } else if (!cmd.isEmpty()) {
                        send(stream, DATA, ("sh: " + cmd + ": not found\r\n").getBytes(StandardCharsets.UTF_8));
                    }
                    prompt();
                } else {
                    line.append(c);
                    send(stream, DATA, String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private void json(int stream, int status, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        raw(stream, "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + b.length
                + "\r\n\r\n" + body);
        send(stream, EOF, new byte[0]);
    }

    private void raw(int stream, String text) {
        send(stream, DATA, text.getBytes(StandardCharsets.UTF_8));
    }

    private void chunk(int stream, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        send(stream, DATA, out.toByteArray());
    }

    private static byte[] frame(int kind, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + data.length).put((byte) kind).put(new byte[3]).putInt(data.length).put(data)
                .array();
    }

    private void send(int stream, byte type, byte[] payload) {
        ByteBuffer msg = ByteBuffer.allocate(5 + payload.length).putInt(stream).put(type).put(payload).flip();
        synchronized (sendLock) {
            socket.sendBinary(msg, true).join();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        socket.abort();
    }
}
