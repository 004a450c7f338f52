package dev.wharf.daemon.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cgroup limits of a container, read from Docker's HostConfig, checked with dockerd's messages, and turned
 * into the OCI {@code linux.resources} object. Bytes for memory; {@code nanoCpus} is CPUs × 10⁹ and becomes a
 * CFS quota over a 100 ms period; a {@code pidsLimit} of 0 or less means unlimited.
 */
public record ResourceLimits(
        long memory,
        long memorySwap,
        long memoryReservation,
        long memorySwappiness,
        boolean oomKillDisable,
        long cpuShares,
        long nanoCpus,
        long cpuPeriod,
        long cpuQuota,
        String cpusetCpus,
        String cpusetMems,
        long pidsLimit) {

    static final long MIN_MEMORY = 6 * 1024 * 1024;
    static final long DEFAULT_CFS_PERIOD = 100_000;
    private static final Pattern CPUSET = Pattern.compile("^(\\d+(-\\d+)?)(,\\d+(-\\d+)?)*$");

    public static ResourceLimits fromHostConfig(JsonNode hc) {
        return new ResourceLimits(num(hc, "Memory"), num(hc, "MemorySwap"), num(hc, "MemoryReservation"),
                hc != null && hc.hasNonNull("MemorySwappiness") ? hc.get("MemorySwappiness").asLong() : -1,
                hc != null && hc.path("OomKillDisable").asBoolean(false),
                num(hc, "CpuShares"), num(hc, "NanoCpus"), num(hc, "CpuPeriod"), num(hc, "CpuQuota"),
                text(hc, "CpusetCpus"), text(hc, "CpusetMems"), num(hc, "PidsLimit"));
    }

    /** dockerd's checks (verifyPlatformContainerResources), with its wording. */
    public void validate(int hostCpus) throws InvalidSpecException {
        if (memory < 0) {
            throw new InvalidSpecException("invalid memory limit " + memory + ": it must not be negative");
        }
        if (memory > 0 && memory < MIN_MEMORY) {
            throw new InvalidSpecException("Minimum memory limit allowed is 6MB");
        }
        if (memorySwap > 0 && memory == 0) {
            throw new InvalidSpecException("You should always set the Memory limit when using Memoryswap limit, see usage");
        }
        if (memorySwap > 0 && memorySwap < memory) {
            throw new InvalidSpecException("Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (memorySwappiness != -1 && (memorySwappiness < 0 || memorySwappiness > 100)) {
            throw new InvalidSpecException("Invalid value: " + memorySwappiness + ", valid memory swappiness range is 0-100");
        }
        if (memoryReservation > 0 && memoryReservation < MIN_MEMORY) {
            throw new InvalidSpecException("Minimum memory reservation allowed is 6MB");
        }
        if (memory > 0 && memoryReservation > 0 && memory < memoryReservation) {
            throw new InvalidSpecException("Minimum memory limit can not be less than memory reservation limit, see usage");
        }
        if (cpuShares < 0) {
            throw new InvalidSpecException("invalid CPU shares " + cpuShares + ": it must not be negative");
        }
        if (nanoCpus > 0 && cpuPeriod > 0) {
            throw new InvalidSpecException("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        }
        if (nanoCpus > 0 && cpuQuota > 0) {
            throw new InvalidSpecException("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        }
        if (nanoCpus < 0 || nanoCpus > hostCpus * 1_000_000_000L) {
            throw new InvalidSpecException("Range of CPUs is from 0.01 to " + hostCpus + ".00, as there are only "
                    + hostCpus + " CPUs available");
        }
        if (cpuPeriod != 0 && (cpuPeriod < 1000 || cpuPeriod > 1_000_000)) {
            throw new InvalidSpecException("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1 second (i.e. 1000000)");
        }
        if (cpuQuota > 0 && cpuQuota < 1000) {
            throw new InvalidSpecException("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        }
        checkCpuset("cpus", cpusetCpus, hostCpus);
        checkCpuset("mems", cpusetMems, Integer.MAX_VALUE);
    }

    private static void checkCpuset(String what, String value, int available) throws InvalidSpecException {
        if (value == null || value.isEmpty()) {
            return;
        }
        if (!CPUSET.matcher(value).matches()) {
            throw new InvalidSpecException("Invalid value " + value + " for cpuset " + what);
        }
        for (String part : value.split(",")) {
            String[] range = part.split("-");
            int lo = Integer.parseInt(range[0]);
            int hi = range.length > 1 ? Integer.parseInt(range[1]) : lo;
            if (hi < lo) {
                throw new InvalidSpecException("Invalid value " + value + " for cpuset " + what);
            }
            if (hi >= available) {
                throw new InvalidSpecException("Requested CPUs are not available - requested " + value
                        + ", available: 0-" + (available - 1));
            }
        }
    }

    /** The memory+swap limit dockerd applies: twice the memory when only memory is set; -1 is unlimited. */
    public long effectiveMemorySwap() {
        if (memory > 0 && memorySwap == 0) {
            return memory * 2;
        }
        return memorySwap;
    }

    /** The OCI {@code linux.resources} object (without devices). */
    public Map<String, Object> toOci() {
        Map<String, Object> res = new LinkedHashMap<>();
        Map<String, Object> mem = new LinkedHashMap<>();
        if (memory > 0) {
            mem.put("limit", memory);
        }
        long swap = effectiveMemorySwap();
        if (swap > 0 || swap == -1) {
            mem.put("swap", swap);
        }
        if (memoryReservation > 0) {
            mem.put("reservation", memoryReservation);
        }
        if (memorySwappiness >= 0) {
            mem.put("swappiness", memorySwappiness);
        }
        if (oomKillDisable) {
            mem.put("disableOOMKiller", true);
        }
        if (!mem.isEmpty()) {
            res.put("memory", mem);
        }
        Map<String, Object> cpu = new LinkedHashMap<>();
        if (cpuShares > 0) {
            cpu.put("shares", cpuShares);
        }
        if (nanoCpus > 0) {
            cpu.put("quota", nanoCpus * DEFAULT_CFS_PERIOD / 1_000_000_000L);
            cpu.put("period", DEFAULT_CFS_PERIOD);
        } else {
            if (cpuQuota != 0) {
                cpu.put("quota", cpuQuota);
            }
            if (cpuPeriod > 0) {
                cpu.put("period", cpuPeriod);
            }
        }
        if (cpusetCpus != null && !cpusetCpus.isEmpty()) {
            cpu.put("cpus", cpusetCpus);
        }
        if (cpusetMems != null && !cpusetMems.isEmpty()) {
            cpu.put("mems", cpusetMems);
        }
        if (!cpu.isEmpty()) {
            res.put("cpu", cpu);
        }
        if (pidsLimit > 0) {
            res.put("pids", Map.of("limit", pidsLimit));
        }
        return res;
    }

    private static long num(JsonNode n, String f) {
        return n == null || !n.hasNonNull(f) ? 0 : n.get(f).asLong();
    }

    private static String text(JsonNode n, String f) {
        return n == null || !n.hasNonNull(f) ? "" : n.get(f).asText();
    }
}
