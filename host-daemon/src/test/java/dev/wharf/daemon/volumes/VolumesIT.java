package dev.wharf.daemon.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.daemon.testing.CliResult;
import dev.wharf.daemon.testing.DaemonProcess;
import dev.wharf.daemon.testing.RunId;
import dev.wharf.daemon.testing.UnixHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Named and anonymous volumes, bind mounts and tmpfs through the stock docker CLI. */
class VolumesIT {
    static SeedFixture fx;
    static DaemonProcess d;

    @BeforeAll
    static void up() throws Exception {
        fx = SeedFixture.start();
        d = fx.daemon;
    }

    @AfterAll
    static void down() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    private static Set<String> volumes() throws Exception {
        String out = d.docker("volume", "ls", "-q").ok().out();
        return out.isEmpty() ? Set.of() : Set.of(out.split("\n"));
    }

    private static JsonNode json(CliResult r) throws Exception {
        return new ObjectMapper().readTree(r.ok().stdout()).get(0);
    }

    @Test
    void namedVolumeDataSurvivesTheContainer() throws Exception {
        d.docker("volume", "create", "--label", "app=web", "keep").ok();
        JsonNode v = json(d.docker("volume", "inspect", "keep"));
        assertEquals("local", v.get("Driver").asText());
        assertEquals("web", v.at("/Labels/app").asText());
        Path mountpoint = Path.of(v.get("Mountpoint").asText());
        assertTrue(mountpoint.startsWith(d.dataRoot()), mountpoint.toString());

        d.docker("run", "--name", "writer", "-v", "keep:/store", "busybox", "sh", "-c", "echo kept > /store/f").ok();
        JsonNode mount = json(d.docker("inspect", "writer")).get("Mounts").get(0);
        assertEquals("volume", mount.get("Type").asText());
        assertEquals("keep", mount.get("Name").asText());
        assertEquals("/store", mount.get("Destination").asText());
        assertTrue(mount.get("RW").asBoolean());
        d.docker("rm", "-v", "writer").ok();
        assertTrue(volumes().contains("keep"), "rm -v keeps named volumes");
        assertEquals("kept", Files.readString(mountpoint.resolve("f")).trim());
        assertEquals("kept", d.docker("run", "--rm", "-v", "keep:/other", "busybox", "cat", "/other/f").ok().out());

        assertEquals("keep", d.docker("volume", "ls", "-q", "--filter", "label=app=web").ok().out());
        d.docker("volume", "rm", "keep").ok();
        assertFalse(Files.exists(mountpoint));
        CliResult gone = d.docker("volume", "inspect", "keep");
        assertNotEquals(0, gone.exitCode());
        assertTrue(gone.stderr().contains("no such volume"), gone.stderr());
    }

    @Test
    void firstUseCopiesTheImageContentIntoAnEmptyVolume() throws Exception {
        assertEquals(SeedFixture.SEED_TXT.trim(), d.docker("run", "--rm", "-v", "seeded:/data", "volbox", "cat", "/data/seed.txt").ok().out());
        d.docker("run", "--rm", "-v", "seeded:/data", "volbox", "sh", "-c", "echo changed > /data/seed.txt").ok();
        assertEquals("changed", d.docker("run", "--rm", "-v", "seeded:/data", "volbox", "cat", "/data/seed.txt").ok().out(),
                "a volume that has content is not copied into again");
        assertEquals("", d.docker("run", "--rm", "--mount", "type=volume,src=nocopy,dst=/data,volume-nocopy", "volbox", "ls", "/data").ok().out());
        d.docker("volume", "rm", "seeded", "nocopy").ok();
    }

    @Test
    void imageVolumesGetAnonymousVolumesThatRmVRemoves() throws Exception {
        Set<String> before = volumes();
        d.docker("run", "--name", "anon", "volbox", "sh", "-c", "cat /data/seed.txt; echo new > /data/new").ok();
        JsonNode mount = json(d.docker("inspect", "anon")).get("Mounts").get(0);
        String name = mount.get("Name").asText();
        assertTrue(name.matches("[0-9a-f]{64}"), name);
        assertEquals("/data", mount.get("Destination").asText());
        assertTrue(volumes().contains(name));
        d.docker("rm", "-v", "anon").ok();
        assertEquals(before, volumes(), "rm -v removes the anonymous volume");

        d.docker("run", "--rm", "volbox", "true").ok();
        assertEquals(before, volumes(), "--rm removes the anonymous volume");

        d.docker("run", "--name", "anon2", "volbox", "true").ok();
        d.docker("rm", "anon2").ok();
        assertEquals(before.size() + 1, volumes().size(), "rm without -v keeps it");
        d.docker("volume", "prune", "-f").ok(); // API 1.43: only anonymous volumes
        assertEquals(before, volumes());
    }

    @Test
    void aVolumeInUseCannotBeRemoved() throws Exception {
        d.docker("run", "-d", "--name", "holder", "-v", "busy:/d", "busybox", "sleep", "1000").ok();
        CliResult r = d.docker("volume", "rm", "busy");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("volume is in use"), r.stderr());
        d.docker("stop", "-t", "0", "holder").ok();
        assertNotEquals(0, d.docker("volume", "rm", "busy").exitCode(), "a stopped container still uses it");
        d.docker("rm", "holder").ok();
        d.docker("volume", "rm", "busy").ok();
    }

    @Test
    void bindMountsReadWriteAndReadOnly() throws Exception {
        Path host = fx.hostDir("bind");
        Files.writeString(host.resolve("f"), "from the host\n");
        CliResult ro = d.docker("run", "--rm", "-v", host + ":/h:ro", "busybox", "sh", "-c", "cat /h/f; touch /h/g");
        assertNotEquals(0, ro.exitCode());
        assertEquals("from the host", ro.out());
        assertTrue(ro.stderr().contains("Read-only file system"), ro.stderr());
        assertFalse(Files.exists(host.resolve("g")));

        d.docker("run", "--rm", "--mount", "type=bind,source=" + host + ",target=/h", "busybox", "sh", "-c", "echo back > /h/g").ok();
        assertEquals("back", Files.readString(host.resolve("g")).trim());
        CliResult roMount = d.docker("run", "--rm", "--mount", "type=bind,source=" + host + ",target=/h,readonly", "busybox", "touch", "/h/x");
        assertNotEquals(0, roMount.exitCode());
    }

    @Test
    void aMissingBindSourceIsAClearErrorLeavingNothing() throws Exception {
        Set<String> before = volumes();
        String missing = "/nonexistent-wharf-" + RunId.get();
        CliResult r = d.docker("run", "--name", "nobind", "-v", missing + ":/x", "volbox", "true");
        assertEquals(125, r.exitCode());
        assertTrue(r.stderr().contains("bind source path does not exist: " + missing), r.stderr());
        assertEquals("", d.docker("ps", "-aq", "--filter", "name=nobind").ok().out());
        assertEquals(before, volumes());
        assertFalse(Files.exists(Path.of(missing)));
        CliResult badMode = d.docker("run", "--rm", "-v", "vol:/x:rx", "busybox", "true");
        assertEquals(125, badMode.exitCode());
        assertTrue(badMode.stderr().contains("invalid mode: rx"), badMode.stderr());
    }

    @Test
    void tmpfsMountsAreTmpfs() throws Exception {
        String mounts = d.docker("run", "--rm", "--tmpfs", "/scratch:size=1m", "busybox", "grep", " /scratch ", "/proc/mounts").ok().out();
        assertTrue(mounts.startsWith("tmpfs /scratch tmpfs"), mounts);
        assertTrue(mounts.contains("size=1024k") && mounts.contains("noexec"), mounts);
    }

    @Test
    void systemDfAndEventsShowVolumes() throws Exception {
        long since = System.currentTimeMillis() / 1000 - 1;
        d.docker("volume", "create", "dfvol").ok();
        d.docker("run", "--rm", "-v", "dfvol:/d", "busybox", "sh", "-c", "head -c 4096 /dev/zero > /d/blob").ok();
        JsonNode df = new ObjectMapper().readTree(UnixHttp.request(d.socket(), "GET", "/v1.43/system/df", null).body());
        JsonNode vol = null;
        for (JsonNode v : df.get("Volumes")) {
            if (v.get("Name").asText().equals("dfvol")) {
                vol = v;
            }
        }
        assertTrue(vol != null, df.toString());
        assertEquals(4096, vol.at("/UsageData/Size").asLong());
        assertEquals(0, vol.at("/UsageData/RefCount").asInt());
        d.docker("volume", "rm", "dfvol").ok();
        String events = d.docker("events", "--since", Long.toString(since), "--until", Long.toString(System.currentTimeMillis() / 1000 + 1),
                "--filter", "type=volume", "--format", "{{.Action}} {{.Actor.ID}}").ok().out();
        assertTrue(events.contains("create dfvol") && events.contains("mount dfvol") && events.contains("destroy dfvol"), events);
    }
}
