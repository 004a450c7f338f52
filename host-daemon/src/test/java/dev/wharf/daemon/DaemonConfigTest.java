package dev.wharf.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.daemon.api.ListenAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigTest {
    @Test
    void parsesDockerdStyleFlags() throws Exception {
        DaemonConfig c = DaemonConfig.parse(new String[] {"--data-root", "/d", "--exec-root=/e", "-H", "unix:///e/s.sock",
                "-H", "tcp://127.0.0.1:2375", "--insecure-registry", "reg:5000"});
        assertEquals(Path.of("/d"), c.dataRoot());
        assertEquals(Path.of("/e"), c.execRoot());
        assertEquals(2, c.hosts().size());
        assertTrue(c.hosts().get(1) instanceof ListenAddress.Tcp);
        assertEquals(List.of("reg:5000"), c.insecureRegistries());
        assertEquals("runc", c.runtime());
    }

    @Test
    void defaultsTheSocketUnderTheExecRoot() throws Exception {
        DaemonConfig c = DaemonConfig.parse(new String[] {"--exec-root", "/x"});
        assertEquals(new ListenAddress.Unix(Path.of("/x/docker.sock")), c.hosts().get(0));
    }

    @Test
    void flagsWinOverTheConfigFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("daemon.json");
        Files.writeString(f, "{\"data-root\":\"/from-file\",\"exec-root\":\"/ef\",\"insecure-registries\":[\"a:1\"],"
                + "\"hosts\":[\"tcp://127.0.0.1:1\"]}");
        DaemonConfig c = DaemonConfig.parse(new String[] {"--config-file", f.toString(), "--data-root", "/flag"});
        assertEquals(Path.of("/flag"), c.dataRoot());
        assertEquals(Path.of("/ef"), c.execRoot());
        assertEquals(List.of("a:1"), c.insecureRegistries());
        assertEquals(1, c.hosts().size());
    }

    @Test
    void badFlagsSayWhatIsWrong() {
        var e = assertThrows(DaemonConfig.UsageException.class, () -> DaemonConfig.parse(new String[] {"--bogus", "x"}));
        assertEquals("unknown flag: --bogus", e.getMessage());
        e = assertThrows(DaemonConfig.UsageException.class, () -> DaemonConfig.parse(new String[] {"-H", "http://x"}));
        assertTrue(e.getMessage().contains("use unix:///path or tcp://host:port"), e.getMessage());
        e = assertThrows(DaemonConfig.UsageException.class, () -> DaemonConfig.parse(new String[] {"--data-root"}));
        assertEquals("flag needs an argument: --data-root", e.getMessage());
    }
}
