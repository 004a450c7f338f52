package dev.wharf.systemtests.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The scale bench (bench/scale/run.sh starts the control plane and runs this): {@code --hosts} simulated hosts join,
 * then {@code --services} services of {@code --replicas} replicas each are submitted at once; the clock stops when
 * every replica has been placed, persisted and has reached its host in a desired state (dispatched), and again when
 * the control plane has every replica reported running. Prints placements per second and the control plane's CPU
 * time and memory (from /proc of {@code --cp-pid}).
 *
 * <p>{@code java -cp ... dev.wharf.systemtests.simulator.ScaleBench --url http://127.0.0.1:8080/ --data-dir DIR
 * --cp-pid PID [--hosts 1000] [--services 100] [--replicas 1000] [--interval-ms 5000]}
 */
public final class ScaleBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>(Map.of("--hosts", "1000", "--services", "100", "--replicas", "1000",
                "--interval-ms", "5000"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        URI url = URI.create(a.get("--url"));
        Path data = Path.of(a.get("--data-dir"));
        long cpPid = Long.parseLong(a.get("--cp-pid"));
        int hosts = Integer.parseInt(a.get("--hosts"));
        int services = Integer.parseInt(a.get("--services"));
        int replicas = Integer.parseInt(a.get("--replicas"));
        int total = services * replicas;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        java.util.Properties admin = new java.util.Properties();
        try (var in = Files.newBufferedReader(data.resolve("initial-admin-password"))) {
            admin.load(in);
        }
        String token = JSON.readTree(send(http, url, "POST", "api/v1/auth/login", null, Map.of("username",
                admin.getProperty("WHARF_ADMIN_USER"), "password", admin.getProperty("WHARF_ADMIN_PASSWORD")))).get("token").asText();
        String joinToken = Files.readString(data.resolve("join-token")).trim();

        try (HostSimulator sim = new HostSimulator(url, joinToken, Duration.ofMillis(Long.parseLong(a.get("--interval-ms"))))) {
            long j0 = System.nanoTime();
            sim.start(hosts, "sim", Map.of("zone", "a"), 64, 256L << 30);
            System.out.printf("%d simulated hosts joined in %.1f s%n", hosts, (System.nanoTime() - j0) / 1e9);
            Thread.sleep(3000);
            long[] cpu0 = cpu(cpPid);
            long t0 = System.nanoTime();
            ExecutorService submitters = Executors.newFixedThreadPool(4);
            List<Future<?>> posts = new ArrayList<>();
            for (int s = 0; s < services; s++) {
                String name = "bench" + s;
                posts.add(submitters.submit(() -> send(http, url, "POST", "api/v1/services", token, Map.of("name", name,
                        "replicas", replicas, "spec", Map.of("image", "127.0.0.1:5000/busybox:latest", "cpus", 0.01,
                                "memoryBytes", 16L << 20)))));
            }
            for (Future<?> f : posts) {
                f.get();
            }
            submitters.shutdown();
            double submitted = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d services x %d replicas submitted (persisted, pending) in %.1f s%n", services, replicas, submitted);
            long peakRss = 0;
            while (sim.dispatched() < total) {
                Thread.sleep(250);
                peakRss = Math.max(peakRss, rssKb(cpPid));
                if ((System.nanoTime() - t0) / 1e9 > 900) {
                    throw new IllegalStateException("only " + sim.dispatched() + " of " + total + " dispatched after 900 s");
                }
            }
            double dispatched = (System.nanoTime() - t0) / 1e9;
            long[] cpu1 = cpu(cpPid);
            System.out.printf("all %d containers placed, persisted and dispatched to their hosts in %.1f s: %.0f placements/s%n",
                    total, dispatched, total / dispatched);
            long running = 0;
            for (int s = 0; s < services && (System.nanoTime() - t0) / 1e9 < 900; s++) {
                JsonNode svc = JSON.readTree(send(http, url, "GET", "api/v1/services/bench" + s, token, null));
                if (svc.get("running").asLong() < replicas) {
                    Thread.sleep(1000);
                    s--; // this service again
                    continue;
                }
                running += svc.get("running").asLong();
            }
            double reported = (System.nanoTime() - t0) / 1e9;
            System.out.printf("control plane saw all %d running (heartbeats, every %s ms per host) after %.1f s%n", running,
                    a.get("--interval-ms"), reported);
            double cpuSeconds = ((cpu1[0] + cpu1[1]) - (cpu0[0] + cpu0[1])) / 100.0;
            System.out.printf("control plane CPU during placement+dispatch: %.1f s over %.1f s wall (%.0f%% of one core); "
                    + "peak RSS %d MiB; heartbeats %d (%d failed)%n", cpuSeconds, dispatched, 100 * cpuSeconds / dispatched,
                    peakRss / 1024, sim.heartbeats(), sim.failures());
        }
    }

    private static long[] cpu(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }

    private static long rssKb(long pid) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    private static String send(HttpClient http, URI base, String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(300))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
