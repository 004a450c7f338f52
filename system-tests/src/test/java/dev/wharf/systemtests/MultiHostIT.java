package dev.wharf.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import dev.wharf.systemtests.simulator.HostSimulator;

/**
 * Three real host daemons, each in its own network namespace ("host") on a test switch, and one control plane:
 * 30 containers are spread over the three, reach each other across hosts by address, survive the loss of a host
 * (moved to the other two within the heartbeat TTL + grace, with addresses from their new hosts' subnets), and
 * the lost host's stale copies are stopped when it comes back. No address is ever held by two containers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiHostIT {

    private static final int TTL = 3;
    private static final int GRACE = 2;
    private static final int COUNT = 30;

    private static TestNetwork net;
    private static TestRegistry registry;
    private static ControlPlaneProcess cp;
    private static Rest rest;
    private static String network;
    private static final Map<String, NetnsDaemon> daemons = new LinkedHashMap<>();
    private static final Map<String, String> hostIds = new HashMap<>();
    private static Path dir;
    private static String joinToken;
    private static String cpUrl;

    @BeforeAll
    static void cluster() throws Exception {
        net = new TestNetwork();
        dir = Path.of(System.getProperty("wharf.it.dir")).resolve(net.prefix()).toAbsolutePath();
        registry = new TestRegistry(dir.resolve("registry"), net.gateway());
        cp = ControlPlaneProcess.start(dir.resolve("control-plane"), List.of(
                "-Dwharf.heartbeat.ttl-seconds=" + TTL, "-Dwharf.heartbeat.grace-seconds=" + GRACE));
        cpUrl = "http://" + net.gateway() + ":" + cp.port() + "/";
        rest = new Rest(URI.create("http://127.0.0.1:" + cp.port() + "/"));
        Properties admin = cp.adminCredentials();
        String token = rest.post("/api/v1/auth/login", Map.of("username", admin.getProperty("WHARF_ADMIN_USER"),
                "password", admin.getProperty("WHARF_ADMIN_PASSWORD"))).expect(200).json().get("token").asText();
        rest.token(token);
        joinToken = cp.joinToken();
        // one cluster pool, a /24 of it per host; routed: the hosts share the switch
        network = net.prefix() + "-apps";
        int second = 100 + Integer.parseInt(net.prefix().substring(2, 4), 16) % 100;
        rest.post("/api/v1/networks", Map.of("name", network, "cidr", "10." + second + ".0.0/16", "hostPrefix", 24,
                "mode", "routed")).expect(201);
        int octet = 11;
        for (String h : List.of("a", "b", "c")) {
            String address = net.addHost(h, octet++);
            NetnsDaemon d = daemon(h, address);
            daemons.put(h, d);
            d.start();
        }
        await("three ready hosts", Duration.ofSeconds(90), () -> {
            hostIds.clear();
            for (JsonNode h : rest.get("/api/v1/hosts").expect(200).json()) {
                String name = h.get("name").asText();
                if (name.startsWith(net.prefix()) && "ready".equals(h.get("state").asText())) {
                    hostIds.put(name.substring(name.length() - 1), h.get("id").asText());
                }
            }
            return hostIds.size() == 3;
        });
    }

    private static NetnsDaemon daemon(String h, String address) {
        return new NetnsDaemon(net.ns(h), net.ns(h), address, dir.resolve("host-" + h), cpUrl, joinToken,
                registry.address(), Map.of("zone", h));
    }

    @AfterAll
    static void tearDown() throws Exception {
        // the control plane goes first: it would have the daemons re-create what the cleanup removes
        if (cp != null) {
            cp.close();
        }
        Thread.sleep(1500);
        for (NetnsDaemon d : daemons.values()) {
            try {
                d.close();
            } catch (Exception e) {
                System.err.println("cleanup of a daemon: " + e);
            }
        }
        if (registry != null) {
            registry.close();
        }
        if (net != null) {
            net.close();
        }
    }

    @Test
    @Order(1)
    void containersSpreadTalkAcrossHostsAndMoveOffALostHostWithoutRunningTwice() throws Exception {
        // 30 containers with a restart policy on the cluster network
        for (int i = 0; i < COUNT; i++) {
            String name = net.prefix() + "-web" + i;
            rest.post("/api/v1/containers", Map.of("name", name, "image", registry.busybox(),
                    "command", List.of("sh", "-c", "mkdir -p /www && echo page-from-" + name
                            + " > /www/index.html && exec httpd -f -p 80 -h /www"),
                    "restartPolicy", "always", "network", network)).expect(201);
            rest.post("/api/v1/containers/" + name + "/start", null).expect(200);
        }
        Map<String, JsonNode> running = awaitRunning(COUNT, Duration.ofSeconds(240));
        Map<String, String> subnets = subnets();

        Map<String, Integer> perHost = new HashMap<>();
        for (JsonNode c : running.values()) {
            perHost.merge(c.get("hostId").asText(), 1, Integer::sum);
            assertTrue(inSubnet(ip(c), subnets.get(c.get("hostId").asText())),
                    c.get("name").asText() + " has " + ip(c) + " outside its host's subnet");
        }
        assertEquals(Map.of(hostIds.get("a"), 10, hostIds.get("b"), 10, hostIds.get("c"), 10), perHost, "spread evenly");
        assertUniqueAddresses();

        // a container on host A fetches the page of one on host B, by address
        JsonNode onA = onHost(running, "a").get(0);
        JsonNode onB = onHost(running, "b").get(0);
        Cmd.Result page = fetch(daemons.get("a"), onA.get("name").asText(), ip(onB));
        assertTrue(page.out().contains("page-from-" + onB.get("name").asText() + "\n"), () -> diagnose(page, onA, onB));

        // lose host B: its daemon dies and its link goes down
        List<JsonNode> lost = onHost(running, "b");
        Set<String> lostIds = new HashSet<>();
        lost.forEach(c -> lostIds.add(c.get("id").asText()));
        long t0 = System.nanoTime();
        daemons.get("b").kill9();
        net.link("b", false);
        await("host b down", Duration.ofSeconds(TTL + GRACE + 10), () ->
                "down".equals(rest.get("/api/v1/hosts/" + hostIds.get("b")).json().get("state").asText()));
        double downAfter = (System.nanoTime() - t0) / 1e9;
        assertTrue(downAfter <= TTL + GRACE + 4, "marked down after " + downAfter + " s");

        Map<String, JsonNode> moved = new HashMap<>();
        await("the lost containers running again on a and c", Duration.ofSeconds(TTL + GRACE + 60), () -> {
            moved.clear();
            for (JsonNode c : containers()) {
                String name = c.get("name").asText();
                boolean wasOnB = lost.stream().anyMatch(l -> l.get("name").asText().equals(name));
                if (wasOnB && !lostIds.contains(c.get("id").asText()) && isRunning(c)) {
                    moved.put(name, c);
                }
            }
            return moved.size() == lost.size();
        });
        double movedAfter = (System.nanoTime() - t0) / 1e9;
        System.out.printf("[MultiHostIT] host b down after %.1f s, its %d containers running elsewhere after %.1f s%n",
                downAfter, lost.size(), movedAfter);
        for (JsonNode c : moved.values()) {
            String host = c.get("hostId").asText();
            assertTrue(host.equals(hostIds.get("a")) || host.equals(hostIds.get("c")), c.toString());
            assertTrue(inSubnet(ip(c), subnets.get(host)), c.get("name").asText() + ": " + ip(c) + " not in " + subnets.get(host));
        }
        assertUniqueAddresses();
        // a moved container serves its page across hosts at its new address
        JsonNode movedOne = moved.values().iterator().next();
        NetnsDaemon other = movedOne.get("hostId").asText().equals(hostIds.get("a")) ? daemons.get("c") : daemons.get("a");
        String otherName = onHost(running, movedOne.get("hostId").asText().equals(hostIds.get("a")) ? "c" : "a").get(0)
                .get("name").asText();
        Cmd.Result again = fetch(other, otherName, ip(movedOne));
        assertTrue(again.out().contains("page-from-" + movedOne.get("name").asText() + "\n"),
                () -> "from " + otherName + ": " + diagnose(again, other, otherName, movedOne, List.of("a", "c")));

        // host B comes back: its stale copies are stopped and removed (fenced by generation)
        net.link("b", true);
        NetnsDaemon b = daemon("b", "198.18." + net.gateway().split("\\.")[2] + ".12");
        daemons.put("b", b);
        b.start();
        await("host b ready again", Duration.ofSeconds(60), () ->
                "ready".equals(rest.get("/api/v1/hosts/" + hostIds.get("b")).json().get("state").asText()));
        await("b's stale containers gone", Duration.ofSeconds(90), () -> {
            String ps = b.docker("ps", "-a", "--format", "{{.Names}} {{.Status}}").out();
            return lost.stream().noneMatch(l -> ps.contains(l.get("name").asText() + " "));
        });
        assertEquals(COUNT, awaitRunning(COUNT, Duration.ofSeconds(30)).size());
        assertUniqueAddresses();
    }

    /**
     * Services, binpack, constraints and drain on simulated hosts (the host simulator speaks the real agent
     * protocol and reports what it is asked for as running), against the same control plane.
     */
    @Test
    @Order(2)
    void servicesRollOutRollBackAndDrainOnSimulatedHosts() throws Exception {
        try (HostSimulator sim = new HostSimulator(URI.create("http://127.0.0.1:" + cp.port() + "/"), joinToken,
                Duration.ofMillis(500))) {
            sim.start(3, net.prefix() + "-sim", Map.of("sim", "true"), 4, 8L << 30);
            String svc = net.prefix() + "-svc";
            Map<String, Object> spec = Map.of("image", registry.busybox(), "command", List.of("sleep", "1000"),
                    "constraints", List.of("label.sim == true"), "maxPerHost", 3, "env", List.of("V=1"));
            rest.post("/api/v1/services", Map.of("name", svc, "replicas", 6, "spec", spec, "update",
                    Map.of("parallelism", 2, "order", "start-first", "deadline", 4))).expect(201);
            await("6 replicas running, 2 per simulated host", Duration.ofSeconds(60), () -> {
                JsonNode s = rest.get("/api/v1/services/" + svc).expect(200).json();
                Map<String, Integer> per = new HashMap<>();
                s.get("tasks").forEach(t -> per.merge(t.get("hostId").asText(), 1, Integer::sum));
                return s.get("running").asInt() == 6 && per.size() == 3 && per.values().stream().allMatch(n -> n == 2);
            });

            // rolling update, start-first, two at a time
            Map<String, Object> v2 = new HashMap<>(spec);
            v2.put("env", List.of("V=2"));
            assertEquals("updating", rest.put("/api/v1/services/" + svc, Map.of("spec", v2)).expect(200).json()
                    .get("updateState").asText());
            await("update completed", Duration.ofSeconds(60), () -> {
                JsonNode s = rest.get("/api/v1/services/" + svc).json();
                return "completed".equals(s.get("updateState").asText()) && s.get("running").asInt() == 6
                        && s.get("tasks").size() == 6;
            });
            JsonNode updated = rest.get("/api/v1/services/" + svc).json();
            updated.get("tasks").forEach(t -> assertEquals(2, t.get("specVersion").asInt(), t.toString()));

            // an update whose replicas cannot run (no host fits) fails after the deadline and rolls back
            Map<String, Object> bad = new HashMap<>(v2);
            bad.put("constraints", List.of("label.sim == nowhere"));
            rest.put("/api/v1/services/" + svc, Map.of("spec", bad)).expect(200);
            await("rolled back", Duration.ofSeconds(60), () -> {
                JsonNode s = rest.get("/api/v1/services/" + svc).json();
                return "rolled-back".equals(s.get("updateState").asText()) && s.get("running").asInt() == 6
                        && s.get("tasks").size() == 6;
            });
            JsonNode rolledBack = rest.get("/api/v1/services/" + svc).json();
            assertEquals(List.of("V=2"), Rest.JSON.convertValue(rolledBack.get("spec").get("env"), List.class));
            assertTrue(rolledBack.get("updateMessage").asText().contains("did not run within 4 s"), rolledBack.toString());

            // scale down
            rest.post("/api/v1/services/" + svc + "/scale", Map.of("replicas", 3)).expect(200);
            await("3 replicas", Duration.ofSeconds(30), () -> rest.get("/api/v1/services/" + svc).json().get("tasks").size() == 3);

            // binpack fills one host first; spread again afterwards
            rest.put("/api/v1/cluster/scheduler", Map.of("algorithm", "binpack")).expect(200);
            List<String> packed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String name = net.prefix() + "-pack" + i;
                rest.post("/api/v1/containers", Map.of("name", name, "image", registry.busybox(), "cpus", 1.0,
                        "constraints", List.of("label.sim == true"))).expect(201);
                packed.add(name);
            }
            Set<String> packedHosts = new HashSet<>();
            await("packed containers placed", Duration.ofSeconds(30), () -> {
                packedHosts.clear();
                for (String n : packed) {
                    JsonNode c = rest.get("/api/v1/containers/" + n).json();
                    if (c.get("hostId").isNull()) {
                        return false;
                    }
                    packedHosts.add(c.get("hostId").asText());
                }
                return true;
            });
            rest.put("/api/v1/cluster/scheduler", Map.of("algorithm", "spread")).expect(200);
            assertEquals(1, packedHosts.size(), "binpack put all three on one host");

            // an impossible constraint stays pending with the reason
            JsonNode pending = rest.post("/api/v1/containers", Map.of("name", net.prefix() + "-nowhere",
                    "image", registry.busybox(), "constraints", List.of("label.zone == mars"))).expect(201).json();
            await("pending reason", Duration.ofSeconds(20), () -> rest.get("/api/v1/containers/" + pending.get("id").asText())
                    .json().get("pendingReason").asText().contains("constraint label.zone == mars"));

            // drain: the packed host's containers start elsewhere first, then leave it
            String drained = packedHosts.iterator().next();
            rest.post("/api/v1/hosts/" + drained + "/drain", null).expect(200);
            await("drained host empty", Duration.ofSeconds(60), () -> {
                for (JsonNode c : rest.get("/api/v1/containers?host=" + drained + "&limit=500").json()) {
                    if (!"removed".equals(c.get("desiredState").asText())) {
                        return false;
                    }
                }
                for (String n : packed) {
                    JsonNode c = rest.get("/api/v1/containers/" + n).json();
                    if (c.get("hostId").asText().equals(drained)) {
                        return false;
                    }
                }
                return true;
            });
            rest.delete("/api/v1/services/" + svc).expect(204);
        }
    }

    /**
     * A VXLAN cluster network: the daemons make a kernel vxlan device on the network's bridge with a flood entry per
     * peer, and containers on hosts A and C reach each other through the overlay.
     */
    @Test
    @Order(3)
    void aVxlanNetworkConnectsContainersAcrossHosts() throws Exception {
        String ovl = net.prefix() + "-ovl";
        int second = 100 + Integer.parseInt(net.prefix().substring(2, 4), 16) % 100;
        JsonNode created = rest.post("/api/v1/networks", Map.of("name", ovl, "cidr", "10." + (second < 150 ? second + 50 : second - 50) + ".0.0/16",
                "mode", "vxlan")).expect(201).json();
        int vni = created.get("vni").asInt();
        Map<String, String> names = new HashMap<>();
        for (String h : List.of("a", "c")) {
            String name = net.prefix() + "-ovl-" + h;
            names.put(h, name);
            rest.post("/api/v1/containers", Map.of("name", name, "image", registry.busybox(), "host", net.ns(h),
                    "network", ovl, "command", List.of("sh", "-c", "mkdir -p /www && echo page-from-" + name
                            + " > /www/index.html && exec httpd -f -p 80 -h /www"))).expect(201);
            rest.post("/api/v1/containers/" + name + "/start", null).expect(200);
        }
        Map<String, JsonNode> seen = new HashMap<>();
        await("both overlay containers running", Duration.ofSeconds(90), () -> {
            for (String h : List.of("a", "c")) {
                JsonNode c = rest.get("/api/v1/containers/" + names.get(h)).json();
                if (!isRunning(c)) {
                    return false;
                }
                seen.put(h, c);
            }
            return true;
        });
        String link = daemons.get("a").inNs("ip", "-d", "link", "show", "wvx" + vni).out();
        assertTrue(link.contains("vxlan id " + vni), link);
        String fdb = daemons.get("a").inNs("bridge", "fdb", "show", "dev", "wvx" + vni).out();
        assertTrue(fdb.contains("dst 198.18."), fdb);
        Cmd.Result page = fetch(daemons.get("a"), names.get("a"), ip(seen.get("c")));
        assertTrue(page.out().contains("page-from-" + names.get("c") + "\n"), () -> diagnose(page, seen.get("a"), seen.get("c")));
    }

    /** GET / of a container's httpd from inside another container (busybox nc; its static wget crashes here). */
    private static Cmd.Result fetch(NetnsDaemon d, String from, String ip) throws InterruptedException {
        Cmd.Result r = null;
        for (int attempt = 0; attempt < 4; attempt++) { // a container that just started may not listen yet
            r = d.docker("exec", from, "sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 " + ip + " 80");
            if (r.out().contains("page-from-")) {
                return r;
            }
            Thread.sleep(2000);
        }
        return r;
    }

    private static String diagnose(Cmd.Result fetch, JsonNode from, JsonNode to) {
        return diagnose(fetch, daemons.get("a"), from.get("name").asText(), to, List.of("a", "b"));
    }

    /** Routes, addresses, nft rules and logs of {@code hosts}, and a ping from {@code from} (on {@code d}). */
    private static String diagnose(Cmd.Result fetch, NetnsDaemon d0, String from, JsonNode to, List<String> hosts) {
        StringBuilder sb = new StringBuilder("fetch exit " + fetch.exitCode() + " err " + fetch.err() + "\n");
        sb.append("--- to: ").append(to).append('\n');
        for (String h : hosts) {
            NetnsDaemon d = daemons.get(h);
            sb.append("--- ").append(h).append(" routes:\n").append(d.inNs("ip", "route").out())
                    .append(d.inNs("ip", "-br", "addr").out()).append(d.inNs("nft", "list", "ruleset").out())
                    .append(d.inNs("sysctl", "net.ipv4.ip_forward").out()).append(d.log());
        }
        sb.append("--- exec addr: ").append(d0.docker("exec", from, "ip", "addr").out());
        sb.append("--- ping: ").append(d0.docker("exec", from, "ping", "-c", "1", "-W", "2", ip(to)).out());
        sb.append("--- fetch again: ").append(d0.docker("exec", from, "sh", "-c",
                "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 " + ip(to) + " 80").out());
        return sb.toString();
    }

    /** Every address held by a running container on any daemon is held once. */
    private void assertUniqueAddresses() {
        Map<String, String> holders = new HashMap<>();
        for (Map.Entry<String, NetnsDaemon> e : daemons.entrySet()) {
            if (!e.getValue().alive()) {
                continue;
            }
            String ids = e.getValue().docker("ps", "-q").out().trim();
            if (ids.isEmpty()) {
                continue;
            }
            List<String> args = new ArrayList<>(List.of("inspect", "--format",
                    "{{.Name}}{{range .NetworkSettings.Networks}} {{.IPAddress}}{{end}}"));
            args.addAll(List.of(ids.split("\\s+")));
            for (String line : e.getValue().docker(args.toArray(String[]::new)).ok().out().split("\n")) {
                String[] parts = line.trim().split("\\s+");
                for (int i = 1; i < parts.length; i++) {
                    String prev = holders.put(parts[i], e.getKey() + parts[0]);
                    assertTrue(prev == null, parts[i] + " is held by " + prev + " and " + e.getKey() + parts[0]);
                }
            }
        }
        assertFalse(holders.isEmpty());
    }

    private static List<JsonNode> onHost(Map<String, JsonNode> running, String h) {
        return running.values().stream().filter(c -> c.get("hostId").asText().equals(hostIds.get(h))).toList();
    }

    private static Map<String, JsonNode> awaitRunning(int n, Duration timeout) throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        await(n + " containers running", timeout, () -> {
            out.clear();
            for (JsonNode c : containers()) {
                if (isRunning(c)) {
                    out.put(c.get("name").asText(), c);
                }
            }
            return out.size() >= n;
        });
        return out;
    }

    private static boolean isRunning(JsonNode c) {
        JsonNode o = c.get("observed");
        return "running".equals(c.get("desiredState").asText()) && o != null && !o.isNull()
                && "running".equals(o.get("state").asText()) && o.get("ipAddress") != null && !o.get("ipAddress").isNull();
    }

    private static List<JsonNode> containers() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : rest.get("/api/v1/containers?limit=500").expect(200).json()) {
            if (c.get("name").asText().startsWith(net.prefix() + "-web")) {
                out.add(c);
            }
        }
        return out;
    }

    private static Map<String, String> subnets() {
        Map<String, String> out = new HashMap<>();
        for (JsonNode s : rest.get("/api/v1/networks/" + network).expect(200).json().get("subnets")) {
            out.put(s.get("hostId").asText(), s.get("cidr").asText());
        }
        return out;
    }

    private static String ip(JsonNode c) {
        return c.get("observed").get("ipAddress").asText();
    }

    static boolean inSubnet(String ip, String cidr) {
        String[] p = cidr.split("/");
        int len = Integer.parseInt(p[1]);
        long mask = len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
        return (toLong(ip) & mask) == (toLong(p[0]) & mask);
    }

    private static long toLong(String ip) {
        long v = 0;
        for (String o : ip.split("\\.")) {
            v = (v << 8) | Integer.parseInt(o);
        }
        return v;
    }

    private static void await(String what, Duration timeout, Supplier<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        AssertionError last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.get()) {
                    return;
                }
            } catch (AssertionError e) {
                last = e;
            }
            Thread.sleep(500);
        }
        StringBuilder logs = new StringBuilder();
        daemons.forEach((h, d) -> logs.append("\n--- daemon ").append(h).append(":\n").append(d.log()));
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                + (last != null ? " (last error: " + last.getMessage() + ")" : "") + logs
                + "\n--- control plane:\n" + cp.tail());
    }
}
