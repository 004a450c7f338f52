package dev.wharf.daemon.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OciSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode spec(String netns, List<String> capAdd, List<String> capDrop, List<OciMount> mounts) throws Exception {
        var limits = ResourceLimits.fromHostConfig(JSON.readTree("{\"Memory\":33554432,\"PidsLimit\":20}"));
        var in = new BundleInput(List.of("sh", "-c", "echo hi"), List.of("PATH=/bin"), "/work",
                new UserResolver.ExecUser(1000, 1000, List.of(29), "/home/www"), "box", false, true,
                Path.of("/merged"), netns, "/wharf/abc", limits, 20000, capAdd, capDrop, false, 0, 0, mounts);
        return JSON.valueToTree(OciSpec.build(in));
    }

    @Test
    void processRootAndHostname() throws Exception {
        JsonNode s = spec("/run/wharf/netns/abc", null, null, List.of());
        assertEquals("[\"sh\",\"-c\",\"echo hi\"]", s.at("/process/args").toString());
        assertEquals(1000, s.at("/process/user/uid").asInt());
        assertEquals("[29]", s.at("/process/user/additionalGids").toString());
        assertEquals("/work", s.at("/process/cwd").asText());
        assertEquals("/merged", s.at("/root/path").asText());
        assertTrue(s.at("/root/readonly").asBoolean());
        assertEquals("box", s.at("/hostname").asText());
        assertEquals(20000, s.at("/process/rlimits/0/hard").asLong());
    }

    @Test
    void namespacesWithTheNetworkByPath() throws Exception {
        JsonNode s = spec("/run/wharf/netns/abc", null, null, List.of());
        List<String> types = new ArrayList<>();
        s.at("/linux/namespaces").forEach(n -> types.add(n.path("type").asText()));
        assertEquals(List.of("pid", "ipc", "uts", "mount", "network"), types);
        assertEquals("/run/wharf/netns/abc", s.at("/linux/namespaces/4/path").asText());
        assertEquals(4, spec(null, null, null, List.of()).at("/linux/namespaces").size(), "host network: no netns");
    }

    @Test
    void defaultMountsWithReadOnlySys() throws Exception {
        JsonNode s = spec("/ns", null, null, List.of());
        List<String> dests = new ArrayList<>();
        s.at("/mounts").forEach(m -> dests.add(m.path("destination").asText()));
        assertTrue(dests.containsAll(List.of("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys")));
        s.at("/mounts").forEach(m -> {
            if (m.path("destination").asText().equals("/sys")) {
                assertTrue(m.path("options").toString().contains("\"ro\""));
            }
        });
    }

    @Test
    void extraMountReplacesADefaultDestination() throws Exception {
        JsonNode s = spec("/ns", null, null, List.of(OciMount.bind("/host/shm", "/dev/shm", false)));
        int count = 0;
        for (JsonNode m : s.at("/mounts")) {
            if (m.path("destination").asText().equals("/dev/shm")) {
                count++;
                assertEquals("/host/shm", m.path("source").asText());
            }
        }
        assertEquals(1, count);
    }

    @Test
    void dockersCapabilitiesWithAddAndDrop() throws Exception {
        JsonNode s = spec("/ns", List.of("NET_ADMIN"), List.of("cap_mknod"), List.of());
        String caps = s.at("/process/capabilities/bounding").toString();
        assertTrue(caps.contains("CAP_NET_ADMIN"));
        assertTrue(caps.contains("CAP_CHOWN"));
        assertFalse(caps.contains("CAP_MKNOD"));
        assertFalse(caps.contains("CAP_SYS_ADMIN"));
        assertEquals(Capabilities.DEFAULT.size(), s.at("/process/capabilities/effective").size());
    }

    @Test
    void maskedAndReadonlyPathsAndLimits() throws Exception {
        JsonNode s = spec("/ns", null, null, List.of());
        assertTrue(s.at("/linux/maskedPaths").toString().contains("/proc/kcore"));
        assertTrue(s.at("/linux/readonlyPaths").toString().contains("/proc/sys"));
        assertEquals(33554432, s.at("/linux/resources/memory/limit").asLong());
        assertEquals(20, s.at("/linux/resources/pids/limit").asLong());
        assertEquals("/wharf/abc", s.at("/linux/cgroupsPath").asText());
    }

    @Test
    void unknownCapabilityIsRefused() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(InvalidSpecException.class,
                () -> spec("/ns", List.of("FLY"), null, List.of()));
        assertEquals("unknown capability: \"FLY\"", e.getMessage());
    }
}
