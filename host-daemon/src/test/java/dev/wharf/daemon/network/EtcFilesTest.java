package dev.wharf.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcFilesTest {
    @TempDir
    Path dir;

    @Test
    void resolvConfDropsLoopbackResolversAndKeepsSearchAndOptions() throws Exception {
        Path host = dir.resolve("resolv.conf");
        Files.writeString(host, "# comment\nnameserver 127.0.0.53\nnameserver 10.0.0.2\nnameserver ::1\nsearch corp.example\noptions ndots:2\n");
        String out = new EtcFiles(host).resolvConf(List.of(), List.of(), List.of(), false);
        assertEquals("nameserver 10.0.0.2\nsearch corp.example\noptions ndots:2\n", out.substring(out.indexOf('\n') + 1));
    }

    @Test
    void onlyLoopbackResolversFallBackToPublicOnesAndDnsFlagsWin() throws Exception {
        Path host = dir.resolve("resolv.conf");
        Files.writeString(host, "nameserver 127.0.0.1\n");
        EtcFiles etc = new EtcFiles(host);
        assertTrue(etc.resolvConf(List.of(), List.of(), List.of(), false).contains("nameserver 8.8.8.8\nnameserver 8.8.4.4\n"));
        assertTrue(etc.resolvConf(List.of(), List.of(), List.of(), true).contains("nameserver 127.0.0.1\n"), "host network keeps it");
        String custom = etc.resolvConf(List.of("1.1.1.1"), List.of("a.example"), List.of("rotate"), false);
        assertTrue(custom.endsWith("nameserver 1.1.1.1\nsearch a.example\noptions rotate\n"), custom);
    }

    @Test
    void hostsListsOwnNamesPeersAndExtraHosts() {
        String hosts = EtcFiles.hosts(List.of(new EtcFiles.HostEntry("172.18.0.2", List.of("web", "www"))),
                List.of(new EtcFiles.HostEntry("172.18.0.3", EtcFiles.names("/db", List.of("database"), "0123456789abcdef", null))),
                List.of("gw.example:10.0.0.1"));
        assertTrue(hosts.startsWith("127.0.0.1\tlocalhost\n"), hosts);
        assertTrue(hosts.contains("10.0.0.1\tgw.example\n"), hosts);
        assertTrue(hosts.contains("172.18.0.2\tweb www\n"), hosts);
        assertTrue(hosts.contains("172.18.0.3\tdb database 0123456789ab\n"), hosts);
    }
}
