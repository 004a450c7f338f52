package dev.wharf.daemon.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.daemon.testing.CliResult;
import dev.wharf.daemon.testing.DaemonProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** cgroup limits: memory (OOM kill reported), pids (fork bomb stopped), CPU quota (cgroup values). */
class ContainerLimitsIT {
    static ContainerFixture fx;
    static DaemonProcess d;

    @BeforeAll
    static void up() throws Exception {
        fx = ContainerFixture.start(false);
        d = fx.daemon;
    }

    @AfterAll
    static void down() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    private static JsonNode inspect(String name) throws Exception {
        return new ObjectMapper().readTree(d.docker("inspect", name).ok().stdout()).get(0);
    }

    @Test
    void memoryLimitOomKillsAndIsReported() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("docker", "events", "--filter", "event=oom", "--format", "{{.Actor.Attributes.name}}");
        pb.environment().put("DOCKER_HOST", d.dockerHost());
        Process events = pb.start();
        try {
            // the shell is pid 1 and survives; dd, which allocates 128 MiB, is killed
            CliResult r = d.docker("run", "--name", "oom", "--memory", "32m", fx.busybox, "sh", "-c",
                    "dd if=/dev/zero of=/dev/null bs=128M count=1; echo dd=$?");
            assertEquals("dd=137", r.out(), r.stderr());
            JsonNode c = inspect("oom");
            assertTrue(c.at("/State/OOMKilled").asBoolean(), "OOMKilled in inspect");
            assertEquals(33554432, c.at("/HostConfig/Memory").asLong());
            byte[] buf = new byte[64];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (events.getInputStream().available() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            int n = events.getInputStream().read(buf);
            assertEquals("oom", new String(buf, 0, Math.max(0, n)).trim(), "oom event");
        } finally {
            events.destroy();
        }
        d.docker("rm", "oom").ok();
    }

    @Test
    void pidsLimitStopsAForkBomb() throws Exception {
        String id = d.docker("run", "-d", "--pids-limit", "20", fx.busybox, "sh", "-c",
                "for i in $(seq 1 100); do (sleep 30 &) 2>/dev/null; done; sleep 30").ok().out();
        Path pids = ContainerTraces.cgroupDir("pids", id);
        assertEquals("20", Files.readString(pids.resolve("pids.max")).trim());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long current = 0;
        while (System.nanoTime() < deadline) {
            current = Long.parseLong(Files.readString(pids.resolve("pids.current")).trim());
            long failed = Long.parseLong(Files.readString(pids.resolve("pids.events")).trim().split("\\s+")[1]);
            if (failed > 0) {
                break;
            }
            Thread.sleep(50);
        }
        assertTrue(current <= 20, "pids.current " + current);
        assertTrue(Long.parseLong(Files.readString(pids.resolve("pids.events")).trim().split("\\s+")[1]) > 0, "forks were refused");
        d.docker("rm", "-f", id).ok();
        ContainerTraces.assertNone(d, id);
    }

    @Test
    void cpusAndMemoryAreApplied() throws Exception {
        String id = d.docker("run", "-d", "--cpus", "0.5", "--cpu-shares", "512", "--memory", "64m", "--memory-swap", "96m",
                fx.busybox, "sleep", "30").ok().out();
        Path cpu = ContainerTraces.cgroupDir("cpu", id);
        assertEquals("50000", Files.readString(cpu.resolve("cpu.cfs_quota_us")).trim());
        assertEquals("100000", Files.readString(cpu.resolve("cpu.cfs_period_us")).trim());
        assertEquals("512", Files.readString(cpu.resolve("cpu.shares")).trim());
        Path mem = ContainerTraces.cgroupDir("memory", id);
        assertEquals("67108864", Files.readString(mem.resolve("memory.limit_in_bytes")).trim());
        assertEquals("100663296", Files.readString(mem.resolve("memory.memsw.limit_in_bytes")).trim());
        assertEquals(500000000L, inspect(id).at("/HostConfig/NanoCpus").asLong());
        d.docker("rm", "-f", id).ok();
        ContainerTraces.assertNone(d, id);
    }
}
