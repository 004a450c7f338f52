package dev.wharf.controlplane.application;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An image pull onto one or more hosts, running in the background. Progress arrives per host and per layer
 * from each daemon's streamed JSON; listeners (SSE clients) get every step, pollers a {@link #snapshot()}.
 */
public final class PullJob {

    /** One progress step: a layer's status on a host, or the host's own status when {@code layer} is null. */
    public record Progress(String host, String layer, String status, Long current, Long total) {
    }

    /** A layer's latest state on one host. */
    public record Layer(String id, String status, Long current, Long total) {
    }

    /** One host's part of the job: {@code queued}, {@code pulling}, {@code done} or {@code failed}. */
    public record HostPull(String hostId, String host, String state, String error, List<Layer> layers) {
    }

    /** The whole job as it stands: {@code running}, {@code succeeded}, {@code failed} (every host) or {@code partial}. */
    public record Snapshot(String id, String image, String state, Instant createdAt, Instant finishedAt,
                           String createdBy, List<HostPull> hosts) {
    }

    private final String id;
    private final String image;
    private final String createdBy;
    private final Instant createdAt = Instant.now();
    private final Map<String, HostState> hosts = new LinkedHashMap<>();
    private final List<Consumer<Progress>> listeners = new CopyOnWriteArrayList<>();
    private volatile Instant finishedAt;

    private static final class HostState {
        final String hostId;
        final String name;
        String state = "queued";
        String error;
        final Map<String, Layer> layers = new LinkedHashMap<>();

        HostState(String hostId, String name) {
            this.hostId = hostId;
            this.name = name;
        }
    }

    PullJob(String id, String image, String createdBy, Map<String, String> hostNamesById) {
        this.id = id;
        this.image = image;
        this.createdBy = createdBy;
        hostNamesById.forEach((hid, name) -> hosts.put(hid, new HostState(hid, name)));
    }

    public String id() {
        return id;
    }

    /** Adds a listener; returns a handle that removes it. */
    public Runnable subscribe(Consumer<Progress> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public boolean isFinished() {
        return finishedAt != null;
    }

    void started(String hostId) {
        update(hostId, "pulling", null);
    }

    void succeeded(String hostId) {
        update(hostId, "done", null);
    }

    void failed(String hostId, String error) {
        update(hostId, "failed", error);
    }

    /** Takes in one of the daemon's JSON progress messages. */
    void message(String hostId, JsonNode message) {
        String layer = message.hasNonNull("id") ? message.get("id").asText() : null;
        String status = message.path("status").asText("");
        JsonNode detail = message.path("progressDetail");
        Long current = detail.hasNonNull("current") ? detail.get("current").asLong() : null;
        Long total = detail.hasNonNull("total") ? detail.get("total").asLong() : null;
        HostState h;
        synchronized (this) {
            h = hosts.get(hostId);
            if (layer != null && !status.startsWith("Pulling from")) {
                h.layers.put(layer, new Layer(layer, status, current, total));
            }
        }
        emit(new Progress(h.name, layer, status, current, total));
    }

    void finish() {
        finishedAt = Instant.now();
        emit(new Progress(null, null, snapshot().state(), null, null));
    }

    private void update(String hostId, String state, String error) {
        HostState h;
        synchronized (this) {
            h = hosts.get(hostId);
            h.state = state;
            h.error = error;
        }
        emit(new Progress(h.name, null, error == null ? state : state + ": " + error, null, null));
    }

    private void emit(Progress progress) {
        listeners.forEach(l -> l.accept(progress));
    }

    public synchronized Snapshot snapshot() {
        List<HostPull> pulls = new ArrayList<>();
        int done = 0;
        int failed = 0;
        for (HostState h : hosts.values()) {
            pulls.add(new HostPull(h.hostId, h.name, h.state, h.error, List.copyOf(h.layers.values())));
            done += h.state.equals("done") ? 1 : 0;
            failed += h.state.equals("failed") ? 1 : 0;
        }
        String state = finishedAt == null ? "running"
                : failed == 0 ? "succeeded" : done == 0 ? "failed" : "partial";
        return new Snapshot(id, image, state, createdAt, finishedAt, createdBy, pulls);
    }
}
