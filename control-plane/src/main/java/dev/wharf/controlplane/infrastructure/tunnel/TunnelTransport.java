package dev.wharf.controlplane.infrastructure.tunnel;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The connection a daemon's tunnel runs over (a WebSocket in production, a pipe in tests). Implementations
 * need not be thread-safe: {@link HostTunnel} serialises sends.
 */
public interface TunnelTransport {

    /** Sends one whole binary message. */
    void send(ByteBuffer message) throws IOException;

    /** Closes the connection; the daemon reconnects on its own. */
    void close(String reason);
}
