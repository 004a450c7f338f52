package dev.wharf.daemon.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.daemon.testing.CliResult;
import dev.wharf.daemon.testing.DaemonProcess;
import dev.wharf.testsupport.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Isolation checked from inside the container, and the union filesystem checked from both sides. */
class ContainerIsolationIT {
    static ContainerFixture fx;
    static DaemonProcess d;

    @BeforeAll
    static void up() throws Exception {
        fx = ContainerFixture.start(true);
        d = fx.daemon;
    }

    @AfterAll
    static void down() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    private static String run(String... cmd) throws Exception {
        String[] args = Stream.concat(Stream.of("run", "--rm"), Stream.of(cmd)).toArray(String[]::new);
        return d.docker(args).ok().out();
    }

    @Test
    void pidOneHostnameAndOwnProcessesOnly() throws Exception {
        assertEquals("1", run(fx.busybox, "sh", "-c", "echo $$"));
        assertEquals("iso-host iso-host", run("--hostname", "iso-host", fx.busybox, "sh", "-c", "echo $(hostname) $HOSTNAME"));
        // /proc holds this container's few processes only, numbered from 1 in its own pid namespace
        List<Integer> pids = run(fx.busybox, "sh", "-c", "cd /proc && echo [0-9]*").lines()
                .flatMap(l -> Stream.of(l.split(" "))).map(Integer::parseInt).toList();
        assertTrue(pids.contains(1) && pids.size() <= 4 && pids.stream().allMatch(p -> p < 20), pids.toString());
        String id = d.docker("run", "-d", fx.busybox, "sleep", "30").ok().out();
        // another container's sleep is not visible inside a new one
        assertEquals("", run(fx.busybox, "sh", "-c", "ps -o comm | grep sleep; true"));
        String ps = d.docker("ps", "--no-trunc", "--format", "{{.ID}}").out();
        assertTrue(ps.contains(id));
        d.docker("rm", "-f", id).ok();
    }

    @Test
    void dockersSeccompProfileUnlessUnconfinedAndNoNewPrivilegesOnRequest() throws Exception {
        // no CAP_SYS_ADMIN: the default profile refuses new namespaces, as Docker's does
        CliResult denied = d.docker("run", "--rm", fx.busybox, "unshare", "-U", "true");
        assertNotEquals(0, denied.exitCode());
        assertTrue(denied.stderr().contains("Operation not permitted") || denied.stdout().contains("Operation not permitted"),
                denied.stdout() + denied.stderr());
        assertEquals("0 2", run(fx.busybox, "sh", "-c",
                "awk '/^(Seccomp|NoNewPrivs):/ {printf \"%s \", $2}' /proc/self/status"));
        assertEquals("ok", run("--security-opt", "seccomp=unconfined", fx.busybox, "sh", "-c", "unshare -U true && echo ok"));
        assertEquals("1 0", run("--security-opt", "seccomp=unconfined", "--security-opt", "no-new-privileges", fx.busybox, "sh", "-c",
                "awk '/^(Seccomp|NoNewPrivs):/ {printf \"%s \", $2}' /proc/self/status"));
        CliResult bad = d.docker("run", "--rm", "--security-opt", "foo=bar", fx.busybox, "true");
        assertNotEquals(0, bad.exitCode());
        assertTrue(bad.stderr().contains("invalid --security-opt"), bad.stderr());
        String info = d.docker("info", "--format", "{{json .SecurityOptions}}").ok().out();
        assertTrue(info.contains("name=seccomp,profile=builtin"), info);
    }

    @Test
    void ownNetworkNamespace() throws Exception {
        // --network none: a namespace of its own with only lo, and lo is up
        assertEquals("lo", run("--network", "none", fx.busybox, "sh", "-c", "ls /sys/class/net"));
        assertTrue(run("--network", "none", fx.busybox, "ip", "link").contains("LOOPBACK,UP"), "lo is up");
        // whatever the network, never the host's namespace
        String hostNs = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        assertFalse(run(fx.busybox, "readlink", "/proc/1/ns/net").equals(hostNs));
    }

    @Test
    void writesLandInTheReadWriteLayerOnly() throws Exception {
        Map<String, Long> before = layerState();
        String id = d.docker("run", "-d", fx.busybox, "sh", "-c",
                "echo hi > /new.txt && rm /etc/os-release && echo x >> /etc/passwd && sleep 30").ok().out();
        Path upper = d.dataRoot().resolve("snapshots").resolve(id).resolve("diff");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(upper.resolve("etc/passwd")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals("hi\n", Files.readString(upper.resolve("new.txt")));
        assertTrue(Files.readString(upper.resolve("etc/passwd")).endsWith("x\n"));
        assertTrue(Files.exists(upper.resolve("etc/os-release"), java.nio.file.LinkOption.NOFOLLOW_LINKS), "whiteout in upper");
        assertEquals(before, layerState(), "image layer dirs unchanged");
        d.docker("rm", "-f", id).ok();
        ContainerTraces.assertNone(d, id);
        assertEquals("", run(fx.busybox, "sh", "-c", "ls /new.txt 2>/dev/null; true"), "a new container starts clean");
    }

    @Test
    void aFileDeletedByAnUpperImageLayerIsHidden() throws Exception {
        assertEquals("no", run(fx.multilayer, "sh", "-c", "test -e /data/old.txt && echo yes || echo no"));
        assertEquals(Fixtures.KEEP_TXT.trim(), run(fx.multilayer, "cat", "/data/keep.txt"));
        assertEquals("c.txt", run(fx.multilayer, "ls", "/data/dir"), "opaque dir shows only the upper layer's file");
    }

    /** Every file under the layer store with its size and mtime. */
    private static Map<String, Long> layerState() throws Exception {
        Map<String, Long> m = new TreeMap<>();
        Path layers = d.dataRoot().resolve("layers");
        try (Stream<Path> s = Files.walk(layers)) {
            for (Path p : s.toList()) {
                var a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                m.put(layers.relativize(p).toString(), a.size() * 31 + a.lastModifiedTime().toMillis());
            }
        }
        assertFalse(m.isEmpty());
        return m;
    }
}
