package dev.wharf.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.daemon.testing.Cli;
import dev.wharf.daemon.testing.CliResult;
import dev.wharf.daemon.testing.DaemonProcess;
import dev.wharf.daemon.testing.RunId;
import dev.wharf.testsupport.Fixtures;
import dev.wharf.testsupport.ImageFormat;
import dev.wharf.testsupport.RegistryServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 5's acceptance through the stock docker CLI against a real daemon, runc and kernel. */
class NetworkCliIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String P = "n" + RunId.get();
    static RegistryServer registry;
    static DaemonProcess d;
    static String bb;
    static String hostIp;

    @BeforeAll
    static void up() throws Exception {
        registry = RegistryServer.start();
        Fixtures.pushBusybox(registry, Fixtures.BUSYBOX_REPO, Fixtures.TAG, ImageFormat.DOCKER);
        d = DaemonProcess.start();
        bb = registry.address() + "/" + Fixtures.BUSYBOX_REPO;
        d.docker("pull", bb).ok();
        hostIp = Cli.run("sh", "-c", "ip -4 -o route get 1.1.1.1 | sed -n 's/.* src \\([0-9.]*\\).*/\\1/p'").ok().out();
    }

    @AfterEach
    void removeAll() throws Exception {
        for (String id : d.docker("ps", "-aq", "--no-trunc").out().split("\\s+")) {
            if (!id.isBlank()) {
                d.docker("rm", "-f", id);
            }
        }
        for (String n : d.docker("network", "ls", "-q", "--filter", "type=custom").out().split("\\s+")) {
            if (!n.isBlank()) {
                d.docker("network", "rm", n);
            }
        }
    }

    @AfterAll
    static void down() throws Exception {
        try {
            if (d != null) {
                String bridge = bridgeOf("bridge");
                d.close();
                assertFalse(Cli.run("ip", "-o", "link").out().contains(bridge + ":"), "stopped daemon without containers leaves no bridge");
            }
        } finally {
            if (registry != null) {
                registry.close();
            }
        }
    }

    static JsonNode inspect(String what) throws Exception {
        return JSON.readTree(d.docker("inspect", what).ok().stdout()).get(0);
    }

    static String bridgeOf(String network) throws Exception {
        return JSON.readTree(d.docker("network", "inspect", network).ok().stdout()).get(0).at("/Options/com.docker.network.bridge.name").asText();
    }

    static String ipOn(String container, String network) throws Exception {
        return inspect(container).at("/NetworkSettings/Networks/" + network + "/IPAddress").asText();
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

    static int port(int preferred) {
        try (ServerSocket s = new ServerSocket(preferred)) {
            return preferred;
        } catch (Exception e) {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            } catch (Exception e2) {
                throw new IllegalStateException(e2);
            }
        }
    }

    /**
     * The seeds' web server: busybox with an index page, committed with {@code CMD httpd}. While commit is not
     * available yet, the same container is made in one step (page written, then httpd exec'd).
     */
    static List<String> web() throws Exception {
        String image = P + "-seed:1";
        if (d.docker("image", "inspect", image).exitCode() != 0) {
            d.docker("run", "--name", P + "-mk", bb, "sh", "-c", "mkdir -p /data/htdocs && echo 'hello from the seeds' > /data/htdocs/index.html").ok();
            CliResult commit = d.docker("commit", "-c", "CMD [\"/bin/httpd\",\"-f\",\"-h\",\"/data/htdocs\"]", P + "-mk", image);
            d.docker("rm", P + "-mk").ok();
            if (commit.exitCode() != 0) {
                return List.of(bb, "sh", "-c", "mkdir -p /data/htdocs && echo 'hello from the seeds' > /data/htdocs/index.html && exec httpd -f -h /data/htdocs");
            }
        }
        return List.of(image);
    }

    static CliResult run(String... opts) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-d"));
        args.addAll(List.of(opts));
        args.addAll(web());
        return d.docker(args.toArray(String[]::new));
    }

    @Test
    void seedsExampleServesThePageOnItsAddressAndPublishedPort() throws Exception {
        int hp = port(18080);
        String id = run("--name", P + "web", "-p", hp + ":80").ok().out();
        JsonNode ns = inspect(id).get("NetworkSettings");
        String ip = ns.get("IPAddress").asText();
        assertFalse(ip.isEmpty(), ns.toString());
        assertEquals(ip, ns.at("/Networks/bridge/IPAddress").asText());
        assertTrue(ns.get("MacAddress").asText().startsWith("02:42:"), ns.toString());
        assertEquals("hello from the seeds", curl("http://" + ip + "/"));
        assertEquals("hello from the seeds", curl("http://127.0.0.1:" + hp + "/"));
        assertEquals("hello from the seeds", curl("http://" + hostIp + ":" + hp + "/"));
        assertEquals("0.0.0.0:" + hp, d.docker("port", P + "web", "80").ok().out().lines().findFirst().orElse(""));

        // -P: EXPOSEd ports land on ephemeral host ports
        String pub = run("-P", "--expose", "80").ok().out();
        String mapped = d.docker("port", pub, "80/tcp").ok().out().lines().findFirst().orElseThrow();
        assertEquals("hello from the seeds", curl("http://127.0.0.1:" + mapped.substring(mapped.lastIndexOf(':') + 1) + "/"));

        // the container's /etc files
        CliResult files = d.docker("run", "--rm", "--hostname", "box1", bb, "sh", "-c", "cat /etc/hostname /etc/resolv.conf /etc/hosts").ok();
        assertTrue(files.out().startsWith("box1"), files.out());
        assertFalse(files.out().contains("nameserver 127."), files.out());
    }

    @Test
    void containersOnAUserNetworkReachEachOtherByNameAndOtherNetworksCannot() throws Exception {
        d.docker("network", "create", P + "a").ok();
        d.docker("network", "create", "--label", "team=x", P + "b").ok();
        d.docker("run", "-d", "--name", P + "a1", "--network", P + "a", "--network-alias", "db", bb, "sleep", "1000").ok();
        String a1ip = ipOn(P + "a1", P + "a");
        d.docker("run", "--rm", "--network", P + "a", bb, "ping", "-c", "1", "-W", "2", P + "a1").ok();
        d.docker("run", "--rm", "--network", P + "a", bb, "ping", "-c", "1", "-W", "2", "db").ok();
        CliResult byName = d.docker("run", "--rm", "--network", P + "b", bb, "ping", "-c", "1", "-W", "1", P + "a1");
        assertNotEquals(0, byName.exitCode(), "name must not resolve from another network");
        CliResult byIp = d.docker("run", "--rm", "--network", P + "b", bb, "ping", "-c", "1", "-W", "1", a1ip);
        assertNotEquals(0, byIp.exitCode(), "another network must not reach the address");

        // connect: a second interface, then the other network's container reaches it
        d.docker("run", "-d", "--name", P + "b1", "--network", P + "b", bb, "sleep", "1000").ok();
        d.docker("network", "connect", P + "a", P + "b1").ok();
        JsonNode nets = inspect(P + "b1").at("/NetworkSettings/Networks");
        assertTrue(nets.has(P + "a") && nets.has(P + "b"), nets.toString());
        d.docker("network", "disconnect", P + "a", P + "b1").ok();
        assertFalse(inspect(P + "b1").at("/NetworkSettings/Networks").has(P + "a"));

        JsonNode net = JSON.readTree(d.docker("network", "inspect", P + "a").ok().stdout()).get(0);
        assertTrue(net.get("Containers").has(inspect(P + "a1").get("Id").asText()), net.toString());
        assertTrue(d.docker("network", "ls", "--filter", "label=team=x", "--format", "{{.Name}}").ok().out().equals(P + "b"));
        assertTrue(d.docker("network", "rm", P + "a").exitCode() != 0, "a network with a running container is not removed");
    }

    @Test
    void hundredContainersGetDistinctAddressesAndLeaveNothingAfterRemoval() throws Exception {
        d.docker("network", "create", P + "h").ok();
        String bridge = bridgeOf(P + "h");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(d.docker("run", "-d", "--network", P + "h", bb, "sleep", "1000").ok().out());
        }
        Set<String> ips = new HashSet<>();
        for (String id : ids) {
            assertTrue(ips.add(ipOn(id, P + "h")), "address handed out twice");
        }
        assertEquals(100, Cli.run("ip", "-o", "link", "show", "master", bridge).ok().out().lines().count());
        List<String> rm = new ArrayList<>(List.of("rm", "-f"));
        rm.addAll(ids);
        d.docker(rm.toArray(String[]::new)).ok();
        assertEquals("", Cli.run("ip", "-o", "link", "show", "master", bridge).ok().out(), "no veth left");
        Path netns = d.execRoot().resolve("netns");
        try (Stream<Path> s = Files.exists(netns) ? Files.list(netns) : Stream.empty()) {
            assertEquals(0, s.count(), "no netns left");
        }
    }

    @Test
    void killNineAndRestartKeepsAddressesAndPorts() throws Exception {
        int hp = port(18081);
        run("--name", P + "keep", "-p", "127.0.0.1:" + hp + ":80").ok();
        String ip = inspect(P + "keep").at("/NetworkSettings/IPAddress").asText();
        assertEquals("hello from the seeds", curl("http://127.0.0.1:" + hp + "/"));
        d.kill9();
        d.restart();
        assertEquals(ip, inspect(P + "keep").at("/NetworkSettings/IPAddress").asText());
        assertEquals("hello from the seeds", curl("http://127.0.0.1:" + hp + "/"), "published port after the restart");
        assertEquals("hello from the seeds", curl("http://" + ip + "/"));
        d.docker("run", "-d", "--name", P + "new", bb, "sleep", "1000").ok();
        assertNotEquals(ip, inspect(P + "new").at("/NetworkSettings/IPAddress").asText());
    }

    @Test
    void badInputGivesClearErrorsAndLeavesNothing() throws Exception {
        d.docker("network", "create", "--subnet", "10.214.0.0/16", P + "s").ok();
        CliResult overlap = d.docker("network", "create", "--subnet", "10.214.5.0/24", P + "o");
        assertNotEquals(0, overlap.exitCode());
        assertTrue(overlap.stderr().contains("overlaps"), overlap.stderr());
        assertNotEquals(0, d.docker("network", "inspect", P + "o").exitCode(), "nothing half-made");

        CliResult outside = d.docker("run", "-d", "--network", P + "s", "--ip", "10.99.1.2", bb, "sleep", "1000");
        assertNotEquals(0, outside.exitCode());
        assertTrue(outside.stderr().contains("10.99.1.2"), outside.stderr());

        CliResult unknown = d.docker("run", "-d", "--network", P + "nope", bb, "sleep", "1000");
        assertNotEquals(0, unknown.exitCode());
        assertTrue(unknown.stderr().contains("network " + P + "nope not found"), unknown.stderr());

        try (ServerSocket busy = new ServerSocket(0)) {
            CliResult inUse = d.docker("run", "-d", "-p", busy.getLocalPort() + ":80", bb, "sleep", "1000");
            assertNotEquals(0, inUse.exitCode());
            assertTrue(inUse.stderr().contains("already in use"), inUse.stderr());
        }
        assertEquals("", d.docker("ps", "-aq").out(), "refused at create: no container was made");
        Path netns = d.execRoot().resolve("netns");
        try (Stream<Path> s = Files.exists(netns) ? Files.list(netns) : Stream.empty()) {
            assertEquals(0, s.count(), "no netns left");
        }
        assertEquals("", Cli.run("ip", "-o", "link", "show", "master", bridgeOf("bridge")).ok().out(), "no veth left");
    }

    @Test
    void hostAndNoneNetworksAndPrune() throws Exception {
        String none = d.docker("run", "--rm", "--network", "none", bb, "ip", "-o", "link").ok().out();
        assertTrue(none.contains("lo") && !none.contains("eth0"), none);
        String host = d.docker("run", "--rm", "--network", "host", bb, "ip", "-o", "link").ok().out();
        assertTrue(host.contains("eth0") && host.contains(bridgeOf("bridge")), "host mode sees the host's links: " + host);
        assertEquals("bridge host none", d.docker("network", "ls", "--filter", "type=builtin", "--format", "{{.Name}}").ok().out()
                .lines().sorted().reduce((a, b) -> a + " " + b).orElse(""));

        d.docker("network", "create", P + "p1").ok();
        d.docker("network", "create", P + "p2").ok();
        d.docker("run", "-d", "--name", P + "busy", "--network", P + "p2", bb, "sleep", "1000").ok();
        String pruned = d.docker("network", "prune", "-f").ok().out();
        assertTrue(pruned.contains(P + "p1") && !pruned.contains(P + "p2"), pruned);
        assertNotEquals(0, d.docker("network", "inspect", P + "p1").exitCode());
        CliResult builtin = d.docker("network", "rm", "bridge");
        assertTrue(builtin.stderr().contains("pre-defined network"), builtin.stderr());
    }
}
