package dev.wharf.daemon.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceLimitsTest {
    private static ResourceLimits parse(String json) throws Exception {
        return ResourceLimits.fromHostConfig(new ObjectMapper().readTree(json));
    }

    @Test
    void memoryGetsTwiceTheSwapByDefault() throws Exception {
        var oci = parse("{\"Memory\":33554432}").toOci();
        assertEquals(Map.of("limit", 33554432L, "swap", 67108864L), oci.get("memory"));
    }

    @Test
    void unlimitedSwapIsMinusOne() throws Exception {
        var oci = parse("{\"Memory\":33554432,\"MemorySwap\":-1}").toOci();
        assertEquals(-1L, ((Map<?, ?>) oci.get("memory")).get("swap"));
    }

    @Test
    void nanoCpusBecomeAQuotaOverA100msPeriod() throws Exception {
        var oci = parse("{\"NanoCpus\":500000000,\"CpuShares\":512,\"CpusetCpus\":\"0\"}").toOci();
        assertEquals(Map.of("shares", 512L, "quota", 50000L, "period", 100000L, "cpus", "0"), oci.get("cpu"));
    }

    @Test
    void pidsLimitAndNothingForZero() throws Exception {
        assertEquals(Map.of("limit", 20L), parse("{\"PidsLimit\":20}").toOci().get("pids"));
        assertTrue(parse("{\"PidsLimit\":0,\"Memory\":0}").toOci().isEmpty());
    }

    @Test
    void dockersChecksAndMessages() {
        assertEquals("Minimum memory limit allowed is 6MB", invalid("{\"Memory\":1024}"));
        assertEquals("Minimum memoryswap limit should be larger than memory limit, see usage",
                invalid("{\"Memory\":67108864,\"MemorySwap\":33554432}"));
        assertEquals("Conflicting options: Nano CPUs and CPU Quota cannot both be set",
                invalid("{\"NanoCpus\":1000000000,\"CpuQuota\":50000}"));
        assertEquals("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available",
                invalid("{\"NanoCpus\":3000000000}"));
        assertEquals("Requested CPUs are not available - requested 5, available: 0-1", invalid("{\"CpusetCpus\":\"5\"}"));
        assertEquals("Invalid value x-y for cpuset cpus", invalid("{\"CpusetCpus\":\"x-y\"}"));
    }

    private static String invalid(String json) {
        return assertThrows(InvalidSpecException.class, () -> parse(json).validate(2)).getMessage();
    }
}
