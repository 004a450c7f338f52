package dev.wharf.daemon.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.daemon.snapshots.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of {@code docker inspect} and {@code docker ps} for a container. */
final class ContainerViews {
    private ContainerViews() {
    }

    static Map<String, Object> inspect(Container c, ContainerNetworking net, String lowerDirs) {
        Map<String, Object> m = new LinkedHashMap<>();
        synchronized (c) {
            ContainerPaths p = c.paths();
            m.put("Id", c.id());
            m.put("Created", ApiTime.format(c.created()));
            m.put("Path", c.path());
            m.put("Args", c.args());
            m.put("State", c.state().toApi());
            m.put("Image", c.imageId());
            m.put("ResolvConfPath", existing(p.dir().resolve("resolv.conf")));
            m.put("HostnamePath", existing(p.dir().resolve("hostname")));
            m.put("HostsPath", existing(p.dir().resolve("hosts")));
            m.put("LogPath", p.logPath().toString());
            m.put("Name", "/" + c.name());
            m.put("RestartCount", c.restartCount());
            m.put("Driver", "overlay2");
            m.put("Platform", "linux");
            m.put("MountLabel", "");
            m.put("ProcessLabel", "");
            m.put("AppArmorProfile", "");
            m.put("ExecIDs", null);
            m.put("HostConfig", c.hostConfig());
            Snapshot s = p.snapshot();
            Map<String, Object> gd = new LinkedHashMap<>();
            gd.put("LowerDir", lowerDirs);
            gd.put("MergedDir", s.mergedDir().toString());
            gd.put("UpperDir", s.upperDir().toString());
            gd.put("WorkDir", s.workDir().toString());
            m.put("GraphDriver", Map.of("Name", "overlay2", "Data", gd));
            m.put("Mounts", List.of());
            m.put("Config", c.config());
            m.put("NetworkSettings", networkSettings(c, net));
        }
        return m;
    }

    private static Map<String, Object> networkSettings(Container c, ContainerNetworking net) {
        Map<String, Object> ns = new LinkedHashMap<>();
        ns.put("Bridge", "");
        ns.put("SandboxID", "");
        ns.put("HairpinMode", false);
        ns.put("LinkLocalIPv6Address", "");
        ns.put("LinkLocalIPv6PrefixLen", 0);
        ns.put("Ports", Map.of());
        ns.put("SandboxKey", "");
        ns.put("SecondaryIPAddresses", null);
        ns.put("SecondaryIPv6Addresses", null);
        ns.put("EndpointID", "");
        ns.put("Gateway", "");
        ns.put("GlobalIPv6Address", "");
        ns.put("GlobalIPv6PrefixLen", 0);
        ns.put("IPAddress", "");
        ns.put("IPPrefixLen", 0);
        ns.put("IPv6Gateway", "");
        ns.put("MacAddress", "");
        ns.put("Networks", Map.of());
        ns.putAll(net.networkSettings(c));
        return ns;
    }

    /** One entry of {@code GET /containers/json}. */
    static Map<String, Object> summary(Container c, ContainerNetworking net) {
        Map<String, Object> m = new LinkedHashMap<>();
        synchronized (c) {
            ContainerState s = c.state();
            m.put("Id", c.id());
            m.put("Names", List.of("/" + c.name()));
            m.put("Image", c.image());
            m.put("ImageID", c.imageId());
            m.put("Command", command(c));
            m.put("Created", c.created().getEpochSecond());
            Map<String, Object> settings = net.networkSettings(c);
            m.put("Ports", portList(settings.get("Ports")));
            m.put("Labels", c.config().path("Labels").isObject() ? c.config().get("Labels") : Map.of());
            m.put("State", s.status().api());
            m.put("Status", status(s));
            m.put("HostConfig", Map.of("NetworkMode", c.hostConfig().path("NetworkMode").asText("default")));
            Object networks = settings.get("Networks");
            m.put("NetworkSettings", Map.of("Networks", networks == null ? Map.of() : networks));
            m.put("Mounts", List.of());
        }
        return m;
    }

    /**
     * {@code docker ps}'s PORTS: inspect's {@code {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]}} as the
     * list form {@code [{"IP", "PrivatePort", "PublicPort", "Type"}]}; an exposed, unpublished port has no public side.
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> portList(Object ports) {
        if (!(ports instanceof Map<?, ?> map)) {
            return List.of();
        }
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String[] spec = e.getKey().toString().split("/");
            int privatePort = Integer.parseInt(spec[0]);
            String type = spec.length > 1 ? spec[1] : "tcp";
            List<Object> bindings = e.getValue() instanceof List<?> l ? (List<Object>) l : List.of();
            if (bindings.isEmpty()) {
                out.add(Map.of("PrivatePort", privatePort, "Type", type));
            }
            for (Object b : bindings) {
                if (b instanceof Map<?, ?> bm) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("IP", String.valueOf(bm.get("HostIp")).isEmpty() ? "0.0.0.0" : String.valueOf(bm.get("HostIp")));
                    p.put("PrivatePort", privatePort);
                    p.put("PublicPort", Integer.parseInt(String.valueOf(bm.get("HostPort"))));
                    p.put("Type", type);
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** The Status column: "Up 3 seconds", "Up 1 minute (Paused)", "Exited (0) 2 seconds ago", "Created". */
    static String status(ContainerState s) {
        Instant now = Instant.now();
        return switch (s.status()) {
            case RUNNING -> "Up " + ApiTime.human(Duration.between(s.startedAt(), now));
            case PAUSED -> "Up " + ApiTime.human(Duration.between(s.startedAt(), now)) + " (Paused)";
            case RESTARTING -> "Restarting (" + s.exitCode() + ") " + ApiTime.human(Duration.between(s.finishedAt(), now)) + " ago";
            case EXITED -> s.finishedAt() == null ? "Exited (" + s.exitCode() + ")"
                    : "Exited (" + s.exitCode() + ") " + ApiTime.human(Duration.between(s.finishedAt(), now)) + " ago";
            case CREATED -> "Created";
            case REMOVING -> "Removal In Progress";
            case DEAD -> "Dead";
        };
    }

    static String command(Container c) {
        List<String> parts = new ArrayList<>();
        parts.add(c.path());
        parts.addAll(c.args());
        return String.join(" ", parts);
    }

    private static String existing(Path p) {
        return Files.exists(p) ? p.toString() : "";
    }

    static boolean labelsMatch(JsonNode labels, String filter) {
        int eq = filter.indexOf('=');
        String k = eq < 0 ? filter : filter.substring(0, eq);
        if (!labels.has(k)) {
            return false;
        }
        return eq < 0 || labels.get(k).asText().equals(filter.substring(eq + 1));
    }
}
