package dev.wharf.daemon.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.daemon.testing.CliResult;
import dev.wharf.daemon.testing.DaemonProcess;
import dev.wharf.daemon.testing.UnixHttp;
import dev.wharf.daemon.volumes.SeedFixture;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code docker top} and {@code docker stats} read from the container's processes and cgroups. */
class StatsTopIT {
    static SeedFixture fx;
    static DaemonProcess d;

    @BeforeAll
    static void up() throws Exception {
        fx = SeedFixture.start();
        d = fx.daemon;
        d.docker("run", "-d", "--name", "web", "--memory", "64m", "--pids-limit", "50", "busybox", "httpd", "-f").ok();
    }

    @AfterAll
    static void down() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    /** The one JSON document of a chunked stats answer. */
    private static JsonNode json(String chunkedBody) throws Exception {
        return new ObjectMapper().readTree(chunkedBody.substring(chunkedBody.indexOf('{'), chunkedBody.lastIndexOf('}') + 1));
    }

    @Test
    void topListsTheContainersProcesses() throws Exception {
        String pid = d.docker("inspect", "-f", "{{.State.Pid}}", "web").ok().out();
        d.docker("exec", "-d", "web", "sleep", "30").ok();
        List<String> lines = List.of(d.docker("top", "web").ok().out().split("\n"));
        assertEquals(List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"), List.of(lines.get(0).trim().split("\\s+")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("root") && l.contains(" " + pid + " ") && l.endsWith("httpd -f")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("sleep 30")), lines.toString());
        assertEquals(3, lines.size(), "only the container's processes: " + lines);

        String custom = d.docker("top", "web", "-o", "pid,comm").ok().out();
        assertTrue(custom.startsWith("PID") && custom.contains("httpd"), custom);

        d.docker("create", "--name", "idle", "busybox").ok();
        CliResult r = d.docker("top", "idle");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("is not running"), r.stderr());
        d.docker("rm", "idle").ok();
    }

    @Test
    void statsReportMemoryPidsAndCpuFromTheCgroups() throws Exception {
        String line = d.docker("stats", "--no-stream", "--format", "{{.Name}}|{{.MemUsage}}|{{.PIDs}}", "web").ok().out();
        String[] f = line.split("\\|");
        assertEquals("web", f[0]);
        assertTrue(f[1].endsWith("/ 64MiB"), line);
        assertTrue(Integer.parseInt(f[2]) >= 1, line);

        JsonNode s = json(UnixHttp.request(d.socket(), "GET", "/v1.43/containers/web/stats?stream=0", null).body());
        assertEquals("/web", s.get("name").asText());
        assertEquals(50, s.at("/pids_stats/limit").asInt());
        assertEquals(64L << 20, s.at("/memory_stats/limit").asLong());
        assertTrue(s.at("/cpu_stats/cpu_usage/total_usage").asLong() > 0, s.toString());
        assertTrue(s.at("/cpu_stats/system_cpu_usage").asLong() > s.at("/precpu_stats/system_cpu_usage").asLong(), s.toString());
        assertTrue(s.at("/cpu_stats/online_cpus").asInt() >= 1);
        assertTrue(s.at("/networks/eth0/rx_bytes").isNumber(), s.toString());

        d.docker("run", "-d", "--name", "spin", "busybox", "sh", "-c", "while :; do :; done").ok();
        try {
            Thread.sleep(500);
            String cpu = d.docker("stats", "--no-stream", "--format", "{{.CPUPerc}}", "spin").ok().out();
            assertTrue(Double.parseDouble(cpu.replace("%", "")) > 20, cpu);
        } finally {
            d.docker("rm", "-f", "spin").ok();
        }
    }

    @Test
    void oneShotStatsAnswerAtOnce() throws Exception {
        long t0 = System.nanoTime();
        UnixHttp.Response r = UnixHttp.request(d.socket(), "GET", "/v1.43/containers/web/stats?stream=0&one-shot=1", null);
        assertEquals(200, r.status());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 900, "one-shot does not wait for a second sample");
        JsonNode s = json(r.body());
        assertEquals("0001-01-01T00:00:00Z", s.get("preread").asText());
    }
}
