package dev.wharf.controlplane.infrastructure.tunnel;

import java.nio.ByteBuffer;

/**
 * One message of the Docker API tunnel (v1): {@code [stream id: 4 bytes BE][type: 1 byte][payload]}.
 * The daemon's twin is {@code dev.wharf.daemon.agent.TunnelFrame}; see contracts.md, "Docker API tunnel".
 */
public record TunnelFrame(int stream, byte type, byte[] payload) {

    public static final byte OPEN = 1;
    public static final byte DATA = 2;
    public static final byte EOF = 3;
    public static final byte RESET = 4;
    /** The most payload one message may carry. */
    public static final int MAX_PAYLOAD = 64 * 1024;

    public TunnelFrame {
        payload = payload == null ? new byte[0] : payload;
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("tunnel payload of " + payload.length + " bytes exceeds 64 KiB");
        }
    }

    public static TunnelFrame decode(ByteBuffer buf) {
        if (buf.remaining() < 5) {
            throw new IllegalArgumentException("tunnel message shorter than its 5-byte header");
        }
        int stream = buf.getInt();
        byte type = buf.get();
        byte[] payload = new byte[buf.remaining()];
        buf.get(payload);
        return new TunnelFrame(stream, type, payload);
    }

    public ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(5 + payload.length);
        b.putInt(stream).put(type).put(payload).flip();
        return b;
    }
}
