package dev.wharf.daemon.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.daemon.testing.CliResult;
import dev.wharf.daemon.testing.DaemonProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The container lifecycle through the stock docker CLI, with the real runc, conmon and kernel. */
class ContainerLifecycleIT {
    static ContainerFixture fx;
    static DaemonProcess d;
    static String bb;

    @BeforeAll
    static void up() throws Exception {
        fx = ContainerFixture.start(false);
        d = fx.daemon;
        bb = fx.busybox;
    }

    @AfterAll
    static void down() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    private static JsonNode inspect(String name) throws Exception {
        return new ObjectMapper().readTree(d.docker("inspect", name).ok().stdout()).get(0);
    }

    @Test
    void runRmEchoPrintsHelloAndLeavesNothing() throws Exception {
        Path cidFile = d.dataRoot().getParent().resolve("hello.cid");
        CliResult r = d.docker("run", "--rm", "--cidfile", cidFile.toString(), bb, "echo", "hello").ok();
        assertEquals("hello", r.out());
        String id = Files.readString(cidFile).trim();
        assertEquals(64, id.length());
        assertEquals("", d.docker("ps", "-aq", "--filter", "id=" + id).out());
        ContainerTraces.assertNone(d, id);
        assertEquals(3, d.docker("run", "--rm", bb, "sh", "-c", "exit 3").exitCode());
    }

    /**
     * conmon sends output only to attach clients it has accepted: a start before that accept lost a container's
     * first line (seen on a loaded CI machine). Short-lived containers that print at once are the sharpest case.
     */
    @Test
    void attachedRunsNeverMissTheFirstOutput() throws Exception {
        for (int i = 0; i < 15; i++) {
            CliResult r = d.docker("run", "--rm", bb, "sh", "-c", "echo first-" + i + "; echo second-" + i).ok();
            assertEquals("first-" + i + "\nsecond-" + i, r.out(), "run " + i);
        }
    }

    @Test
    void detachedHttpdListedLoggedStoppedStartedPausedRemoved() throws Exception {
        String id = d.docker("run", "-d", "--name", "web", bb, "httpd", "-f", "-p", "8080").ok().out();
        assertEquals(64, id.length());
        assertEquals("web Up", d.docker("ps", "--format", "{{.Names}} {{.State}}", "--filter", "name=web").out()
                .replace("running", "Up"));
        JsonNode st = inspect("web").get("State");
        assertTrue(st.get("Running").asBoolean());
        assertTrue(st.get("Pid").asInt() > 0);

        d.docker("pause", "web").ok();
        assertEquals("paused", inspect("web").at("/State/Status").asText());
        Path freezer = ContainerTraces.cgroupDir("freezer", id);
        assertEquals("FROZEN", Files.readString(freezer.resolve("freezer.state")).trim());
        d.docker("unpause", "web").ok();
        assertEquals("THAWED", Files.readString(freezer.resolve("freezer.state")).trim());

        long t0 = System.nanoTime();
        d.docker("stop", "-t", "1", "web").ok(); // httpd as pid 1 ignores TERM: SIGKILL after the grace period
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 900 && ms < 5000, "stop took " + ms + " ms");
        JsonNode stopped = inspect("web").get("State");
        assertEquals("exited", stopped.get("Status").asText());
        assertEquals(137, stopped.get("ExitCode").asInt());

        d.docker("start", "web").ok();
        assertEquals("running", inspect("web").at("/State/Status").asText());
        d.docker("rm", "-f", "web").ok();
        assertEquals("", d.docker("ps", "-aq", "--filter", "id=" + id).out());
        ContainerTraces.assertNone(d, id);
    }

    @Test
    void stopSendsTermFirst() throws Exception {
        d.docker("run", "-d", "--name", "trap", bb, "sh", "-c", "trap 'exit 42' TERM; while true; do sleep 0.1; done").ok();
        long t0 = System.nanoTime();
        d.docker("stop", "trap").ok();
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 5000);
        assertEquals(42, inspect("trap").at("/State/ExitCode").asInt());
        d.docker("rm", "trap").ok();
    }

    @Test
    void logsFollowSeesNewLinesAndStreamsStayApart() throws Exception {
        d.docker("run", "-d", "--name", "logger", bb, "sh", "-c",
                "echo out1; echo err1 >&2; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done").ok();
        Thread.sleep(500);
        CliResult logs = d.docker("logs", "logger").ok();
        assertTrue(logs.stdout().startsWith("out1\n"), logs.stdout());
        assertFalse(logs.stdout().contains("err1"));
        assertEquals("err1", logs.stderr().trim());
        assertEquals(1, d.docker("logs", "--tail", "1", "logger").ok().stdout().lines().count());
        String ts = d.docker("logs", "-t", "--tail", "1", "logger").ok().out();
        assertTrue(ts.matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z tick \\d+"), ts);

        ProcessBuilder pb = new ProcessBuilder("docker", "logs", "-f", "--tail", "1", "logger");
        pb.environment().put("DOCKER_HOST", d.dockerHost());
        Process follow = pb.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))
                .lines().forEach(lines::add));
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lines.size() < 6 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(lines.size() >= 6, "follow saw " + lines);
        int first = Integer.parseInt(lines.get(0).substring(5));
        for (int i = 0; i < 6; i++) {
            assertEquals("tick " + (first + i), lines.get(i));
        }
        d.docker("stop", "-t", "0", "logger").ok();
        assertTrue(follow.waitFor(10, TimeUnit.SECONDS), "logs -f ends when the container stops");
        d.docker("rm", "logger").ok();
    }

    @Test
    void waitKillRenameAndInspect() throws Exception {
        d.docker("create", "--name", "w1", "-e", "A=1", "--memory", "64m", "-l", "k=v", bb, "sh", "-c", "sleep 0.5; exit 7").ok();
        JsonNode created = inspect("w1");
        assertEquals("created", created.at("/State/Status").asText());
        assertEquals("/w1", created.get("Name").asText());
        assertEquals("sh", created.get("Path").asText());
        assertEquals("[\"sh\",\"-c\",\"sleep 0.5; exit 7\"]", created.at("/Config/Cmd").toString());
        assertTrue(created.at("/Config/Env").toString().contains("A=1"));
        assertEquals("v", created.at("/Config/Labels/k").asText());
        assertEquals(67108864, created.at("/HostConfig/Memory").asLong());
        assertEquals("no", created.at("/HostConfig/RestartPolicy/Name").asText());
        d.docker("start", "w1").ok();
        assertEquals("7", d.docker("wait", "w1").ok().out());
        assertEquals(7, inspect("w1").at("/State/ExitCode").asInt());
        assertNotEquals("0001-01-01T00:00:00Z", inspect("w1").at("/State/FinishedAt").asText());

        d.docker("rename", "w1", "w2").ok();
        assertEquals("/w2", inspect("w2").get("Name").asText());
        d.docker("rm", "w2").ok();
        d.docker("run", "-d", "--name", "k1", bb, "sleep", "30").ok();
        d.docker("kill", "k1").ok();
        assertEquals("137", d.docker("wait", "k1").ok().out());
        assertTrue(d.docker("kill", "k1").stderr().contains("is not running"));
        d.docker("rm", "k1").ok();
    }

    @Test
    void stdinIsPipedToTheContainer() throws Exception {
        CliResult r = d.dockerWithInput("piped\nsecond\n".getBytes(StandardCharsets.UTF_8), "run", "--rm", "-i", bb, "cat").ok();
        assertEquals("piped\nsecond", r.out());
    }

    @Test
    void startAttachPrintsOutput() throws Exception {
        d.docker("create", "--name", "att", bb, "echo", "created").ok();
        assertEquals("created", d.docker("start", "-a", "att").ok().out());
        d.docker("rm", "att").ok();
    }

    @Test
    void onFailureRestartsWithBackoffThenGivesUp() throws Exception {
        d.docker("run", "-d", "--name", "flaky", "--restart", "on-failure:2", bb, "sh", "-c", "echo run; exit 1").ok();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        JsonNode c = inspect("flaky");
        while (!(c.at("/State/Status").asText().equals("exited") && c.get("RestartCount").asInt() == 2)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            c = inspect("flaky");
        }
        assertEquals(2, c.get("RestartCount").asInt());
        assertEquals("exited", c.at("/State/Status").asText());
        assertEquals(3, d.docker("logs", "flaky").ok().stdout().lines().filter("run"::equals).count());
        d.docker("rm", "flaky").ok();
    }

    @Test
    void aRestartThatCannotStartEndsTheWaitAndFreesThePort() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        // the fifth run deletes its own shell, so the fifth restart (after a 1.6 s backoff) cannot exec it
        d.docker("run", "-d", "--name", "doomed", "--restart", "on-failure:9", "-p", port + ":80", bb, "sh", "-c",
                "echo x >> /runs; [ $(wc -l < /runs) -ge 5 ] && rm /bin/sh; exit 3").ok();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode c = inspect("doomed");
        while (!(c.get("RestartCount").asInt() == 4 && c.at("/State/Status").asText().equals("restarting"))) {
            assertTrue(System.nanoTime() < deadline, "never reached the last backoff: " + c.get("State"));
            Thread.sleep(50);
            c = inspect("doomed");
        }
        ProcessBuilder pb = new ProcessBuilder("docker", "wait", "doomed").redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", d.dockerHost());
        Process w = pb.start();
        assertTrue(w.waitFor(20, TimeUnit.SECONDS), "docker wait returns when the restart fails");
        assertEquals("127", new String(w.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        c = inspect("doomed");
        assertEquals("exited", c.at("/State/Status").asText());
        assertFalse(c.at("/State/Error").asText().isEmpty(), c.get("State").toString());
        // the failed start gave back its sandbox: the host port can be published again
        d.docker("run", "-d", "--name", "heir", "-p", port + ":80", bb, "sleep", "30").ok();
        d.docker("rm", "-f", "heir", "doomed").ok();
    }

    @Test
    void pruneRemovesStoppedContainersOnly() throws Exception {
        d.docker("create", "--name", "pr1", bb, "true").ok();
        d.docker("run", "-d", "--name", "pr2", bb, "sleep", "30").ok();
        String out = d.docker("container", "prune", "-f").ok().out();
        assertTrue(out.contains("Deleted Containers"), out);
        assertEquals("pr2", d.docker("ps", "-a", "--format", "{{.Names}}", "--filter", "name=pr").out());
        d.docker("rm", "-f", "pr2").ok();
    }

    @Test
    void infoCountsContainers() throws Exception {
        d.docker("run", "-d", "--name", "counted", bb, "sleep", "30").ok();
        String info = d.docker("info", "--format", "{{.ContainersRunning}}").ok().out();
        assertTrue(Integer.parseInt(info) >= 1);
        d.docker("rm", "-f", "counted").ok();
    }

    @Test
    void logsRotateBySizeKeepingMaxFilesWithoutGaps() throws Exception {
        String id = d.docker("run", "-d", "--log-opt", "max-size=10k", "--log-opt", "max-file=3", bb, "sh", "-c",
                "i=0; while [ $i -lt 3000 ]; do echo line $i; i=$((i+1)); [ $((i % 300)) = 0 ] && sleep 0.2; done; sleep 30")
                .ok().out();
        Path dir = d.dataRoot().resolve("containers").resolve(id);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = d.docker("logs", id).ok().stdout().lines().toList();
            if (!lines.isEmpty() && lines.get(lines.size() - 1).equals("line 2999")) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("line 2999", lines.get(lines.size() - 1));
        assertTrue(Files.exists(dir.resolve("ctr.log.2")));
        assertFalse(Files.exists(dir.resolve("ctr.log.3")), "max-file=3 keeps the live file and two rotated ones");
        assertTrue(lines.size() < 3000, "old lines were rotated away");
        // what is kept is contiguous: the rotation (rename + conmon reopen) lost nothing in between
        int first = -1;
        for (String l : lines) {
            if (!l.startsWith("line ")) {
                continue; // the oldest kept entry may be the tail of a line whose start was rotated away
            }
            int n = Integer.parseInt(l.substring(5));
            if (first >= 0) {
                assertEquals(first + 1, n, "after line " + first);
            }
            first = n;
        }
        d.docker("rm", "-f", id).ok();
        ContainerTraces.assertNone(d, id);
    }

    @Test
    void ttyGetsItsSizeAndRawOutput() throws Exception {
        String out = d.docker("run", "--rm", "-t", bb, "sh", "-c", "test -t 1 && echo is-a-tty").ok().stdout();
        assertEquals("is-a-tty\r\n", out);
    }

    @Test
    void attachToARunningContainer() throws Exception {
        d.docker("run", "-d", "-i", "--name", "reader", bb, "sh", "-c", "read l; echo got $l; echo err >&2").ok();
        CliResult r = d.dockerWithInput("hello\n".getBytes(StandardCharsets.UTF_8), "attach", "reader").ok();
        assertEquals("got hello", r.out());
        assertEquals("err", r.stderr().trim());
        assertEquals("0", d.docker("wait", "reader").ok().out());
        d.docker("rm", "reader").ok();
    }

    @Test
    void lifecycleEventsInOrder() throws Exception {
        long t0 = System.currentTimeMillis() / 1000;
        d.docker("run", "--rm", "--name", "evt", bb, "true").ok();
        d.docker("run", "-d", "--name", "evt2", bb, "sleep", "30").ok();
        d.docker("pause", "evt2").ok();
        d.docker("unpause", "evt2").ok();
        d.docker("rename", "evt2", "evt3").ok();
        d.docker("rm", "-f", "evt3").ok();
        String until = Long.toString(System.currentTimeMillis() / 1000 + 1);
        assertEquals(List.of("create", "attach", "start", "die", "destroy"), d.docker("events", "--since", Long.toString(t0),
                "--until", until, "--filter", "container=evt", "--format", "{{.Action}}").ok().out().lines().toList());
        String evt3 = d.docker("events", "--since", Long.toString(t0), "--until", until, "--filter", "event=pause",
                "--filter", "event=unpause", "--filter", "event=rename", "--filter", "event=kill", "--filter", "event=die",
                "--format", "{{.Action}} {{index .Actor.Attributes \"name\"}}").ok().out();
        assertTrue(evt3.contains("pause evt2\nunpause evt2\nrename evt3\nkill evt3\ndie evt3"), evt3);
    }
}
