package dev.wharf.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.daemon.network.netlink.Rtnl;
import dev.wharf.daemon.network.netns.Netns;
import dev.wharf.daemon.network.netns.NetnsThread;
import dev.wharf.daemon.testing.Cli;
import dev.wharf.daemon.testing.RunId;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Raw rtnetlink and netns handling on the real kernel: bridge, veth into a namespace, address, route, traffic. */
class NetlinkIT {
    static final String BRIDGE = "wt" + RunId.get() + "b";
    static final String VETH = "wt" + RunId.get() + "v";
    static Path dir;
    static NetnsThread netnsThread;
    static Rtnl host;
    static Process httpd;
    static String subnet;

    @BeforeAll
    static void setUp() throws Exception {
        dir = Files.createTempDirectory("wharf-netlink-" + RunId.get());
        netnsThread = new NetnsThread();
        host = Rtnl.open();
        subnet = TestSubnets.freeSlash24(host);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (httpd != null) {
            httpd.destroyForcibly().waitFor();
        }
        host.delete(VETH);
        host.delete(BRIDGE);
        NetnsThread.remove(dir.resolve("ns"));
        host.close();
        netnsThread.close();
        Cli.run("rm", "-rf", dir.toString());
    }

    @Test
    void vethIntoNamespaceCarriesTrafficBothWays() throws Exception {
        Inet4Address gw = (Inet4Address) InetAddress.getByName(subnet + ".1");
        Inet4Address ip = (Inet4Address) InetAddress.getByName(subnet + ".2");
        Path nsFile = dir.resolve("ns");
        try (Netns ns = netnsThread.create(nsFile)) {
            assertTrue(host.createBridge(BRIDGE, 1500));
            assertFalse(host.createBridge(BRIDGE, 1500), "a second create reports the existing bridge");
            int br = host.index(BRIDGE);
            host.addAddress(br, gw, 24);
            host.up(br);
            host.createVeth(VETH, br, 1500, "eth0", new byte[] {2, 0x42, 10, 1, 2, 3}, ns.fd());
            int eth0 = ns.rtnl().index("eth0");
            assertTrue(eth0 > 0);
            ns.rtnl().addAddress(eth0, ip, 24);
            ns.rtnl().up(eth0);
            ns.rtnl().addRoute((Inet4Address) InetAddress.getByName("0.0.0.0"), 0, gw, eth0);
        }
        assertEquals(0, host.index("eth0-nope"));
        String links = Cli.run("nsenter", "--net=" + nsFile, "ip", "-o", "link").ok().out();
        assertTrue(links.contains("eth0") && links.contains("02:42:0a:01:02:03"), links);
        assertTrue(Cli.run("nsenter", "--net=" + nsFile, "ip", "route").ok().out().contains("default via " + gw.getHostAddress()));
        Cli.run("ping", "-c", "1", "-W", "2", ip.getHostAddress()).ok();
        Cli.run("nsenter", "--net=" + nsFile, "ping", "-c", "1", "-W", "2", gw.getHostAddress()).ok();

        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("index.html"), "hello from the namespace\n");
        httpd = new ProcessBuilder("nsenter", "--net=" + nsFile, "busybox", "httpd", "-f", "-p", "80", "-h", www.toString())
                .redirectErrorStream(true).start();
        String page = "";
        for (int i = 0; i < 50 && !page.contains("hello"); i++) {
            Thread.sleep(100);
            page = Cli.run("curl", "-s", "-m", "2", "http://" + ip.getHostAddress() + "/").stdout();
        }
        assertEquals("hello from the namespace\n", page);
    }
}
