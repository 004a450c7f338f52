package dev.wharf.daemon.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.daemon.api.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<MountSpec> parse(String config, String hostConfig) throws Exception {
        return MountParser.parse(JSON.readTree(config), JSON.readTree(hostConfig));
    }

    private static String error(String config, String hostConfig) {
        return assertThrows(ApiException.class, () -> parse(config, hostConfig)).getMessage();
    }

    @Test
    void bindsBecomeBindsOrNamedVolumes() throws Exception {
        List<MountSpec> m = parse("{}", "{\"Binds\":[\"/srv/www:/usr/share/www:ro\",\"data:/data\",\"/h//x/:/x:rw,rshared\"]}");
        assertEquals(new MountSpec("volume", "data", "/data", false, "", "", false, false, null), m.get(0));
        MountSpec ro = m.stream().filter(s -> s.destination().equals("/usr/share/www")).findFirst().orElseThrow();
        assertEquals("bind", ro.type());
        assertEquals("/srv/www", ro.source());
        assertTrue(ro.readOnly());
        assertEquals("rprivate", ro.propagation());
        MountSpec shared = m.stream().filter(s -> s.destination().equals("/x")).findFirst().orElseThrow();
        assertEquals("/h/x", shared.source());
        assertEquals("rshared", shared.propagation());
    }

    @Test
    void imageVolumesNotCoveredBecomeAnonymousAndParentsComeFirst() throws Exception {
        List<MountSpec> m = parse("{\"Volumes\":{\"/data/logs\":{},\"/data\":{},\"/cache\":{}}}", "{\"Binds\":[\"/h:/data/logs\"]}");
        assertEquals(List.of("/data", "/cache", "/data/logs"), m.stream().map(MountSpec::destination).toList());
        assertTrue(m.get(0).anonymous() && m.get(0).source().isEmpty());
        assertEquals("bind", m.get(2).type());
    }

    @Test
    void mountsAndTmpfs() throws Exception {
        List<MountSpec> m = parse("{}", "{\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"vv\",\"Target\":\"/v\",\"ReadOnly\":true,"
                + "\"VolumeOptions\":{\"NoCopy\":true}},{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":1048576,\"Mode\":1023}}],"
                + "\"Tmpfs\":{\"/run\":\"rw,exec,size=64m\"}}");
        MountSpec v = m.stream().filter(s -> s.destination().equals("/v")).findFirst().orElseThrow();
        assertTrue(v.noCopy() && v.readOnly() && !v.anonymous());
        MountSpec t = m.stream().filter(s -> s.destination().equals("/t")).findFirst().orElseThrow();
        assertEquals(List.of("noexec", "nosuid", "nodev", "size=1048576", "mode=1777"), t.tmpfsOptions());
        MountSpec run = m.stream().filter(s -> s.destination().equals("/run")).findFirst().orElseThrow();
        assertEquals(List.of("nosuid", "nodev", "rw", "size=64m"), run.tmpfsOptions());
    }

    @Test
    void badSpecsAreRefusedWithDockersMessages() {
        assertEquals("invalid mode: rx", error("{}", "{\"Binds\":[\"v:/x:rx\"]}"));
        assertEquals("invalid volume specification: '/foo:rw'", error("{}", "{\"Binds\":[\"/foo:rw\"]}"));
        assertEquals("invalid mount config for type \"bind\": invalid mount path: 'rel' mount path must be absolute",
                error("{}", "{\"Binds\":[\"/h:rel\"]}"));
        assertEquals("invalid specification: destination can't be '/'", error("{}", "{\"Binds\":[\"/h:/\"]}"));
        assertEquals("Duplicate mount point: /x/", error("{}", "{\"Binds\":[\"/a:/x\",\"bb:/x/\"]}"));
        assertTrue(error("{}", "{\"Binds\":[\"bad/name:/x\"]}").contains("includes invalid characters for a local volume name"));
        assertEquals("invalid mount config for type \"bind\": field Source must not be empty",
                error("{}", "{\"Mounts\":[{\"Type\":\"bind\",\"Target\":\"/x\"}]}"));
        assertEquals("invalid mount config for type \"tmpfs\": field Source must not be specified",
                error("{}", "{\"Mounts\":[{\"Type\":\"tmpfs\",\"Source\":\"s\",\"Target\":\"/x\"}]}"));
        assertEquals("invalid mount config for type \"npipe\": mount type unknown",
                error("{}", "{\"Mounts\":[{\"Type\":\"npipe\",\"Target\":\"/x\"}]}"));
    }

    @Test
    void roundTripsThroughJsonAsPersisted() throws Exception {
        MountSpec s = new MountSpec("volume", "vv", "/v", true, "ro", "", true, true, List.of());
        JsonNode n = JSON.valueToTree(s);
        assertEquals(s, JSON.treeToValue(n, MountSpec.class));
    }
}
