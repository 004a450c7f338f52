package dev.wharf.daemon.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stats math and the ps columns, from fixed /proc and cgroup file contents. */
class CgroupStatsTest {
    static final String PROC_STAT = """
            cpu  100 5 50 1000 20 0 3 2 0 0
            cpu0 50 2 25 500 10 0 1 1 0 0
            cpu1 50 3 25 500 10 0 2 1 0 0
            intr 1 2 3
            btime 1700000000
            """;

    @TempDir
    Path tmp;

    @Test
    void systemCpuAndOnlineCpus() {
        assertEquals((100 + 5 + 50 + 1000 + 20 + 0 + 3 + 2) * 10_000_000L, CgroupStats.systemCpuUsage(PROC_STAT));
        assertEquals(2, CgroupStats.onlineCpus(PROC_STAT));
        assertEquals(16L * 1024 * 1024 * 1024, CgroupStats.hostMemory("MemTotal:       16777216 kB\nMemFree: 1 kB\n"));
    }

    @Test
    void sampleReadsTheV1Files() throws Exception {
        Path cg = tmp.resolve("cgroup");
        write(cg.resolve("cpuacct/w/c1/cpuacct.usage"), "5000000000\n");
        write(cg.resolve("cpuacct/w/c1/cpuacct.usage_percpu"), "3000000000 2000000000 \n");
        write(cg.resolve("cpuacct/w/c1/cpuacct.stat"), "user 300\nsystem 100\n");
        write(cg.resolve("cpu/w/c1/cpu.stat"), "nr_periods 10\nnr_throttled 4\nthrottled_time 123\n");
        write(cg.resolve("memory/w/c1/memory.usage_in_bytes"), "1048576\n");
        write(cg.resolve("memory/w/c1/memory.max_usage_in_bytes"), "2097152\n");
        write(cg.resolve("memory/w/c1/memory.limit_in_bytes"), "9223372036854771712\n");
        write(cg.resolve("memory/w/c1/memory.stat"), "cache 4096\ntotal_inactive_file 8192\n");
        write(cg.resolve("pids/w/c1/pids.current"), "3\n");
        write(cg.resolve("pids/w/c1/pids.max"), "max\n");
        Path proc = tmp.resolve("proc");
        write(proc.resolve("stat"), PROC_STAT);
        write(proc.resolve("meminfo"), "MemTotal: 1024 kB\n");
        write(proc.resolve("42/net/dev"), """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:     10       1    0    0    0     0          0         0       10       1    0    0    0     0       0          0
                  eth0:   1500      12    1    2    0     0          0         0      900       8    0    3    0     0       0          0
                """);
        Map<String, Object> s = new CgroupStats(cg, proc).sample("/w/c1", 42);
        @SuppressWarnings("unchecked")
        Map<String, Object> cpu = (Map<String, Object>) s.get("cpu_stats");
        @SuppressWarnings("unchecked")
        Map<String, Object> usage = (Map<String, Object>) cpu.get("cpu_usage");
        assertEquals(5_000_000_000L, usage.get("total_usage"));
        assertEquals(List.of(3_000_000_000L, 2_000_000_000L), usage.get("percpu_usage"));
        assertEquals(3_000_000_000L, usage.get("usage_in_usermode"));
        assertEquals(1_000_000_000L, usage.get("usage_in_kernelmode"));
        assertEquals(Map.of("periods", 10L, "throttled_periods", 4L, "throttled_time", 123L), cpu.get("throttling_data"));
        @SuppressWarnings("unchecked")
        Map<String, Object> mem = (Map<String, Object>) s.get("memory_stats");
        assertEquals(1048576L, mem.get("usage"));
        assertEquals(1024L * 1024, mem.get("limit"), "no cgroup limit: the host's memory");
        assertEquals(Map.of("cache", 4096L, "total_inactive_file", 8192L), mem.get("stats"));
        assertEquals(Map.of("current", 3L), s.get("pids_stats"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> net = (Map<String, Map<String, Object>>) s.get("networks");
        assertEquals(List.of("eth0"), List.copyOf(net.keySet()));
        assertEquals(1500L, net.get("eth0").get("rx_bytes"));
        assertEquals(3L, net.get("eth0").get("tx_dropped"));
    }

    @Test
    void psColumns() {
        assertEquals("?", ProcessTable.tty(0));
        assertEquals("pts/0", ProcessTable.tty(136 << 8));
        assertEquals("pts/3", ProcessTable.tty((136 << 8) | 3));
        assertEquals("00:01:05", ProcessTable.cpuTime(65));
        assertEquals("2-01:00:00", ProcessTable.cpuTime(2 * 86400 + 3600));
        ZoneId utc = ZoneId.of("UTC");
        Instant now = Instant.parse("2026-11-22T18:00:00Z");
        assertEquals("09:05", ProcessTable.stime(Instant.parse("2026-11-22T09:05:59Z"), utc, now));
        assertEquals("Nov21", ProcessTable.stime(Instant.parse("2026-11-21T23:00:00Z"), utc, now));
        assertEquals("2025", ProcessTable.stime(Instant.parse("2025-12-31T23:00:00Z"), utc, now));
    }

    private static void write(Path p, String s) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, s);
    }
}
