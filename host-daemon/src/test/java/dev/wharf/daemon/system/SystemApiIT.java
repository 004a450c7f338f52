package dev.wharf.daemon.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.daemon.api.ApiVersion;
import dev.wharf.daemon.testing.Cli;
import dev.wharf.daemon.testing.CliResult;
import dev.wharf.daemon.testing.DaemonProcess;
import dev.wharf.daemon.testing.UnixHttp;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The foundation's promise: the stock docker CLI talks to Wharf, and bad requests get Docker-style errors. */
class SystemApiIT {
    private static DaemonProcess daemon;

    @BeforeAll
    static void start() throws Exception {
        daemon = DaemonProcess.start();
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
    }

    @Test
    void dockerVersionShowsTheWharfServerAndItsApiVersion() throws Exception {
        CliResult r = daemon.docker("version").ok();
        assertTrue(r.stdout().contains("Server: Wharf"), r.stdout());
        assertTrue(r.stdout().matches("(?s).*API version:\\s+" + ApiVersion.MAX + " \\(minimum version " + ApiVersion.MIN + "\\).*"), r.stdout());
        String v = daemon.docker("version", "--format", "{{.Server.APIVersion}}").ok().out();
        assertEquals(ApiVersion.MAX, v);
    }

    @Test
    void dockerInfoAnswers() throws Exception {
        CliResult r = daemon.docker("info", "--format", "{{.OSType}} {{.Driver}} {{.DockerRootDir}}").ok();
        assertEquals("linux overlay2 " + daemon.dataRoot(), r.out());
        // what this host has, as findmnt and the cgroup mount say it
        String fsType = Cli.run("findmnt", "-n", "-o", "FSTYPE", "--target", daemon.dataRoot().toString()).ok().out();
        String cgroupVersion = Files.exists(java.nio.file.Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1";
        assertEquals((fsType.startsWith("ext") ? "extfs" : fsType) + " " + cgroupVersion, daemon.docker("info", "--format",
                "{{index (index .DriverStatus 0) 1}} {{.CgroupVersion}}").ok().out());
    }

    @Test
    void pingAnswersOnVersionedAndUnversionedPathsWithTheApiVersionHeader() throws Exception {
        for (String p : List.of("/_ping", "/v1.41/_ping", "/v" + ApiVersion.MAX + "/_ping")) {
            UnixHttp.Response r = UnixHttp.request(daemon.socket(), "GET", p, null);
            assertEquals(200, r.status(), p);
            assertEquals("OK", r.body());
            assertTrue(r.head().contains("Api-Version: " + ApiVersion.MAX), r.head());
        }
        assertEquals(200, UnixHttp.request(daemon.socket(), "HEAD", "/_ping", null).status());
    }

    @Test
    void unknownEndpointIsA404WithADockerStyleMessage() throws Exception {
        UnixHttp.Response r = UnixHttp.request(daemon.socket(), "GET", "/v1.43/no/such/thing", null);
        assertEquals(404, r.status());
        assertEquals("{\"message\":\"page not found\"}", r.body());
        assertTrue(r.head().toLowerCase().contains("content-type: application/json"), r.head());
    }

    @Test
    void tooNewApiVersionIsRefusedByName() throws Exception {
        UnixHttp.Response r = UnixHttp.request(daemon.socket(), "GET", "/v1.99/version", null);
        assertEquals(400, r.status());
        assertTrue(r.body().contains("client version 1.99 is too new"), r.body());
    }

    @Test
    void malformedJsonBodyIsA400NamingTheProblem() throws Exception {
        UnixHttp.Response r = UnixHttp.request(daemon.socket(), "GET", "/events?filters=%7Bnope", null);
        assertEquals(400, r.status());
        assertTrue(r.body().contains("invalid filters"), r.body());
    }

    @Test
    void aSecondDaemonOnTheSameDataRootRefusesToStart() throws Exception {
        var r = dev.wharf.daemon.testing.Cli.run(List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("wharf.daemon.jar"), "--data-root", daemon.dataRoot().toString(),
                "--exec-root", daemon.execRoot().resolve("other").toString()), null, java.util.Map.of());
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("another Wharf daemon is using the data root"), r.stderr());
    }

    @Test
    void sigtermStopsCleanlyAndRemovesTheSocket() throws Exception {
        DaemonProcess d = DaemonProcess.start();
        try {
            assertTrue(Files.exists(d.socket()));
            assertEquals(0, d.stop());
            assertFalse(Files.exists(d.socket()), "socket left behind");
            assertFalse(Files.exists(d.execRoot().resolve("wharf-daemon.pid")), "pid file left behind");
        } finally {
            d.close();
        }
    }
}
