package dev.wharf.webapp.api.agent;

import dev.wharf.controlplane.application.AgentService;
import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.shared.AuthenticationException;
import dev.wharf.controlplane.infrastructure.tunnel.HostTunnel;
import dev.wharf.controlplane.infrastructure.tunnel.HostTunnels;
import dev.wharf.controlplane.infrastructure.tunnel.TunnelTransport;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The control plane's end of the Docker API tunnel (contracts.md): a daemon keeps this WebSocket open with
 * {@code Authorization: Bearer <host credential>}, and the control plane opens streams over it to the daemon's
 * Docker API. A request without a valid credential is refused with 401 before the upgrade
 * ({@link TunnelAuthenticationFilter}); this endpoint checks again, in case the filter was bypassed.
 */
@ServerEndpoint(value = "/api/v1/agent/tunnel", configurator = TunnelEndpoint.Handshake.class)
public class TunnelEndpoint {

    static final String HOST_ID = "wharf.hostId";
    private static final Logger LOG = Logger.getLogger(TunnelEndpoint.class.getName());
    /** A message is at most 5 header bytes + 64 KiB; leave room. */
    private static final int MAX_MESSAGE = 128 * 1024;

    private HostTunnel tunnel;

    /** Resolves the host from the credential in the upgrade request. */
    public static class Handshake extends ServerEndpointConfig.Configurator {
        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            List<String> auth = request.getHeaders().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase("Authorization"))
                    .flatMap(e -> e.getValue().stream()).toList();
            String hostId = null;
            if (!auth.isEmpty()) {
                try {
                    hostId = hostOf(auth.get(0)).id();
                } catch (AuthenticationException e) {
                    hostId = null;
                }
            }
            // WebSocket 2.1 (Tyrus 2.1 in Payara 6): the config handed to modifyHandshake has per-connection user
            // properties, copied into the session's, so concurrent handshakes of two hosts do not mix
            config.getUserProperties().put(HOST_ID, hostId == null ? "" : hostId);
        }
    }

    static Host hostOf(String authorization) {
        String credential = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        return CDI.current().select(AgentService.class).get().authenticate(credential);
    }

    @OnOpen
    public void open(Session session) throws IOException {
        String hostId = (String) session.getUserProperties().get(HOST_ID);
        if (hostId == null || hostId.isEmpty()) {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "the host credential is not valid"));
            return;
        }
        session.setMaxBinaryMessageBufferSize(MAX_MESSAGE);
        session.setMaxIdleTimeout(0);
        tunnel = tunnels().connect(hostId, new SessionTransport(session));
    }

    @OnMessage
    public void message(ByteBuffer data) {
        HostTunnel t = tunnel;
        if (t != null) {
            t.receive(data);
        }
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        HostTunnel t = tunnel;
        if (t != null) {
            tunnels().disconnected(t, reason.getReasonPhrase() == null || reason.getReasonPhrase().isEmpty()
                    ? "closed (" + reason.getCloseCode().getCode() + ")" : reason.getReasonPhrase());
        }
    }

    @OnError
    public void error(Session session, Throwable failure) {
        LOG.log(Level.FINE, "tunnel WebSocket error", failure);
        HostTunnel t = tunnel;
        if (t != null) {
            tunnels().disconnected(t, "error: " + failure.getMessage());
        }
    }

    private static HostTunnels tunnels() {
        return CDI.current().select(HostTunnels.class).get();
    }

    /** Sends on the WebSocket; HostTunnel serialises calls, as the basic remote requires. */
    private record SessionTransport(Session session) implements TunnelTransport {
        @Override
        public void send(ByteBuffer message) throws IOException {
            session.getBasicRemote().sendBinary(message);
        }

        @Override
        public void close(String reason) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE,
                        reason.length() > 120 ? reason.substring(0, 120) : reason));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "closing a tunnel WebSocket", e);
            }
        }
    }
}
