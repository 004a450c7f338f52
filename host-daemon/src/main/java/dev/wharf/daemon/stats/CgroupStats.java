package dev.wharf.daemon.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One sample of a container's resource use, read from its cgroup v1 files ({@code cpuacct}, {@code cpu},
 * {@code memory}, {@code pids}, {@code blkio} under {@code /sys/fs/cgroup/<controller>/<cgroupsPath>}), the host's
 * {@code /proc/stat} and the container's {@code /proc/<pid>/net/dev}, shaped as dockerd's stats JSON
 * ({@code cpu_stats}, {@code memory_stats}, {@code pids_stats}, {@code blkio_stats}, {@code networks}).
 */
final class CgroupStats {
    /** USER_HZ: the unit of cpuacct.stat and /proc/stat. */
    static final long NANOS_PER_TICK = 10_000_000L;
    static final long UNLIMITED = 0x7FFFFFFFFFFFF000L; // what cgroup v1 reports for "no limit" (page aligned)

    private final Path cgroupRoot;
    private final Path procRoot;

    CgroupStats(Path cgroupRoot, Path procRoot) {
        this.cgroupRoot = cgroupRoot;
        this.procRoot = procRoot;
    }

    /** The sample; {@code pid} 0 for a container that is not running (then the values are zero). */
    Map<String, Object> sample(String cgroupsPath, int pid) {
        String rel = cgroupsPath.startsWith("/") ? cgroupsPath.substring(1) : cgroupsPath;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("read", Instant.now().toString());
        m.put("pids_stats", pids(rel, pid));
        m.put("blkio_stats", blkio(rel, pid));
        m.put("num_procs", 0);
        m.put("storage_stats", Map.of());
        m.put("cpu_stats", cpu(rel, pid));
        m.put("memory_stats", memory(rel, pid));
        if (pid > 0) {
            m.put("networks", networks(procRoot.resolve(Integer.toString(pid)).resolve("net/dev")));
        }
        return m;
    }

    private Map<String, Object> pids(String rel, int pid) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (pid <= 0) {
            return m;
        }
        m.put("current", number(read(cgroupRoot.resolve("pids").resolve(rel).resolve("pids.current"))));
        String max = read(cgroupRoot.resolve("pids").resolve(rel).resolve("pids.max")).trim();
        if (!max.isEmpty() && !max.equals("max")) {
            m.put("limit", number(max));
        }
        return m;
    }

    private Map<String, Object> cpu(String rel, int pid) {
        Map<String, Object> usage = new LinkedHashMap<>();
        Path acct = cgroupRoot.resolve("cpuacct").resolve(rel);
        Map<String, Long> stat = keyValues(pid > 0 ? read(acct.resolve("cpuacct.stat")) : "");
        usage.put("total_usage", pid > 0 ? number(read(acct.resolve("cpuacct.usage"))) : 0L);
        List<Long> perCpu = new ArrayList<>();
        if (pid > 0) {
            for (String v : read(acct.resolve("cpuacct.usage_percpu")).trim().split("\\s+")) {
                if (!v.isEmpty()) {
                    perCpu.add(number(v));
                }
            }
        }
        usage.put("percpu_usage", perCpu);
        usage.put("usage_in_kernelmode", stat.getOrDefault("system", 0L) * NANOS_PER_TICK);
        usage.put("usage_in_usermode", stat.getOrDefault("user", 0L) * NANOS_PER_TICK);
        Map<String, Long> throttle = keyValues(pid > 0 ? read(cgroupRoot.resolve("cpu").resolve(rel).resolve("cpu.stat")) : "");
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("periods", throttle.getOrDefault("nr_periods", 0L));
        t.put("throttled_periods", throttle.getOrDefault("nr_throttled", 0L));
        t.put("throttled_time", throttle.getOrDefault("throttled_time", 0L));
        String procStat = read(procRoot.resolve("stat"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu_usage", usage);
        m.put("system_cpu_usage", systemCpuUsage(procStat));
        m.put("online_cpus", onlineCpus(procStat));
        m.put("throttling_data", t);
        return m;
    }

    private Map<String, Object> memory(String rel, int pid) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (pid <= 0) {
            return m;
        }
        Path mem = cgroupRoot.resolve("memory").resolve(rel);
        m.put("usage", number(read(mem.resolve("memory.usage_in_bytes"))));
        m.put("max_usage", number(read(mem.resolve("memory.max_usage_in_bytes"))));
        m.put("stats", keyValues(read(mem.resolve("memory.stat"))));
        m.put("failcnt", number(read(mem.resolve("memory.failcnt"))));
        long limit = number(read(mem.resolve("memory.limit_in_bytes")));
        long host = hostMemory(read(procRoot.resolve("meminfo")));
        m.put("limit", limit <= 0 || limit >= UNLIMITED || (host > 0 && limit > host) ? host : limit);
        return m;
    }

    private Map<String, Object> blkio(String rel, int pid) {
        List<Map<String, Object>> bytes = new ArrayList<>();
        if (pid > 0) {
            String s = read(cgroupRoot.resolve("blkio").resolve(rel).resolve("blkio.throttle.io_service_bytes_recursive"));
            for (String line : s.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 3 && f[0].contains(":")) {
                    String[] mm = f[0].split(":");
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("major", number(mm[0]));
                    e.put("minor", number(mm[1]));
                    e.put("op", f[1].toLowerCase(java.util.Locale.ROOT));
                    e.put("value", number(f[2]));
                    bytes.add(e);
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("io_service_bytes_recursive", bytes);
        m.put("io_serviced_recursive", null);
        m.put("io_queue_recursive", null);
        m.put("io_service_time_recursive", null);
        m.put("io_wait_time_recursive", null);
        m.put("io_merged_recursive", null);
        m.put("io_time_recursive", null);
        m.put("sectors_recursive", null);
        return m;
    }

    /** Interfaces of the container's network namespace but lo, as {@code /proc/<pid>/net/dev} lists them. */
    static Map<String, Object> networks(Path netDev) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String line : read(netDev).split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (name.equals("lo") || f.length < 16) {
                continue;
            }
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("rx_bytes", number(f[0]));
            n.put("rx_packets", number(f[1]));
            n.put("rx_errors", number(f[2]));
            n.put("rx_dropped", number(f[3]));
            n.put("tx_bytes", number(f[8]));
            n.put("tx_packets", number(f[9]));
            n.put("tx_errors", number(f[10]));
            n.put("tx_dropped", number(f[11]));
            out.put(name, n);
        }
        return out;
    }

    /** The host's busy and idle CPU time in ns: the first line of /proc/stat, user through steal. */
    static long systemCpuUsage(String procStat) {
        for (String line : procStat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long ticks = 0;
                for (int i = 1; i <= 8 && i < f.length; i++) {
                    ticks += number(f[i]);
                }
                return ticks * NANOS_PER_TICK;
            }
        }
        return 0;
    }

    static int onlineCpus(String procStat) {
        int n = 0;
        for (String line : procStat.split("\n")) {
            if (line.startsWith("cpu") && line.length() > 3 && Character.isDigit(line.charAt(3))) {
                n++;
            }
        }
        return n == 0 ? Runtime.getRuntime().availableProcessors() : n;
    }

    /** MemTotal of /proc/meminfo in bytes. */
    static long hostMemory(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                String[] f = line.trim().split("\\s+");
                return number(f[1]) * 1024;
            }
        }
        return 0;
    }

    /** "key value" lines (memory.stat, cpuacct.stat, cpu.stat). */
    static Map<String, Long> keyValues(String s) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : s.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2) {
                m.put(f[0], number(f[1]));
            }
        }
        return m;
    }

    static long number(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return ""; // gone (the container exited) or not in this hierarchy
        }
    }
}
