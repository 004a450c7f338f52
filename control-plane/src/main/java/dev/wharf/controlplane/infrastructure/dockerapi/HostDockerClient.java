package dev.wharf.controlplane.infrastructure.dockerapi;

import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.shared.HostApiException;
import dev.wharf.controlplane.domain.shared.HostUnavailableException;
import dev.wharf.controlplane.infrastructure.tunnel.HostTunnel;
import dev.wharf.controlplane.infrastructure.tunnel.HostTunnels;
import dev.wharf.controlplane.infrastructure.tunnel.TunnelStream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Sends Docker Engine API requests to a host through its tunnel and hands back the parsed answer. Every
 * request opens its own tunnel stream (one HTTP exchange per connection, {@code Connection: close}).
 */
@ApplicationScoped
public class HostDockerClient {

    /** The API version spoken to daemons (the daemon's maximum, see docs/decisions.md). */
    public static final String API_VERSION = "v1.43";

    @Inject
    HostTunnels tunnels;

    public HostDockerClient() {
    }

    /** For tests outside a CDI container. */
    public HostDockerClient(HostTunnels tunnels) {
        this.tunnels = tunnels;
    }

    /**
     * Sends the request and reads the answer's head; the body streams on. The caller closes the response.
     *
     * @param readTimeout how long to wait for each piece of the answer; null or zero for ever
     * @throws HostUnavailableException if the host has no tunnel or it fails
     */
    public DockerResponse send(Host host, DockerRequest request, Duration readTimeout) {
        HostTunnel tunnel = tunnels.find(host.id()).orElseThrow(() -> notConnected(host));
        TunnelStream stream = null;
        try {
            stream = tunnel.open();
            stream.readTimeout(readTimeout);
            stream.out().write(request.encode(API_VERSION));
            stream.out().flush();
            InputStream in = stream.in();
            return HttpResponseReader.read(in, request.method(), stream);
        } catch (IOException e) {
            if (stream != null) {
                stream.close();
            }
            throw new HostUnavailableException(host.name(), "host '" + host.name() + "' did not answer: "
                    + e.getMessage());
        }
    }

    /** Sends with a 60 s read timeout. */
    public DockerResponse send(Host host, DockerRequest request) {
        return send(host, request, Duration.ofSeconds(60));
    }

    /** Sends, expects a 2xx, and reads a JSON answer (null node for an empty one). */
    public com.fasterxml.jackson.databind.JsonNode json(Host host, DockerRequest request) {
        try (DockerResponse response = expectSuccess(host, send(host, request))) {
            return response.json();
        } catch (IOException e) {
            throw new HostUnavailableException(host.name(), "host '" + host.name() + "' did not answer: "
                    + e.getMessage());
        }
    }

    /** Turns an error answer into a {@link HostApiException} carrying the daemon's status and message. */
    public static DockerResponse expectSuccess(Host host, DockerResponse response) {
        if (response.isSuccess() || response.isUpgraded()) {
            return response;
        }
        try (response) {
            throw new HostApiException(response.status(), "host '" + host.name() + "': " + response.errorMessage());
        }
    }

    public boolean isConnected(Host host) {
        return tunnels.isConnected(host.id());
    }

    private static HostUnavailableException notConnected(Host host) {
        return new HostUnavailableException(host.name(), "host '" + host.name() + "' is not connected to the "
                + "control plane (its Docker API tunnel is down)");
    }
}
