package dev.wharf.daemon.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the containers code tells networking about one container — the network parts of Docker's create request
 * ({@code HostConfig.NetworkMode}, {@code NetworkingConfig.EndpointsConfig}, {@code HostConfig.PortBindings},
 * {@code PublishAllPorts}, {@code Dns*}, {@code ExtraHosts}) plus the image's exposed ports.
 *
 * @param networkMode {@code default}/{@code bridge}, {@code host}, {@code none}, a network name or id, or
 *                    {@code container:<id|name>}
 * @param endpoints   per network name or id: aliases and a static address
 * @param portBindings {@code "80/tcp"} → host bindings ({@code -p}); an empty HostPort = ephemeral
 * @param exposedPorts {@code "80/tcp"}, what {@code -P} publishes
 */
public record NetworkRequest(
        String containerId,
        String name,
        String hostname,
        String domainname,
        String networkMode,
        Map<String, EndpointRequest> endpoints,
        Map<String, List<PortBindingRequest>> portBindings,
        boolean publishAllPorts,
        List<String> exposedPorts,
        List<String> dns,
        List<String> dnsSearch,
        List<String> dnsOptions,
        List<String> extraHosts) {

    public NetworkRequest {
        networkMode = networkMode == null || networkMode.isEmpty() ? "default" : networkMode;
        endpoints = endpoints == null ? Map.of() : endpoints;
        portBindings = portBindings == null ? Map.of() : portBindings;
        exposedPorts = exposedPorts == null ? List.of() : exposedPorts;
        dns = dns == null ? List.of() : dns;
        dnsSearch = dnsSearch == null ? List.of() : dnsSearch;
        dnsOptions = dnsOptions == null ? List.of() : dnsOptions;
        extraHosts = extraHosts == null ? List.of() : extraHosts;
    }

    /** Aliases and a static IPv4 address for one network ({@code --network-alias}, {@code --ip}). */
    public record EndpointRequest(List<String> aliases, String ipv4Address) {
        public EndpointRequest {
            aliases = aliases == null ? List.of() : aliases;
        }
    }

    /** One {@code -p [hostIp:]hostPort:containerPort}: HostIp "" = all addresses, HostPort "" = ephemeral. */
    public record PortBindingRequest(String hostIp, String hostPort) {
    }

    /**
     * Reads the request from a Docker {@code POST /containers/create} body; {@code imageExposedPorts} are the
     * image config's {@code ExposedPorts} keys (merged with the body's, as Docker does for {@code -P}).
     */
    public static NetworkRequest fromCreateBody(String containerId, String name, JsonNode body, Collection<String> imageExposedPorts) {
        JsonNode hc = body.path("HostConfig");
        Map<String, EndpointRequest> eps = new LinkedHashMap<>();
        body.path("NetworkingConfig").path("EndpointsConfig").fields().forEachRemaining(e -> {
            JsonNode ep = e.getValue();
            String ip = ep.path("IPAMConfig").path("IPv4Address").asText("");
            eps.put(e.getKey(), new EndpointRequest(strings(ep.path("Aliases")), ip.isEmpty() ? null : ip));
        });
        Map<String, List<PortBindingRequest>> bindings = new LinkedHashMap<>();
        hc.path("PortBindings").fields().forEachRemaining(e -> {
            List<PortBindingRequest> l = new ArrayList<>();
            e.getValue().forEach(b -> l.add(new PortBindingRequest(b.path("HostIp").asText(""), b.path("HostPort").asText(""))));
            bindings.put(e.getKey(), l);
        });
        List<String> exposed = new ArrayList<>(imageExposedPorts == null ? List.of() : imageExposedPorts);
        body.path("ExposedPorts").fieldNames().forEachRemaining(p -> {
            if (!exposed.contains(p)) {
                exposed.add(p);
            }
        });
        return new NetworkRequest(containerId, name, body.path("Hostname").asText(""), body.path("Domainname").asText(""),
                hc.path("NetworkMode").asText("default"), eps, bindings, hc.path("PublishAllPorts").asBoolean(false), exposed,
                strings(hc.path("Dns")), strings(hc.path("DnsSearch")), strings(hc.path("DnsOptions")), strings(hc.path("ExtraHosts")));
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        }
        return out;
    }
}
