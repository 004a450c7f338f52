package dev.wharf.daemon.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.api.ApiExchange;
import dev.wharf.daemon.api.Filters;
import dev.wharf.daemon.api.Router;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The Docker Engine API's {@code /networks} endpoints: list, inspect, create, connect, disconnect, prune, remove
 * — what {@code docker network ...} sends.
 */
public final class NetworkRoutes {
    private final NetworkService networks;
    private final ContainerDirectory containers;

    public NetworkRoutes(NetworkService networks, ContainerDirectory containers) {
        this.networks = networks;
        this.containers = containers;
    }

    public void register(Router router) {
        router.get("/networks", this::list);
        router.get("/networks/{id}", this::inspect);
        router.post("/networks/create", this::create);
        router.post("/networks/prune", this::prune);
        router.post("/networks/{id}/connect", this::connect);
        router.post("/networks/{id}/disconnect", this::disconnect);
        router.delete("/networks/{id}", this::remove);
    }

    private void list(ApiExchange ex) throws IOException {
        Filters f = Filters.parse(ex.query("filters")).allow("name", "id", "label", "driver", "type", "scope", "dangling");
        List<Object> out = new ArrayList<>();
        for (NetworkRecord n : networks.list()) {
            if (matches(f, n)) {
                out.add(NetworkViews.network(n, networks.attached(n.id()), false));
            }
        }
        ex.json(200, out);
    }

    private boolean matches(Filters f, NetworkRecord n) {
        return f.matchAny("name", v -> n.name().contains(v))
                && f.matchAny("id", v -> n.id().startsWith(v))
                && f.matchLabels("label", n.labels())
                && f.matchAny("driver", v -> v.equals(n.driver() == null ? "null" : n.driver()))
                && f.matchAny("scope", v -> v.equals("local"))
                && f.matchAny("type", v -> v.equals(n.builtin() ? "builtin" : "custom"))
                && f.matchAny("dangling", v -> (v.equals("true") || v.equals("1")) == (!n.builtin() && networks.attached(n.id()).isEmpty()));
    }

    private void inspect(ApiExchange ex) throws IOException {
        NetworkRecord n = networks.require(ex.param("id"));
        ex.json(200, NetworkViews.network(n, networks.attached(n.id()), true));
    }

    private void create(ApiExchange ex) throws IOException {
        JsonNode b = ex.bodyJsonTree();
        if (b == null) {
            throw ApiException.badRequest("network create needs a JSON body");
        }
        if (b.path("EnableIPv6").asBoolean(false)) {
            throw ApiException.badRequest("IPv6 networks are not supported by Wharf");
        }
        JsonNode ipamDriver = b.path("IPAM").path("Driver");
        if (!ipamDriver.isMissingNode() && !ipamDriver.isNull() && !ipamDriver.asText().isEmpty() && !ipamDriver.asText().equals("default")) {
            throw ApiException.badRequest("IPAM driver \"" + ipamDriver.asText() + "\" is not supported: use the default");
        }
        JsonNode configs = b.path("IPAM").path("Config");
        if (configs.size() > 1) {
            throw ApiException.badRequest("only one IPv4 subnet per network is supported (got " + configs.size() + ")");
        }
        JsonNode c = configs.size() == 1 ? configs.get(0) : null;
        String subnet = c == null ? null : text(c, "Subnet");
        if (subnet != null && subnet.contains(":")) {
            throw ApiException.badRequest("IPv6 subnets are not supported by Wharf: " + subnet);
        }
        NetworkRecord n = networks.create(new NetworkService.CreateRequest(text(b, "Name"), text(b, "Driver"), subnet,
                c == null ? null : text(c, "IPRange"), c == null ? null : text(c, "Gateway"), b.path("Internal").asBoolean(false),
                b.path("Attachable").asBoolean(false), stringMap(b.path("Labels")), stringMap(b.path("Options"))));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", n.id());
        out.put("Warning", "");
        ex.json(201, out);
    }

    private void connect(ApiExchange ex) throws IOException {
        NetworkRecord n = networks.require(ex.param("id"));
        JsonNode b = body(ex);
        ContainerDirectory.Ref c = container(text(b, "Container"));
        JsonNode ep = b.path("EndpointConfig");
        List<String> aliases = new ArrayList<>();
        ep.path("Aliases").forEach(a -> aliases.add(a.asText()));
        String ip = ep.path("IPAMConfig").path("IPv4Address").asText("");
        networks.connect(n.id(), c.id(), c.name(), new NetworkRequest.EndpointRequest(aliases, ip.isEmpty() ? null : ip));
        ex.json(200, Map.of());
    }

    private void disconnect(ApiExchange ex) throws IOException {
        NetworkRecord n = networks.require(ex.param("id"));
        JsonNode b = body(ex);
        ContainerDirectory.Ref c = container(text(b, "Container"));
        networks.disconnect(n.id(), c.id(), c.name());
        ex.json(200, Map.of());
    }

    private void prune(ApiExchange ex) throws IOException {
        Filters f = Filters.parse(ex.query("filters")).allow("label", "label!", "until");
        Predicate<NetworkRecord> keep = n -> f.matchLabels("label", n.labels())
                && (!f.has("label!") || f.get("label!").stream().noneMatch(l -> new Filters(Map.of("l", java.util.Set.of(l))).matchLabels("l", n.labels())));
        ex.json(200, Map.of("NetworksDeleted", networks.prune(keep)));
    }

    private void remove(ApiExchange ex) {
        networks.remove(ex.param("id"));
        ex.noContent();
    }

    private ContainerDirectory.Ref container(String idOrName) {
        if (idOrName == null || idOrName.isEmpty()) {
            throw ApiException.badRequest("no container given");
        }
        return containers.find(idOrName).orElseThrow(() -> ApiException.notFound("No such container: " + idOrName));
    }

    private static JsonNode body(ApiExchange ex) throws IOException {
        JsonNode b = ex.bodyJsonTree();
        if (b == null) {
            throw ApiException.badRequest("a JSON body is required");
        }
        return b;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    private static Map<String, String> stringMap(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        }
        return m;
    }
}
