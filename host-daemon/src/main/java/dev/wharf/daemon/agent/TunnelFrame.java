package dev.wharf.daemon.agent;

import java.nio.ByteBuffer;

/**
 * One message of the Docker API tunnel (v1): {@code [stream id: 4 bytes BE][type: 1 byte][payload]}.
 * See docs/architecture.md, "Docker API tunnel".
 */
record TunnelFrame(int stream, byte type, byte[] payload) {
    static final byte OPEN = 1;
    static final byte DATA = 2;
    static final byte EOF = 3;
    static final byte RESET = 4;
    static final int MAX_PAYLOAD = 64 * 1024;

    static TunnelFrame decode(ByteBuffer buf) {
        if (buf.remaining() < 5) {
            throw new IllegalArgumentException("tunnel message shorter than its 5-byte header");
        }
        int stream = buf.getInt();
        byte type = buf.get();
        byte[] payload = new byte[buf.remaining()];
        buf.get(payload);
        return new TunnelFrame(stream, type, payload);
    }

    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(5 + payload.length);
        b.putInt(stream).put(type).put(payload).flip();
        return b;
    }
}
