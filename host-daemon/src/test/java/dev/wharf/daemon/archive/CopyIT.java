package dev.wharf.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.daemon.testing.CliResult;
import dev.wharf.daemon.testing.DaemonProcess;
import dev.wharf.daemon.testing.RunId;
import dev.wharf.daemon.volumes.SeedFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code docker cp} both ways, on running and stopped containers, into volumes, and never outside the container. */
class CopyIT {
    static SeedFixture fx;
    static DaemonProcess d;
    static Path host;

    @BeforeAll
    static void up() throws Exception {
        fx = SeedFixture.start();
        d = fx.daemon;
        host = fx.hostDir("cp");
        d.docker("run", "-d", "--name", "box", "-v", "cpvol:/vol", "busybox", "sleep", "1000").ok();
    }

    @AfterAll
    static void down() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void copiesFilesAndDirectoriesOut() throws Exception {
        d.docker("cp", "box:/etc/passwd", host.resolve("passwd.copy").toString()).ok();
        assertTrue(Files.readString(host.resolve("passwd.copy")).contains("www:x:1000:1000"));
        d.docker("exec", "box", "sh", "-c", "mkdir -p /out/sub && echo deep > /out/sub/f && ln -s sub/f /out/link").ok();
        d.docker("cp", "box:/out", host.resolve("outdir").toString()).ok();
        assertEquals("deep", Files.readString(host.resolve("outdir/sub/f")).trim());
        assertTrue(Files.isSymbolicLink(host.resolve("outdir/link")));
        CliResult missing = d.docker("cp", "box:/nope", host.toString());
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.stderr().contains("Could not find the file /nope in container box"), missing.stderr());
    }

    @Test
    void copiesFilesAndDirectoriesIn() throws Exception {
        Files.writeString(host.resolve("in.txt"), "into the container\n");
        d.docker("cp", host.resolve("in.txt").toString(), "box:/root/p").ok();
        assertEquals("into the container", d.docker("exec", "box", "cat", "/root/p").ok().out());
        assertEquals("0 0", d.docker("exec", "box", "stat", "-c", "%u %g", "/root/p").ok().out(), "owned by the container's root");
        Path dir = Files.createDirectories(host.resolve("tree/a"));
        Files.writeString(dir.resolve("b.txt"), "b\n");
        d.docker("cp", host.resolve("tree").toString(), "box:/tmp/").ok();
        assertEquals("b", d.docker("exec", "box", "cat", "/tmp/tree/a/b.txt").ok().out());
    }

    @Test
    void copiesIntoAndOutOfAStoppedContainer() throws Exception {
        d.docker("create", "--name", "cold", "busybox", "cat", "/root/note").ok();
        Files.writeString(host.resolve("note"), "written while stopped\n");
        d.docker("cp", host.resolve("note").toString(), "cold:/root/note").ok();
        assertEquals("written while stopped", d.docker("start", "-a", "cold").ok().out());
        d.docker("cp", "cold:/root/note", host.resolve("note.back").toString()).ok();
        assertEquals("written while stopped", Files.readString(host.resolve("note.back")).trim());
        d.docker("rm", "cold").ok();
    }

    @Test
    void copiesIntoAVolumeReachTheVolume() throws Exception {
        Files.writeString(host.resolve("v.txt"), "in the volume\n");
        d.docker("cp", host.resolve("v.txt").toString(), "box:/vol/").ok();
        assertEquals("in the volume", d.docker("exec", "box", "cat", "/vol/v.txt").ok().out());
        d.docker("cp", "box:/vol/v.txt", host.resolve("v.back").toString()).ok();
        assertEquals("in the volume", Files.readString(host.resolve("v.back")).trim());
    }

    @Test
    void symlinksInTheContainerNeverLeadOutOfIt() throws Exception {
        String name = "wharf-cp-escape-" + RunId.get();
        Files.writeString(host.resolve(name), "must stay inside\n");
        // absolute and relative links that would point at the host's /tmp if followed on the host
        d.docker("exec", "box", "sh", "-c", "ln -s /tmp /abs && ln -s ../../../../../../../../tmp /root/up").ok();
        d.docker("cp", host.resolve(name).toString(), "box:/abs/").ok();
        d.docker("cp", host.resolve(name).toString(), "box:/root/up/").ok();
        assertFalse(Files.exists(Path.of("/tmp", name)), "written to the host's /tmp");
        assertEquals("must stay inside", d.docker("exec", "box", "cat", "/tmp/" + name).ok().out());
        // reading through a link resolves inside the container too
        d.docker("exec", "box", "sh", "-c", "echo inside > /tmp/marker && ln -s /tmp/marker /readlink").ok();
        d.docker("cp", "-L", "box:/readlink", host.resolve("followed").toString()).ok();
        assertEquals("inside", Files.readString(host.resolve("followed")).trim());
    }
}
