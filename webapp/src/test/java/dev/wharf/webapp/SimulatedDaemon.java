package dev.wharf.webapp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Speaks the agent protocol over REST the way a daemon does (register with the join token, heartbeat every
 * second) and reports each desired container as the state it was asked for, with an address: the control
 * plane and dashboard see exactly what a converged host reports. It runs no container, so it stands in only
 * where the browser tests need a host; the real daemon is tested end to end by scripts/e2e.
 */
final class SimulatedDaemon implements AutoCloseable {

    private final Api api;
    private final JsonNode credential;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-daemon");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Integer> addresses = new HashMap<>();
    private volatile boolean converge = true;

    SimulatedDaemon(Api api, String joinToken, String hostname) {
        this.api = api;
        this.credential = api.post("/api/v1/agent/register", null, Map.of("joinToken", joinToken,
                "hostname", hostname, "address", "127.0.0.1", "daemonVersion", "0.1.0-simulated", "cpus", 4,
                "memoryBytes", 8L << 30, "labels", Map.of("zone", "a", "disk", "ssd"))).expect(200).json();
        heartbeat(List.of());
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** The host credential the daemon got at registration (for its Docker API tunnel). */
    String credential() {
        return credential.get("token").asText();
    }

    String hostId() {
        return credential.get("hostId").asText();
    }

    /** While false, the host reports no container: what users see before a daemon applied a create. */
    void converge(boolean converge) {
        this.converge = converge;
    }

    private synchronized void tick() {
        try {
            JsonNode desired = api.get("/api/v1/agent/desired-state", credential.get("token").asText()).json();
            heartbeat(converge ? observe(desired) : List.of());
        } catch (RuntimeException e) {
            // the server may be going down at the end of the test run
        }
    }

    private List<Map<String, Object>> observe(JsonNode desired) {
        List<Map<String, Object>> observed = new ArrayList<>();
        for (JsonNode c : desired.get("containers")) {
            String state = switch (c.get("state").asText()) {
                case "running" -> "running";
                case "stopped" -> "exited";
                case "removed" -> null;
                default -> "created";
            };
            if (state == null) {
                continue;
            }
            String id = c.get("id").asText();
            Map<String, Object> report = new HashMap<>();
            report.put("id", id);
            report.put("name", c.get("name").asText());
            report.put("image", c.get("spec").get("image").asText());
            report.put("state", state);
            report.put("exitCode", "exited".equals(state) ? 137 : null);
            report.put("ipAddress", "running".equals(state)
                    ? "10.213.0." + addresses.computeIfAbsent(id, k -> 2 + addresses.size()) : null);
            report.put("generation", c.get("generation").asLong());
            observed.add(report);
        }
        return observed;
    }

    private JsonNode heartbeat(List<Map<String, Object>> containers) {
        return api.post("/api/v1/agent/heartbeat", credential.get("token").asText(), Map.of(
                "hostId", hostId(), "sentAt", java.time.Instant.now().toString(), "containers", containers,
                "imageIds", List.of("sha256:" + "b".repeat(64)), "memoryUsedBytes", 3L << 30, "cpuLoad", 1.5))
                .expect(200).json();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
