package dev.wharf.controlplane.infrastructure.tunnel;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The daemon's end of a tunnel, as the real one behaves (dev.wharf.daemon.agent.DockerApiTunnel): OPEN starts
 * a connection, DATA carries the request bytes, the answer comes back as DATA messages and an EOF. Answers are
 * canned by a handler and sent in small pieces, so parsers must cope with any split.
 */
final class FakeDaemonEnd implements TunnelTransport {

    /** What the handler sees: the raw request head and body. After the answer, {@code afterUpgrade} runs. */
    record Request(String head, byte[] body) {
        String requestLine() {
            return head.substring(0, head.indexOf("\r\n"));
        }
    }

    /** The canned answer, and for upgraded streams what to do with bytes the control plane sends after it. */
    record Answer(byte[] bytes, Function<byte[], byte[]> afterUpgrade) {
        static Answer of(String raw) {
            return new Answer(raw.getBytes(StandardCharsets.ISO_8859_1), null);
        }

        static Answer of(byte[] raw) {
            return new Answer(raw, null);
        }

        /** An answer after which the connection stays open (a followed stream): no EOF. */
        static Answer open(String raw) {
            return new Answer(raw.getBytes(StandardCharsets.ISO_8859_1), in -> new byte[0]);
        }
    }

    private final Function<Request, Answer> handler;
    private final int piece;
    private final ExecutorService sender = Executors.newSingleThreadExecutor();
    private final Map<Integer, ByteArrayOutputStream> received = new ConcurrentHashMap<>();
    private final Map<Integer, Answer> upgraded = new ConcurrentHashMap<>();
    final List<Integer> maxPayloads = new CopyOnWriteArrayList<>();
    final List<String> resets = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    volatile HostTunnel tunnel;
    volatile boolean closed;

    FakeDaemonEnd(Function<Request, Answer> handler, int piece) {
        this.handler = handler;
        this.piece = piece;
    }

    @Override
    public void send(ByteBuffer message) {
        TunnelFrame f = TunnelFrame.decode(message);
        maxPayloads.add(f.payload().length);
        switch (f.type()) {
            case TunnelFrame.OPEN -> received.put(f.stream(), new ByteArrayOutputStream());
            case TunnelFrame.DATA -> {
                Answer up = upgraded.get(f.stream());
                if (up != null) {
                    reply(f.stream(), up.afterUpgrade().apply(f.payload()), false);
                    return;
                }
                ByteArrayOutputStream buf = received.get(f.stream());
                if (buf == null) {
                    reply(f.stream(), null, false);
                    sendFrame(new TunnelFrame(f.stream(), TunnelFrame.RESET, "unknown stream".getBytes()));
                    return;
                }
                buf.writeBytes(f.payload());
                maybeAnswer(f.stream(), buf);
            }
            case TunnelFrame.EOF -> {
                if (upgraded.remove(f.stream()) != null) {
                    sender.execute(() -> sendFrame(new TunnelFrame(f.stream(), TunnelFrame.EOF, null)));
                }
            }
            case TunnelFrame.RESET -> {
                resets.add(f.stream() + ":" + new String(f.payload(), StandardCharsets.UTF_8));
                received.remove(f.stream());
                upgraded.remove(f.stream());
            }
            default -> throw new IllegalStateException("type " + f.type());
        }
    }

    private void maybeAnswer(int stream, ByteArrayOutputStream buf) {
        byte[] all = buf.toByteArray();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return;
        }
        String head = text.substring(0, end + 2);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        if (all.length < end + 4 + length) {
            return;
        }
        byte[] body = new byte[length];
        System.arraycopy(all, end + 4, body, 0, length);
        received.remove(stream);
        Request request = new Request(head, body);
        requests.add(request.requestLine());
        Answer answer = handler.apply(request);
        if (answer.afterUpgrade() != null) {
            upgraded.put(stream, answer);
            reply(stream, answer.bytes(), false);
        } else {
            reply(stream, answer.bytes(), true);
        }
    }

    private void reply(int stream, byte[] bytes, boolean eof) {
        if (bytes == null) {
            return;
        }
        sender.execute(() -> {
            for (int at = 0; at < bytes.length; at += piece) {
                int n = Math.min(piece, bytes.length - at);
                byte[] part = new byte[n];
                System.arraycopy(bytes, at, part, 0, n);
                sendFrame(new TunnelFrame(stream, TunnelFrame.DATA, part));
            }
            if (eof) {
                sendFrame(new TunnelFrame(stream, TunnelFrame.EOF, null));
            }
        });
    }

    /** Sends a message as the daemon, from the daemon's sending thread. */
    void sendLater(TunnelFrame frame) {
        sender.execute(() -> sendFrame(frame));
    }

    private void sendFrame(TunnelFrame frame) {
        tunnel.receive(frame.encode());
    }

    @Override
    public void close(String reason) {
        closed = true;
        sender.shutdown();
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** A multiplexed-stream frame. */
    static byte[] frame(int stream, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + data.length);
        b.put((byte) stream).put(new byte[3]).putInt(data.length).put(data);
        return b.array();
    }

    static List<byte[]> list(byte[]... parts) {
        return new ArrayList<>(List.of(parts));
    }
}
