package dev.wharf.systemtests.simulator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.model.agent.DesiredState;
import dev.wharf.model.agent.HostCredential;
import dev.wharf.model.agent.HostRegistration;
import dev.wharf.model.oci.InstantModule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many simulated host daemons in one JVM, speaking the real agent protocol over HTTP (as kubemark's hollow nodes
 * and Nomad's node simulator do): each registers with the join token, then heartbeats with its full observed state
 * every interval and takes the desired state from the answer, reporting each container as running at the desired
 * generation. For scale tests of the control plane: placement, dispatch, heartbeat load.
 *
 * <pre>
 * try (HostSimulator sim = new HostSimulator(URI.create("http://127.0.0.1:8080/"), joinToken, Duration.ofSeconds(5))) {
 *     sim.start(1000, "sim", Map.of("zone", "a"), 8, 32L << 30);
 *     ... sim.dispatched() counts containers that reached their host ...
 * }
 * </pre>
 */
public final class HostSimulator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new InstantModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final URI base;
    private final String joinToken;
    private final Duration interval;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final List<SimulatedHost> hosts = new ArrayList<>();
    private final Map<String, Long> firstSeenNanos = new ConcurrentHashMap<>();
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public HostSimulator(URI controlPlane, String joinToken, Duration interval) {
        this.base = controlPlane;
        this.joinToken = joinToken;
        this.interval = interval;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newFixedThreadPool(8, daemonThreads("sim-http"))).build();
        this.timer = Executors.newScheduledThreadPool(16, daemonThreads("sim-host"));
    }

    /** Registers {@code count} hosts named {@code prefix-00000...} (16 at a time) and starts their heartbeats. */
    public void start(int count, String prefix, Map<String, String> labels, int cpus, long memoryBytes) throws Exception {
        ExecutorService joiners = Executors.newFixedThreadPool(16, daemonThreads("sim-join"));
        List<Future<?>> joins = new ArrayList<>();
        int first = hosts.size();
        for (int i = 0; i < count; i++) {
            SimulatedHost h = new SimulatedHost(String.format("%s-%05d", prefix, first + i), first + i);
            hosts.add(h);
            joins.add(joiners.submit(() -> {
                h.credential = post("api/v1/agent/register", null, new HostRegistration(joinToken, h.name,
                        "127.0.0.1", "0.1.0-simulated", cpus, memoryBytes, labels), HostCredential.class);
                return null;
            }));
        }
        for (Future<?> f : joins) {
            f.get();
        }
        joiners.shutdown();
        long period = interval.toMillis();
        for (int i = first; i < hosts.size(); i++) {
            SimulatedHost h = hosts.get(i);
            timer.scheduleWithFixedDelay(() -> tick(h), (i * period) / Math.max(1, count) % period, period, TimeUnit.MILLISECONDS);
        }
    }

    private void tick(SimulatedHost h) {
        try {
            DesiredState desired = post("api/v1/agent/heartbeat", h.credential.token(), h.heartbeat(), DesiredState.class);
            heartbeats.incrementAndGet();
            long now = System.nanoTime();
            for (String id : h.desired(desired)) {
                firstSeenNanos.putIfAbsent(id, now);
            }
        } catch (Exception e) {
            failures.incrementAndGet();
        }
    }

    /** Containers that have reached their host (in a desired state it received). */
    public int dispatched() {
        return firstSeenNanos.size();
    }

    /** When the container first reached its host ({@link System#nanoTime()}), or null. */
    public Long dispatchedAt(String containerId) {
        return firstSeenNanos.get(containerId);
    }

    public long heartbeats() {
        return heartbeats.get();
    }

    public long failures() {
        return failures.get();
    }

    public int size() {
        return hosts.size();
    }

    private <T> T post(String path, String token, Object body, Class<T> type) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> res = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (res.statusCode() != 200) {
            throw new IOException(path + " answered " + res.statusCode() + ": " + new String(res.body()));
        }
        return JSON.readValue(res.body(), type);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
