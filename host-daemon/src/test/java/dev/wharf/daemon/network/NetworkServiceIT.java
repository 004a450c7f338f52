package dev.wharf.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.network.netlink.Rtnl;
import dev.wharf.daemon.testing.Cli;
import dev.wharf.daemon.testing.RunId;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * NetworkService on the real kernel, without a daemon: "containers" are the namespaces it makes, with busybox
 * httpd started inside them by nsenter (test only). Bridge and table carry the run-unique prefix.
 */
class NetworkServiceIT {
    static final String PREFIX = "wt" + RunId.get();
    static Path base;
    static NetworkService svc;
    static String hostIp;
    static final List<Process> processes = new ArrayList<>();
    static final List<String> started = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        base = Files.createTempDirectory("wharf-netsvc-" + RunId.get());
        svc = new NetworkService(base.resolve("data"), base.resolve("exec"), null, PREFIX + "0", PREFIX);
        svc.start();
        hostIp = Cli.run("sh", "-c", "ip -4 -o route get 1.1.1.1 | sed -n 's/.* src \\([0-9.]*\\).*/\\1/p'").ok().out();
    }

    @AfterEach
    void stopProcesses() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly().waitFor();
        }
        processes.clear();
        for (String id : started) {
            svc.containerRemoved(id);
        }
        started.clear();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (svc != null) {
            svc.destroyAll();
            for (NetworkRecord n : svc.list()) {
                if (!n.builtin()) {
                    svc.remove(n.id());
                }
            }
            svc.destroyAll();
            svc.close();
        }
        Cli.run("rm", "-rf", base.toString());
        assertFalse(Cli.run("ip", "-o", "link").out().contains(PREFIX), "links left behind");
        assertFalse(Cli.run("nft", "list", "tables").out().contains(PREFIX), "nft table left behind");
    }

    static String id() {
        String id = NetworkService.randomId();
        started.add(id);
        return id;
    }

    static NetworkRequest request(String id, String name, String mode, Map<String, List<NetworkRequest.PortBindingRequest>> ports,
                                  Map<String, NetworkRequest.EndpointRequest> endpoints) {
        return new NetworkRequest(id, name, "", "", mode, endpoints, ports, false, List.of("80/tcp"), null, null, null, null);
    }

    static void httpd(Attachment a, String page) throws Exception {
        Path www = Files.createDirectories(base.resolve("www-" + page));
        Files.writeString(www.resolve("index.html"), page + "\n");
        processes.add(new ProcessBuilder("nsenter", "--net=" + a.netnsPath(), "busybox", "httpd", "-f", "-p", "80", "-h", www.toString())
                .redirectErrorStream(true).start());
    }

    static String curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-m", "2"));
        cmd.addAll(List.of(args));
        String out = "";
        for (int i = 0; i < 30 && out.isEmpty(); i++) {
            out = Cli.run(cmd, null, Map.of()).stdout().trim();
            if (out.isEmpty()) {
                Thread.sleep(100);
            }
        }
        return out;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void containerOnTheDefaultBridgeServesItsAddressAndPublishedPorts() throws Exception {
        int port = freePort();
        String id = id();
        Attachment a = svc.setUp(request(id, "/web", "default",
                Map.of("80/tcp", List.of(new NetworkRequest.PortBindingRequest("", Integer.toString(port)))), Map.of()));
        httpd(a, "seed-page");
        Endpoint ep = a.endpoints().get(0);
        assertEquals("eth0", ep.ifName());
        assertEquals("seed-page", curl("http://" + ep.ip() + "/"));
        assertEquals("seed-page", curl("http://127.0.0.1:" + port + "/"), "published port on loopback");
        assertEquals("seed-page", curl("http://" + hostIp + ":" + port + "/"), "published port on the host's address");

        // hairpin: another container on the same bridge reaches the published port through the host's address
        Attachment b = svc.setUp(request(id(), "/client", "default", Map.of(), Map.of()));
        // (busybox wget segfaults on this host kind; curl from the host's filesystem runs in the namespace)
        String viaHost = Cli.run("nsenter", "--net=" + b.netnsPath(), "curl", "-s", "-m", "3",
                "http://" + hostIp + ":" + port + "/").stdout().trim();
        assertEquals("seed-page", viaHost);

        Map<String, Object> settings = svc.networkSettings(id);
        assertEquals(ep.ip(), settings.get("IPAddress"));
        assertEquals(List.of(Map.of("HostIp", "0.0.0.0", "HostPort", Integer.toString(port))), ((Map<?, ?>) settings.get("Ports")).get("80/tcp"));

        ApiException taken = assertThrows(ApiException.class, () -> svc.setUp(request(id(), "/other", "default",
                Map.of("80/tcp", List.of(new NetworkRequest.PortBindingRequest("", Integer.toString(port)))), Map.of())));
        assertTrue(taken.getMessage().contains("port is already allocated"), taken.getMessage());

        try (ServerSocket busy = new ServerSocket(0)) {
            ApiException inUse = assertThrows(ApiException.class, () -> svc.setUp(request(id(), "/other2", "default",
                    Map.of("80/tcp", List.of(new NetworkRequest.PortBindingRequest("", Integer.toString(busy.getLocalPort())))), Map.of())));
            assertTrue(inUse.getMessage().contains("already in use"), inUse.getMessage());
        }

        svc.tearDown(id);
        assertFalse(Files.exists(Path.of(a.netnsPath())), "namespace file removed");
        assertFalse(Cli.run("ip", "-o", "link").out().contains(ep.hostVeth()), "veth removed");
        assertFalse(Cli.run("nft", "list", "table", "inet", PREFIX).out().contains("dport " + port), "port rule removed");
    }

    @Test
    void userNetworksResolveByNameAndAreIsolatedFromEachOther() throws Exception {
        svc.create(new NetworkService.CreateRequest(PREFIX + "a", null, null, null, null, false, false, Map.of(), Map.of()));
        svc.create(new NetworkService.CreateRequest(PREFIX + "b", null, null, null, null, false, false, Map.of(), Map.of()));
        Attachment a1 = svc.setUp(request(id(), "/alpha", PREFIX + "a", Map.of(),
                Map.of(PREFIX + "a", new NetworkRequest.EndpointRequest(List.of("db"), null))));
        Attachment a2 = svc.setUp(request(id(), "/beta", PREFIX + "a", Map.of(), Map.of()));
        Attachment b1 = svc.setUp(request(id(), "/gamma", PREFIX + "b", Map.of(), Map.of()));
        svc.flushHostsFiles();
        String hosts2 = Files.readString(Path.of(a2.hostsPath()));
        assertTrue(hosts2.contains(a1.endpoints().get(0).ip() + "\talpha db"), hosts2);
        assertTrue(Files.readString(Path.of(a1.hostsPath())).contains(a2.endpoints().get(0).ip() + "\tbeta"), "peer added to the earlier container too");
        assertFalse(Files.readString(Path.of(b1.hostsPath())).contains("alpha"), "no names across networks");

        Cli.run("nsenter", "--net=" + a2.netnsPath(), "ping", "-c", "1", "-W", "2", a1.endpoints().get(0).ip()).ok();
        assertNotEquals(0, Cli.run("nsenter", "--net=" + b1.netnsPath(), "ping", "-c", "1", "-W", "1", a1.endpoints().get(0).ip()).exitCode(),
                "another network cannot reach the container");

        // connect gamma to network a: a second interface, and now it reaches alpha
        String gammaId = started.get(2);
        svc.connect(PREFIX + "a", gammaId, "/gamma", new NetworkRequest.EndpointRequest(List.of(), null));
        String links = Cli.run("nsenter", "--net=" + b1.netnsPath(), "ip", "-o", "-4", "addr").ok().out();
        assertTrue(links.contains("eth1"), links);
        Cli.run("nsenter", "--net=" + b1.netnsPath(), "ping", "-c", "1", "-W", "2", a1.endpoints().get(0).ip()).ok();
        svc.flushHostsFiles();
        assertTrue(Files.readString(Path.of(a1.hostsPath())).contains("gamma"));
        svc.disconnect(PREFIX + "a", gammaId, "/gamma");
        assertFalse(Cli.run("nsenter", "--net=" + b1.netnsPath(), "ip", "-o", "link").ok().out().contains("eth1"));
        svc.flushHostsFiles();
        assertFalse(Files.readString(Path.of(a1.hostsPath())).contains("gamma"));

        ApiException busy = assertThrows(ApiException.class, () -> svc.remove(PREFIX + "a"));
        assertEquals(403, busy.status());
    }

    @Test
    void staticAddressesOverlapAndUnknownNetworksAreRefusedCleanly() throws Exception {
        NetworkRecord n = svc.create(new NetworkService.CreateRequest(PREFIX + "s", null, "10.213.7.0/24", "10.213.7.128/25", null,
                false, false, Map.of("k", "v"), Map.of()));
        assertEquals("10.213.7.1", n.gateway());
        ApiException overlap = assertThrows(ApiException.class, () -> svc.create(new NetworkService.CreateRequest(PREFIX + "o", null,
                "10.213.0.0/16", null, null, false, false, Map.of(), Map.of())));
        assertTrue(overlap.getMessage().contains("overlaps"), overlap.getMessage());
        assertTrue(svc.find(PREFIX + "o").isEmpty());

        String id = id();
        Attachment a = svc.setUp(request(id, "/fixed", PREFIX + "s", Map.of(),
                Map.of(PREFIX + "s", new NetworkRequest.EndpointRequest(List.of(), "10.213.7.9"))));
        assertEquals("10.213.7.9", a.endpoints().get(0).ip());
        Attachment dyn = svc.setUp(request(id(), "/dyn", PREFIX + "s", Map.of(), Map.of()));
        assertTrue(dyn.endpoints().get(0).ip().startsWith("10.213.7.") && Integer.parseInt(dyn.endpoints().get(0).ip().substring(9)) >= 128,
                "dynamic addresses come from the ip-range: " + dyn.endpoints().get(0).ip());

        ApiException outside = assertThrows(ApiException.class, () -> svc.setUp(request(id(), "/bad", PREFIX + "s", Map.of(),
                Map.of(PREFIX + "s", new NetworkRequest.EndpointRequest(List.of(), "10.99.0.9")))));
        assertEquals(400, outside.status());
        ApiException unknown = assertThrows(ApiException.class, () -> svc.setUp(request(id(), "/bad", "no-such-net-" + PREFIX, Map.of(), Map.of())));
        assertEquals(404, unknown.status());
        ApiException dup = assertThrows(ApiException.class, () -> svc.setUp(request(id(), "/dup", PREFIX + "s", Map.of(),
                Map.of(PREFIX + "s", new NetworkRequest.EndpointRequest(List.of(), "10.213.7.9")))));
        assertEquals(409, dup.status());
        Set<String> nsFiles = new HashSet<>();
        try (var s = Files.list(base.resolve("exec/netns"))) {
            s.forEach(p -> nsFiles.add(p.getFileName().toString()));
        }
        assertEquals(2, nsFiles.size(), "only the two good containers have namespaces: " + nsFiles);
    }

    @Test
    void hundredContainersGetDistinctAddressesAndLeaveNothingBehind() throws Exception {
        svc.create(new NetworkService.CreateRequest(PREFIX + "h", null, null, null, null, false, false, Map.of(), Map.of()));
        Set<String> ips = new HashSet<>();
        List<String> veths = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            Attachment a = svc.setUp(request(id(), "/c" + i, PREFIX + "h", Map.of(), Map.of()));
            assertTrue(ips.add(a.endpoints().get(0).ip()), "address handed out twice: " + a.endpoints().get(0).ip());
            veths.add(a.endpoints().get(0).hostVeth());
        }
        long perContainer = (System.nanoTime() - t0) / 100 / 1000;
        System.out.println("network set-up: " + perContainer + " us per container (100 on one user network)");
        for (String id : List.copyOf(started)) {
            svc.tearDown(id);
        }
        String links = Cli.run("ip", "-o", "link").out();
        assertTrue(veths.stream().noneMatch(links::contains), "veths left behind");
        try (var files = Files.list(base.resolve("exec/netns"))) {
            assertEquals(0, files.count(), "namespace files left behind");
        }
        svc.remove(PREFIX + "h");
    }

    @Test
    void restartReadoptsSandboxesKeepsPortsAndHandsOutFreeAddresses() throws Exception {
        int port = freePort();
        String id = id();
        Attachment a = svc.setUp(request(id, "/keeper", "default",
                Map.of("80/tcp", List.of(new NetworkRequest.PortBindingRequest("127.0.0.1", Integer.toString(port)))), Map.of()));
        httpd(a, "still-here");
        assertEquals("still-here", curl("http://127.0.0.1:" + port + "/"));

        // what a crash in the middle of a set-up leaves: a namespace and a veth on our bridge that no record claims
        Path orphanNs = base.resolve("exec/netns").resolve("f".repeat(64));
        try (var t = new dev.wharf.daemon.network.netns.NetnsThread(); var n = t.create(orphanNs)) {
            assertTrue(Files.exists(orphanNs));
        }
        String orphanVeth = "wv" + RunId.get() + "x";
        Cli.run("ip", "link", "add", orphanVeth, "type", "veth", "peer", "name", PREFIX + "p").ok();
        Cli.run("ip", "link", "set", orphanVeth, "master", PREFIX + "0").ok();

        // the daemon dies without any clean-up: a new service on the same roots takes over
        NetworkService again = new NetworkService(base.resolve("data"), base.resolve("exec"), null, PREFIX + "0", PREFIX);
        again.start();
        NetworkService old = svc;
        svc = again;
        old.close();
        assertFalse(Files.exists(orphanNs), "orphaned namespace swept");
        assertFalse(Cli.run("ip", "-o", "link").out().contains(orphanVeth), "orphaned veth swept");
        assertEquals(a.endpoints().get(0).ip(), svc.sandbox(id).orElseThrow().endpoints().get(0).ip());
        assertEquals("still-here", curl("http://127.0.0.1:" + port + "/"), "published port survives the restart");
        assertEquals("still-here", curl("http://" + a.endpoints().get(0).ip() + "/"));
        Attachment b = svc.setUp(request(id(), "/newcomer", "default", Map.of(), Map.of()));
        assertNotEquals(a.endpoints().get(0).ip(), b.endpoints().get(0).ip(), "a new container gets a free address");
    }

    @Test
    void internalNetworkReachesOnlyItsPeers() throws Exception {
        svc.create(new NetworkService.CreateRequest(PREFIX + "i", null, null, null, null, true, false, Map.of(), Map.of()));
        Attachment in1 = svc.setUp(request(id(), "/in1", PREFIX + "i", Map.of(), Map.of()));
        Attachment in2 = svc.setUp(request(id(), "/in2", PREFIX + "i", Map.of(), Map.of()));
        Attachment out = svc.setUp(request(id(), "/out", "default", Map.of(), Map.of()));
        Cli.run("nsenter", "--net=" + in1.netnsPath(), "ping", "-c", "1", "-W", "2", in2.endpoints().get(0).ip()).ok();
        assertFalse(Cli.run("nsenter", "--net=" + in1.netnsPath(), "ip", "route").ok().out().contains("default"), "no default route");
        assertNotEquals(0, Cli.run("nsenter", "--net=" + in1.netnsPath(), "ping", "-c", "1", "-W", "1", hostIp).exitCode());
        Cli.run("nsenter", "--net=" + out.netnsPath(), "ping", "-c", "1", "-W", "2", hostIp).ok();
    }

    @Test
    void bridgeSubnetFlagSetsTheDefaultBridgeAndAvoidsNothingElse() throws Exception {
        Path other = Files.createTempDirectory(base, "flag");
        NetworkService flagged = new NetworkService(other.resolve("data"), other.resolve("exec"), "10.215.3.0/24", PREFIX + "f", PREFIX + "f");
        try {
            flagged.start();
            NetworkRecord bridge = flagged.require("bridge");
            assertEquals("10.215.3.0/24", bridge.subnet());
            assertEquals("10.215.3.1", bridge.gateway());
            assertTrue(Cli.run("ip", "-4", "-o", "addr", "show", PREFIX + "f").ok().out().contains("10.215.3.1/24"));
        } finally {
            flagged.destroyAll();
            flagged.close();
        }
    }
}
