package dev.wharf.daemon.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.daemon.testing.Cli;
import dev.wharf.daemon.testing.CliResult;
import dev.wharf.daemon.testing.DaemonProcess;
import dev.wharf.daemon.volumes.SeedFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code docker commit}, {@code diff}, {@code export} and {@code history} with the stock CLI. */
class CommitIT {
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

    private static JsonNode inspect(String what) throws Exception {
        return new ObjectMapper().readTree(d.docker("inspect", what).ok().stdout()).get(0);
    }

    /** Runs a detached container and waits until {@code readyFile} exists in it. */
    private static void runUntil(String name, String readyFile, String script) throws Exception {
        d.docker("run", "-d", "--name", name, "busybox", "sh", "-c", script + " && touch " + readyFile + " && sleep 1000").ok();
        for (int i = 0; i < 100; i++) {
            if (d.docker("exec", name, "test", "-e", readyFile).exitCode() == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " did not get ready");
    }

    static String curl(String url) throws Exception {
        String out = "";
        for (int i = 0; i < 50 && out.isEmpty(); i++) {
            out = Cli.run("curl", "-s", "-m", "2", url).stdout().trim();
            if (out.isEmpty()) {
                Thread.sleep(100);
            }
        }
        return out;
    }

    @Test
    void theSeedsExampleServesTheCommittedPage() throws Exception {
        runUntil("seedweb", "/tmp/ready", "mkdir -p /data/htdocs && echo '<h1>Hello from a committed layer</h1>' > /data/htdocs/index.html");
        String id = d.docker("commit", "-a", "Wharf Tester <t@wharf.dev>", "-m", "add the page",
                "-c", "CMD [\"/bin/httpd\",\"-f\",\"-h\",\"/data/htdocs\"]", "seedweb", "wharf/page:1").ok().out();
        assertTrue(id.startsWith("sha256:"), id);
        JsonNode img = inspect("wharf/page:1");
        assertEquals("Wharf Tester <t@wharf.dev>", img.get("Author").asText());
        assertEquals("[\"/bin/httpd\",\"-f\",\"-h\",\"/data/htdocs\"]", img.at("/Config/Cmd").toString());
        assertEquals(2, img.at("/RootFS/Layers").size());

        String history = d.docker("history", "--no-trunc", "--format", "{{.CreatedBy}}|{{.Comment}}", "wharf/page:1").ok().out();
        String top = history.split("\n")[0];
        assertTrue(top.endsWith("|add the page"), history);
        assertTrue(top.startsWith("sh -c mkdir -p /data/htdocs"), history);

        d.docker("run", "-d", "--name", "page", "wharf/page:1").ok();
        String ip = d.docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "page").ok().out();
        assertFalse(ip.isEmpty());
        assertEquals("<h1>Hello from a committed layer</h1>", curl("http://" + ip + "/index.html"));
        d.docker("rm", "-f", "page", "seedweb").ok();
    }

    @Test
    void diffListsWhatTheContainerChangedAndCommitKeepsDeletions() throws Exception {
        runUntil("differ", "/made/ready", "rm /etc/group && echo x > /etc/new && mkdir /made");
        List<String> diff = List.of(d.docker("diff", "differ").ok().out().split("\n"));
        assertEquals(List.of("C /etc", "D /etc/group", "A /etc/new", "A /made", "A /made/ready"), diff,
                "the runtime's mount points (/etc/hosts...) are not changes");

        d.docker("commit", "--pause=false", "differ", "wharf/differ").ok();
        CliResult r = d.docker("run", "--rm", "wharf/differ", "sh", "-c", "test ! -e /etc/group && cat /etc/new && cat /etc/passwd | head -1");
        assertEquals("x\nroot:x:0:0:root:/root:/bin/sh", r.ok().out(), "the whiteout hides /etc/group in the new image");

        Path tar = fx.hostDir("export").resolve("differ.tar");
        d.docker("export", "-o", tar.toString(), "differ").ok();
        List<String> names = List.of(Cli.run("tar", "-tf", tar.toString()).ok().out().split("\n"));
        assertTrue(names.contains("etc/new"), names.toString());
        assertTrue(names.contains("bin/busybox"), names.toString());
        assertFalse(names.contains("etc/group"), names.toString());
        d.docker("rm", "-f", "differ").ok();
    }

    @Test
    void changesSetTheNewImagesConfig() throws Exception {
        d.docker("create", "--name", "cfg", "busybox").ok();
        d.docker("commit", "-c", "ENV A=1 B=\"two words\"", "-c", "WORKDIR /srv", "-c", "WORKDIR app",
                "-c", "EXPOSE 8080 53/udp", "-c", "LABEL team=core", "-c", "USER www", "-c", "VOLUME [\"/vol\"]",
                "-c", "ENTRYPOINT [\"sh\",\"-c\"]", "-c", "CMD echo $A", "cfg", "wharf/cfg:1").ok();
        JsonNode c = inspect("wharf/cfg:1").get("Config");
        assertTrue(c.get("Env").toString().contains("\"A=1\""), c.toString());
        assertTrue(c.get("Env").toString().contains("\"B=two words\""), c.toString());
        assertEquals("/srv/app", c.get("WorkingDir").asText());
        assertTrue(c.get("ExposedPorts").has("8080/tcp") && c.get("ExposedPorts").has("53/udp"), c.toString());
        assertEquals("core", c.at("/Labels/team").asText());
        assertEquals("www", c.get("User").asText());
        assertTrue(c.get("Volumes").has("/vol"), c.toString());
        assertEquals("[\"sh\",\"-c\"]", c.get("Entrypoint").toString());
        assertEquals("[\"/bin/sh\",\"-c\",\"echo $A\"]", c.get("Cmd").toString());

        CliResult bad = d.docker("commit", "-c", "RUN echo no", "cfg", "wharf/cfg:2");
        assertNotEquals(0, bad.exitCode());
        assertTrue(bad.stderr().contains("RUN is not a valid change command"), bad.stderr());
        assertNotEquals(0, d.docker("image", "inspect", "wharf/cfg:2").exitCode());
        d.docker("rm", "cfg").ok();
    }
}
