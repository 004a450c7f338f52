package dev.wharf.daemon.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.daemon.testing.DaemonProcess;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Containers outlive the daemon: kill -9 it, start it again, and it re-adopts them with their state and logs. */
class LiveRestoreIT {
    static ContainerFixture fx;
    static DaemonProcess d;

    @BeforeAll
    static void up() throws Exception {
        fx = ContainerFixture.start(false);
        d = fx.daemon;
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
    void aCounterKeepsRunningAcrossKill9AndNoLineIsLost() throws Exception {
        d.docker("run", "-d", "--name", "counter", fx.busybox, "sh", "-c",
                "i=0; while true; do echo $i; i=$((i+1)); sleep 0.01; done").ok();
        // exits while the daemon is away: its code must be picked up; a --rm one must go
        d.docker("run", "-d", "--name", "short", fx.busybox, "sh", "-c", "sleep 1; exit 5").ok();
        String rmId = d.docker("run", "-d", "--rm", fx.busybox, "sh", "-c", "sleep 1").ok().out();
        int pid = inspect("counter").at("/State/Pid").asInt();
        Thread.sleep(500);
        d.kill9();
        Thread.sleep(2000); // the counter keeps writing; "short" exits meanwhile
        d.restart();

        JsonNode c = inspect("counter");
        assertEquals("running", c.at("/State/Status").asText());
        assertEquals(pid, c.at("/State/Pid").asInt());
        assertTrue(d.docker("ps", "--format", "{{.Names}}").out().lines().toList().contains("counter"));
        assertEquals("exited", inspect("short").at("/State/Status").asText());
        assertEquals(5, inspect("short").at("/State/ExitCode").asInt());
        assertEquals("", d.docker("ps", "-aq", "--filter", "id=" + rmId).out());
        ContainerTraces.assertNone(d, rmId);

        Thread.sleep(500);
        d.docker("stop", "-t", "0", "counter").ok();
        List<String> lines = d.docker("logs", "counter").ok().stdout().lines().toList();
        assertTrue(lines.size() > 100, "only " + lines.size() + " lines");
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(Integer.toString(i), lines.get(i), "line " + i);
        }
        d.docker("rm", "counter", "short").ok();
    }

    @Test
    void aGracefulDaemonStopLeavesContainersRunningToo() throws Exception {
        d.docker("run", "-d", "--name", "survivor", fx.busybox, "sleep", "60").ok();
        d.stop();
        d.restart();
        assertEquals("running", inspect("survivor").at("/State/Status").asText());
        d.docker("stop", "-t", "0", "survivor").ok();
        assertEquals(137, inspect("survivor").at("/State/ExitCode").asInt());
        d.docker("rm", "survivor").ok();
    }
}
