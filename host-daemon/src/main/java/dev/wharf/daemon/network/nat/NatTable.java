package dev.wharf.daemon.network.nat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.daemon.network.ipam.Subnet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The whole nftables table Wharf owns, as one JSON batch computed from state: it re-creates the table
 * ({@code add} + {@code delete} + {@code add}, atomic), so applying it is idempotent and leaves exactly what
 * the state says — at daemon start and after every change. Nothing outside this one table is touched.
 *
 * <p>Chains (family {@code inet}):
 * <ul>
 * <li>{@code prerouting} (nat, -100) and {@code output} (nat, -100): traffic to a local address jumps to
 * {@code ports}; {@code output} is needed because host-originated packets never pass prerouting.</li>
 * <li>{@code ports}: one DNAT rule per published port, optionally limited to one host address.</li>
 * <li>{@code postrouting} (nat, 100): masquerade from each non-internal subnet leaving its bridge; masquerade
 * of 127.0.0.0/8 sources onto a bridge (with {@code route_localnet=1} on it, connections to 127.0.0.1:port
 * work); hairpin masquerade for a container reaching its own network's published port when br_netfilter
 * is off.</li>
 * <li>{@code forward} (filter, 0): DNATed traffic is accepted (published ports are public), otherwise traffic
 * from one Wharf bridge to another is dropped (networks are isolated) and internal networks reach nothing
 * beyond their bridge.</li>
 * </ul>
 */
public final class NatTable {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final String table;

    public NatTable(String table) {
        this.table = table;
    }

    public String name() {
        return table;
    }

    /** The batch that makes the table exactly this. */
    public String document(Collection<NatNetwork> networks, Collection<PortRule> ports) {
        List<JsonNode> cmds = new ArrayList<>();
        cmds.add(cmd("add", "table", tableObj()));
        cmds.add(cmd("delete", "table", tableObj()));
        cmds.add(cmd("add", "table", tableObj()));
        cmds.add(cmd("add", "chain", baseChain("prerouting", "nat", "prerouting", -100)));
        cmds.add(cmd("add", "chain", baseChain("output", "nat", "output", -100)));
        cmds.add(cmd("add", "chain", baseChain("postrouting", "nat", "postrouting", 100)));
        cmds.add(cmd("add", "chain", baseChain("forward", "filter", "forward", 0)));
        cmds.add(cmd("add", "chain", F.objectNode().put("family", "inet").put("table", table).put("name", "ports")));

        ArrayNode toPorts = exprs(match(fib(), F.textNode("local")), jump("ports"));
        cmds.add(rule("prerouting", toPorts, null));
        cmds.add(rule("output", toPorts.deepCopy(), null));
        for (PortRule p : ports) {
            ArrayNode e = F.arrayNode();
            if (p.hostIp() != null && !p.hostIp().isEmpty() && !p.hostIp().equals("0.0.0.0")) {
                e.add(match(payload("ip", "daddr"), F.textNode(p.hostIp())));
            }
            e.add(match(payload(p.proto(), "dport"), F.numberNode(p.hostPort())));
            e.add(F.objectNode().set("dnat", F.objectNode().put("family", "ip").put("addr", p.containerIp()).put("port", p.containerPort())));
            cmds.add(rule("ports", e, "wharf:" + p.containerId()));
        }

        for (NatNetwork n : networks) {
            if (!n.internal() && n.clusterPool() != null) {
                // cluster network: other hosts' containers are reached with the container's own address
                cmds.add(rule("postrouting", exprs(match(payload("ip", "saddr"), prefix(n.subnet())),
                        match(payload("ip", "daddr"), prefix(n.clusterPool())), F.objectNode().putNull("return")), null));
            }
            if (!n.internal()) {
                cmds.add(rule("postrouting", exprs(match(payload("ip", "saddr"), prefix(n.subnet())),
                        match("!=", meta("oifname"), F.textNode(n.bridge())), F.objectNode().putNull("masquerade")), null));
            }
            cmds.add(rule("postrouting", exprs(match(payload("ip", "saddr"), prefix127()),
                    match(meta("oifname"), F.textNode(n.bridge())), F.objectNode().putNull("masquerade")), null));
            cmds.add(rule("postrouting", exprs(match(meta("iifname"), F.textNode(n.bridge())),
                    match(meta("oifname"), F.textNode(n.bridge())),
                    match("in", F.objectNode().set("ct", F.objectNode().put("key", "status")), F.textNode("dnat")),
                    F.objectNode().putNull("masquerade")), null));
        }

        if (!networks.isEmpty()) {
            cmds.add(rule("forward", exprs(match("in", F.objectNode().set("ct", F.objectNode().put("key", "status")), F.textNode("dnat")),
                    F.objectNode().putNull("accept")), null));
        }
        for (NatNetwork n : networks) {
            if (n.internal()) {
                cmds.add(rule("forward", exprs(match(meta("iifname"), F.textNode(n.bridge())),
                        match("!=", meta("oifname"), F.textNode(n.bridge())), F.objectNode().putNull("drop")), null));
                cmds.add(rule("forward", exprs(match(meta("oifname"), F.textNode(n.bridge())),
                        match("!=", meta("iifname"), F.textNode(n.bridge())), F.objectNode().putNull("drop")), null));
                continue;
            }
            ArrayNode others = F.arrayNode();
            networks.stream().filter(o -> !o.bridge().equals(n.bridge())).forEach(o -> others.add(o.bridge()));
            if (!others.isEmpty()) {
                cmds.add(rule("forward", exprs(match(meta("iifname"), F.textNode(n.bridge())),
                        match(meta("oifname"), others.size() == 1 ? others.get(0) : F.objectNode().set("set", others)),
                        F.objectNode().putNull("drop")), null));
            }
        }

        StringBuilder sb = new StringBuilder("{\"nftables\": [\n");
        for (int i = 0; i < cmds.size(); i++) {
            sb.append("  ").append(cmds.get(i).toString()).append(i + 1 < cmds.size() ? ",\n" : "\n");
        }
        return sb.append("]}\n").toString();
    }

    /** The batch that removes the table (used when the last Wharf daemon state is gone, and by tests). */
    public String deleteDocument() {
        return "{\"nftables\": [" + cmd("add", "table", tableObj()) + ", " + cmd("delete", "table", tableObj()) + "]}";
    }

    private ObjectNode tableObj() {
        return F.objectNode().put("family", "inet").put("name", table);
    }

    private static JsonNode cmd(String verb, String kind, ObjectNode obj) {
        return F.objectNode().set(verb, F.objectNode().set(kind, obj));
    }

    private ObjectNode baseChain(String name, String type, String hook, int prio) {
        return F.objectNode().put("family", "inet").put("table", table).put("name", name)
                .put("type", type).put("hook", hook).put("prio", prio).put("policy", "accept");
    }

    private JsonNode rule(String chain, ArrayNode expr, String comment) {
        ObjectNode r = F.objectNode().put("family", "inet").put("table", table).put("chain", chain);
        r.set("expr", expr);
        if (comment != null) {
            r.put("comment", comment);
        }
        return F.objectNode().set("add", F.objectNode().set("rule", r));
    }

    private static ArrayNode exprs(JsonNode... e) {
        ArrayNode a = F.arrayNode();
        for (JsonNode n : e) {
            a.add(n);
        }
        return a;
    }

    private static JsonNode match(JsonNode left, JsonNode right) {
        return match("==", left, right);
    }

    private static JsonNode match(String op, JsonNode left, JsonNode right) {
        ObjectNode m = F.objectNode().put("op", op);
        m.set("left", left);
        m.set("right", right);
        return F.objectNode().set("match", m);
    }

    private static JsonNode payload(String protocol, String field) {
        return F.objectNode().set("payload", F.objectNode().put("protocol", protocol).put("field", field));
    }

    private static JsonNode meta(String key) {
        return F.objectNode().set("meta", F.objectNode().put("key", key));
    }

    private static JsonNode fib() {
        ObjectNode fib = F.objectNode().put("result", "type");
        fib.set("flags", F.arrayNode().add("daddr"));
        return F.objectNode().set("fib", fib);
    }

    private static JsonNode jump(String target) {
        return F.objectNode().set("jump", F.objectNode().put("target", target));
    }

    private static JsonNode prefix(Subnet s) {
        return F.objectNode().set("prefix", F.objectNode().put("addr", Subnet.format(s.base())).put("len", s.prefixLen()));
    }

    private static JsonNode prefix127() {
        return F.objectNode().set("prefix", F.objectNode().put("addr", "127.0.0.0").put("len", 8));
    }

}
