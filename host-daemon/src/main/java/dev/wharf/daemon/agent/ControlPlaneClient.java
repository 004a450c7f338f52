package dev.wharf.daemon.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.model.agent.DesiredState;
import dev.wharf.model.agent.Heartbeat;
import dev.wharf.model.agent.HostCredential;
import dev.wharf.model.agent.HostRegistration;
import dev.wharf.model.oci.InstantModule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The daemon's calls to the control plane's agent API ({@code /api/v1/agent/...}). The daemon always dials out. */
final class ControlPlaneClient {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new InstantModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ControlPlaneClient(String baseUrl) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    }

    /** A call the control plane refused, with its status (401 = our credential is no longer valid). */
    static final class RefusedException extends IOException {
        final int status;

        RefusedException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    HostCredential register(HostRegistration registration) throws IOException, InterruptedException {
        return post("api/v1/agent/register", null, registration, HostCredential.class);
    }

    DesiredState heartbeat(String token, Heartbeat heartbeat) throws IOException, InterruptedException {
        return post("api/v1/agent/heartbeat", token, heartbeat, DesiredState.class);
    }

    private <T> T post(String path, String token, Object body, Class<T> type) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> res = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (res.statusCode() / 100 != 2) {
            String detail = new String(res.body(), java.nio.charset.StandardCharsets.UTF_8);
            throw new RefusedException(res.statusCode(), "control plane answered " + res.statusCode() + " to " + path + ": "
                    + (detail.length() > 300 ? detail.substring(0, 300) : detail));
        }
        return res.body().length == 0 ? null : JSON.readValue(res.body(), type);
    }
}
