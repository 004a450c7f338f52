package dev.wharf.webapp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.webapp.Api.Answer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** What the ITs do over and over: read first-start secrets, log in, act as a daemon. */
final class WharfFixtures {

    private WharfFixtures() {
    }

    static Properties adminCredentials(Path dataDir) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(dataDir.resolve("initial-admin-password"))) {
            p.load(in);
        } catch (IOException e) {
            throw new AssertionError("no initial-admin-password in " + dataDir, e);
        }
        return p;
    }

    static String joinToken(Path dataDir) {
        try {
            return Files.readString(dataDir.resolve("join-token")).trim();
        } catch (IOException e) {
            throw new AssertionError("no join-token in " + dataDir, e);
        }
    }

    /** Logs in over the API and returns the bearer token. */
    static String login(Api api, String username, String password) {
        JsonNode answer = api.post("/api/v1/auth/login", null, Map.of("username", username, "password", password))
                .expect(200).json();
        assertTrue(Instant.parse(answer.get("expiresAt").asText()).isAfter(Instant.now()));
        return answer.get("token").asText();
    }

    /** Registers a host as its daemon would; returns {@code {hostId, token}}. */
    static JsonNode register(Api api, String joinToken, String hostname) {
        JsonNode credential = api.post("/api/v1/agent/register", null, Map.of("joinToken", joinToken,
                "hostname", hostname, "address", "127.0.0.1", "daemonVersion", "0.1.0-test", "cpus", 2,
                "memoryBytes", 1L << 30, "labels", Map.of("zone", "a"))).expect(200).json();
        assertFalse(credential.get("token").asText().isBlank());
        return credential;
    }

    /** Sends a heartbeat with the given observed containers and one image. */
    static Answer heartbeat(Api api, JsonNode credential, List<Map<String, Object>> containers) {
        return api.post("/api/v1/agent/heartbeat", credential.get("token").asText(), Map.of(
                "hostId", credential.get("hostId").asText(), "sentAt", Instant.now().toString(),
                "containers", containers, "imageIds", List.of("sha256:" + "a".repeat(64)),
                "memoryUsedBytes", 1L << 20, "cpuLoad", 0.25));
    }

    static String formEncode(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }
}
