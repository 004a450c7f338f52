package dev.wharf.daemon.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.daemon.testing.Cli;
import dev.wharf.daemon.testing.CliResult;
import dev.wharf.daemon.testing.DaemonProcess;
import dev.wharf.daemon.volumes.SeedFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code docker exec} with the stock CLI against a running busybox httpd, through conmon and runc. */
class ExecIT {
    static SeedFixture fx;
    static DaemonProcess d;

    @BeforeAll
    static void up() throws Exception {
        fx = SeedFixture.start();
        d = fx.daemon;
        d.docker("run", "-d", "--name", "web", "busybox", "httpd", "-f").ok();
    }

    @AfterAll
    static void down() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void execRunsInsideTheContainersNamespaces() throws Exception {
        String ls = d.docker("exec", "web", "ls", "/").ok().out();
        assertTrue(List.of(ls.split("\n")).containsAll(List.of("bin", "etc", "proc", "tmp")), ls);
        // the container's pid namespace: its init is httpd
        assertEquals("httpd -f", d.docker("exec", "web", "sh", "-c", "tr '\\0' ' ' < /proc/1/cmdline").ok().out());
    }

    @Test
    void stdinReachesTheProcessWithI() throws Exception {
        CliResult r = d.dockerWithInput("x\nline two\n".getBytes(StandardCharsets.UTF_8), "exec", "-i", "web", "cat").ok();
        assertEquals("x\nline two", r.out());
    }

    @Test
    void exitCodesAndStreamsAreThoseOfTheProcess() throws Exception {
        assertEquals(7, d.docker("exec", "web", "sh", "-c", "exit 7").exitCode());
        CliResult r = d.docker("exec", "web", "sh", "-c", "echo out; echo err >&2");
        assertEquals(0, r.exitCode());
        assertEquals("out", r.out());
        assertEquals("err", r.stderr().trim());
        CliResult missing = d.docker("exec", "web", "/nonexistent");
        assertEquals(127, missing.exitCode());
        assertTrue((missing.stdout() + missing.stderr()).contains("no such file or directory"), missing.toString());
    }

    @Test
    void ttyExecGetsAPtyAndItsExitCode() throws Exception {
        assertTrue(d.docker("exec", "-t", "web", "tty").ok().out().startsWith("/dev/pts/"));
        // -it needs a terminal on the client side: script(1) gives it one
        CliResult r = Cli.run(List.of("script", "-qec", "docker exec -it web sh -c 'exit 5'", "/dev/null"), null,
                Map.of("DOCKER_HOST", d.dockerHost()));
        assertEquals(5, r.exitCode(), r.toString());
        CliResult t = Cli.run(List.of("script", "-qec", "docker exec -it web true", "/dev/null"), null,
                Map.of("DOCKER_HOST", d.dockerHost()));
        assertEquals(0, t.exitCode(), t.toString());
    }

    @Test
    void userWorkingDirAndEnvApply() throws Exception {
        assertEquals("1000 1000\n/tmp\nbar", d.docker("exec", "-u", "www", "-w", "/tmp", "-e", "FOO=bar", "web",
                "sh", "-c", "echo $(id -u) $(id -g); pwd; echo $FOO").ok().out());
        assertEquals("0", d.docker("exec", "web", "id", "-u").ok().out());
        CliResult bad = d.docker("exec", "-u", "nosuchuser", "web", "true");
        assertNotEquals(0, bad.exitCode());
        assertTrue((bad.stdout() + bad.stderr()).contains("unable to find user nosuchuser"), bad.toString());
    }

    @Test
    void detachedExecRunsInTheBackground() throws Exception {
        CliResult r = d.docker("exec", "-d", "web", "sh", "-c", "sleep 0.3; echo done > /tmp/detached");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.out());
        String seen = "";
        for (int i = 0; i < 50 && !seen.equals("done"); i++) {
            Thread.sleep(100);
            seen = d.docker("exec", "web", "sh", "-c", "cat /tmp/detached 2>/dev/null").out();
        }
        assertEquals("done", seen);
    }

    @Test
    void pausedOrStoppedContainersRefuseExec() throws Exception {
        d.docker("pause", "web").ok();
        try {
            CliResult r = d.docker("exec", "web", "true");
            assertNotEquals(0, r.exitCode());
            assertTrue(r.stderr().contains("is paused, unpause the container before exec"), r.stderr());
        } finally {
            d.docker("unpause", "web").ok();
        }
        d.docker("create", "--name", "idle", "busybox", "true").ok();
        CliResult r = d.docker("exec", "idle", "true");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("is not running"), r.stderr());
        d.docker("rm", "idle").ok();
    }
}
