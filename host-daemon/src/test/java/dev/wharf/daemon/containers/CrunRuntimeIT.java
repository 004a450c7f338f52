package dev.wharf.daemon.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.daemon.testing.DaemonProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** crun 1.8.1 on this hybrid-cgroup host, selected with --runtime crun (the v2 mount is hidden from it). */
class CrunRuntimeIT {
    @Test
    void crunRunsContainersWithLimits() throws Exception {
        try (ContainerFixture fx = ContainerFixture.start(false, "--runtime", "crun")) {
            DaemonProcess d = fx.daemon;
            assertEquals("hello from crun", d.docker("run", "--rm", fx.busybox, "echo", "hello from crun").ok().out());
            String id = d.docker("run", "-d", "--memory", "64m", fx.busybox, "sleep", "30").ok().out();
            Path mem = ContainerTraces.cgroupDir("memory", id);
            assertEquals("67108864", Files.readString(mem.resolve("memory.limit_in_bytes")).trim());
            d.docker("pause", id).ok();
            d.docker("unpause", id).ok();
            d.docker("rm", "-f", id).ok();
            ContainerTraces.assertNone(d, id);
            // the host's own cgroup2 mount was never touched
            assertEquals(true, Files.exists(Path.of("/sys/fs/cgroup/unified/cgroup.controllers")));
        }
    }
}
