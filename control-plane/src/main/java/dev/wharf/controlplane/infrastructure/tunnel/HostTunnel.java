package dev.wharf.controlplane.infrastructure.tunnel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One daemon's open tunnel: multiplexes {@link TunnelStream}s, each a connection to the daemon's own Docker API
 * socket, over one transport. Stream ids are chosen here (the control plane's side).
 */
public final class HostTunnel {

    private static final Logger LOG = Logger.getLogger(HostTunnel.class.getName());

    private final String hostId;
    private final TunnelTransport transport;
    private final Map<Integer, TunnelStream> streams = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private volatile String closedReason;

    public HostTunnel(String hostId, TunnelTransport transport) {
        this.hostId = hostId;
        this.transport = transport;
    }

    public String hostId() {
        return hostId;
    }

    public boolean isOpen() {
        return closedReason == null;
    }

    /** How many streams are open now. */
    public int openStreams() {
        return streams.size();
    }

    /** Opens a new stream: the daemon connects it to its Docker API socket. */
    public TunnelStream open() throws IOException {
        if (closedReason != null) {
            throw new IOException("the tunnel of host " + hostId + " is closed: " + closedReason);
        }
        int id;
        do {
            id = nextId.getAndIncrement();
        } while (id == 0 || streams.containsKey(id));
        TunnelStream stream = new TunnelStream(this, id);
        streams.put(id, stream);
        try {
            send(new TunnelFrame(id, TunnelFrame.OPEN, null));
        } catch (IOException e) {
            streams.remove(id);
            throw e;
        }
        return stream;
    }

    /** Takes in one message from the daemon. */
    public void receive(ByteBuffer message) {
        TunnelFrame frame;
        try {
            frame = TunnelFrame.decode(message);
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "host " + hostId + " sent a bad tunnel message: " + e.getMessage());
            return;
        }
        TunnelStream stream = streams.get(frame.stream());
        if (stream == null) {
            if (frame.type() != TunnelFrame.RESET) {
                sendQuietly(new TunnelFrame(frame.stream(), TunnelFrame.RESET,
                        "unknown stream".getBytes(StandardCharsets.UTF_8)));
            }
            return;
        }
        switch (frame.type()) {
            case TunnelFrame.DATA -> stream.deliver(frame.payload());
            case TunnelFrame.EOF -> stream.remoteEof();
            case TunnelFrame.RESET -> {
                streams.remove(frame.stream());
                stream.remoteReset(new String(frame.payload(), StandardCharsets.UTF_8));
            }
            default -> stream.reset("unknown message type " + frame.type());
        }
    }

    /** The transport is gone: every open stream fails with the reason. */
    public void closed(String reason) {
        closedReason = reason == null ? "closed" : reason;
        streams.values().forEach(s -> s.remoteReset("the tunnel of host " + hostId + " closed: " + closedReason));
        streams.clear();
    }

    /** Closes the transport (e.g. a newer connection of the same host replaced it) and fails open streams. */
    public void close(String reason) {
        closed(reason);
        transport.close(reason);
    }

    void send(TunnelFrame frame) throws IOException {
        if (closedReason != null) {
            throw new IOException("the tunnel of host " + hostId + " is closed: " + closedReason);
        }
        synchronized (transport) {
            transport.send(frame.encode());
        }
    }

    void sendQuietly(TunnelFrame frame) {
        try {
            send(frame);
        } catch (IOException e) {
            LOG.log(Level.FINE, "tunnel send to host " + hostId + " failed", e);
        }
    }

    void forget(int streamId) {
        streams.remove(streamId);
    }
}
