package dev.wharf.daemon.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.daemon.testing.CliResult;
import dev.wharf.daemon.testing.DaemonProcess;
import dev.wharf.daemon.testing.Mounts;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input gets Docker's clear error, and leaves no container, mount or directory behind. */
class ContainerErrorsIT {
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

    private static void assertNothingLeft() throws Exception {
        assertEquals("", d.docker("ps", "-aq").out());
        assertEquals(List.of(), Mounts.under(d.dataRoot()));
        try (Stream<java.nio.file.Path> s = Files.list(d.dataRoot().resolve("containers"))) {
            assertEquals(0, s.count());
        }
        try (Stream<java.nio.file.Path> s = Files.list(d.dataRoot().resolve("snapshots"))) {
            assertEquals(List.of("l"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void unknownImage() throws Exception {
        CliResult r = d.docker("run", "--rm", fx.registry.address() + "/no-such-image", "true");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("Unable to find image '" + fx.registry.address() + "/no-such-image:latest' locally"), r.stderr());
        CliResult create = d.docker("create", "--pull", "never", fx.registry.address() + "/no-such-image");
        assertTrue(create.stderr().contains("No such image: " + fx.registry.address() + "/no-such-image:latest"), create.stderr());
        assertNothingLeft();
    }

    @Test
    void invalidMemoryValues() throws Exception {
        CliResult cli = d.docker("run", "--rm", "--memory", "lots", fx.busybox, "true");
        assertEquals(125, cli.exitCode());
        assertTrue(cli.stderr().contains("invalid argument \"lots\""), cli.stderr());
        CliResult daemon = d.docker("run", "--rm", "--memory", "1k", fx.busybox, "true");
        assertEquals(125, daemon.exitCode());
        assertTrue(daemon.stderr().contains("Minimum memory limit allowed is 6MB"), daemon.stderr());
        CliResult swap = d.docker("run", "--rm", "--memory", "64m", "--memory-swap", "32m", fx.busybox, "true");
        assertTrue(swap.stderr().contains("Minimum memoryswap limit should be larger than memory limit"), swap.stderr());
        CliResult cpus = d.docker("run", "--rm", "--cpus", "64", fx.busybox, "true");
        assertTrue(cpus.stderr().contains("Range of CPUs is from 0.01 to"), cpus.stderr());
        assertNothingLeft();
    }

    @Test
    void duplicateName() throws Exception {
        String id = d.docker("create", "--name", "dup", fx.busybox, "true").ok().out();
        CliResult r = d.docker("create", "--name", "dup", fx.busybox, "true");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("Conflict. The container name \"/dup\" is already in use by container \"" + id + "\""), r.stderr());
        assertEquals(1, d.docker("ps", "-aq").out().lines().count());
        d.docker("rm", "dup").ok();
        assertTrue(d.docker("create", "--name", "bad/name", fx.busybox, "true").stderr().contains("Invalid container name"));
        assertNothingLeft();
    }

    @Test
    void missingExecutableAndUnknownUser() throws Exception {
        java.nio.file.Path cid = d.dataRoot().getParent().resolve("failed-start.cid");
        CliResult r = d.docker("run", "--rm", "--cidfile", cid.toString(), "-p", "80", fx.busybox, "no-such-command");
        assertEquals(127, r.exitCode());
        assertTrue(r.stderr().contains("executable file not found"), r.stderr());
        String failedId = Files.readString(cid).trim();
        CliResult u = d.docker("run", "--rm", "--user", "nobody-here", fx.busybox, "true");
        assertTrue(u.stderr().contains("unable to find user nobody-here: no matching entries in passwd file"), u.stderr());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!d.docker("ps", "-aq").out().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50); // --rm removal after a failed start runs in the background
        }
        assertNothingLeft();
        // the failed start's network (veth, address lease, published port's nft rule) went with it
        ContainerTraces.assertNone(d, failedId);
    }

    @Test
    void runningContainerNeedsForce() throws Exception {
        d.docker("run", "-d", "--name", "busy", fx.busybox, "sleep", "30").ok();
        CliResult r = d.docker("rm", "busy");
        assertTrue(r.stderr().contains("You cannot remove a running container"), r.stderr());
        assertTrue(d.docker("logs", "nope").stderr().contains("No such container: nope"));
        d.docker("rm", "-f", "busy").ok();
        assertNothingLeft();
    }
}
