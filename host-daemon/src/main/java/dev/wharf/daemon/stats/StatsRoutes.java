package dev.wharf.daemon.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.api.ApiExchange;
import dev.wharf.daemon.api.Router;
import dev.wharf.daemon.containers.Container;
import dev.wharf.daemon.containers.ContainerState;
import dev.wharf.daemon.containers.Containers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** {@code docker stats} ({@code GET /containers/{id}/stats}) and {@code docker top} ({@code GET /containers/{id}/top}). */
public final class StatsRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long INTERVAL_MS = 1000;

    private final Containers containers;
    private final CgroupStats cgroups = new CgroupStats(Path.of("/sys/fs/cgroup"), Path.of("/proc"));

    public StatsRoutes(Containers containers) {
        this.containers = containers;
    }

    public void register(Router r) {
        r.get("/containers/{id}/stats", this::stats);
        r.get("/containers/{id}/top", this::top);
    }

    private Map<String, Object> sample(Container c, Map<String, Object> previous) {
        int pid;
        synchronized (c) {
            pid = c.state().isRunning() ? c.state().pid() : 0;
        }
        Map<String, Object> s = cgroups.sample(c.cgroupsPath(), pid);
        s.put("preread", previous == null ? "0001-01-01T00:00:00Z" : previous.get("read"));
        s.put("precpu_stats", previous == null ? Map.of("cpu_usage", Map.of("total_usage", 0), "throttling_data", Map.of())
                : previous.get("cpu_stats"));
        s.put("name", "/" + c.name());
        s.put("id", c.id());
        return s;
    }

    private void stats(ApiExchange ex) throws IOException, InterruptedException {
        Container c = containers.store().get(ex.param("id"));
        boolean stream = ex.queryBool("stream", true);
        boolean oneShot = ex.queryBool("one-shot", false);
        try (OutputStream out = ex.stream(200, "application/json")) {
            Map<String, Object> prev = null;
            if (!stream && !oneShot && c.state().isRunning()) {
                prev = sample(c, null); // a first sample so that the CPU share can be computed, as dockerd's collector has
                Thread.sleep(INTERVAL_MS / 2);
            }
            while (true) {
                Map<String, Object> s = sample(c, prev);
                out.write(JSON.writeValueAsBytes(s));
                out.write('\n');
                if (!stream || !ex.isOpen() || !c.state().isRunning()) {
                    return;
                }
                prev = s;
                Thread.sleep(INTERVAL_MS);
                if (!ex.isOpen() || containers.store().find(c.id()).isEmpty()) {
                    return;
                }
            }
        }
    }

    private void top(ApiExchange ex) throws IOException {
        Container c = containers.store().get(ex.param("id"));
        if (c.state().status() != ContainerState.Status.RUNNING && c.state().status() != ContainerState.Status.PAUSED) {
            throw ApiException.conflict("Container " + c.id() + " is not running");
        }
        List<Integer> pids = containers.runtime().pids(c.id());
        String psArgs = ex.query("ps_args");
        Map<String, Object> out = new LinkedHashMap<>();
        if (psArgs == null || psArgs.isBlank() || psArgs.trim().equals("-ef")) {
            out.put("Titles", ProcessTable.TITLES);
            out.put("Processes", new ProcessTable(Path.of("/proc"), Path.of("/etc/passwd")).rows(pids));
        } else {
            hostPs(psArgs.trim(), pids, out);
        }
        ex.json(200, out);
    }

    /** Other ps_args: the host's ps, its rows filtered to the container's pids, as dockerd does. */
    private static void hostPs(String psArgs, List<Integer> pids, Map<String, Object> out) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ps"));
        cmd.addAll(Arrays.asList(psArgs.split("\\s+")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (p.exitValue() != 0) {
            throw ApiException.internal("Error running ps: " + text.trim(), null);
        }
        String[] lines = text.split("\n");
        String[] titles = lines[0].trim().split("\\s+");
        int pidCol = Arrays.asList(titles).indexOf("PID");
        if (pidCol < 0) {
            throw ApiException.internal("Couldn't find PID field in ps output", null);
        }
        Set<String> wanted = new HashSet<>();
        pids.forEach(x -> wanted.add(Integer.toString(x)));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split("\\s+", titles.length);
            if (f.length > pidCol && wanted.contains(f[pidCol])) {
                rows.add(Arrays.asList(f));
            }
        }
        out.put("Titles", Arrays.asList(titles));
        out.put("Processes", rows);
    }
}
