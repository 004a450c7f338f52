package dev.wharf.daemon.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A control-plane spec's published ports ({@code [ip:]hostPort:containerPort[/proto]}) as Docker's create body. */
final class ClusterPorts {
    private ClusterPorts() {
    }

    static void publish(List<String> ports, ObjectNode body, ObjectNode hostConfig) {
        if (ports.isEmpty()) {
            return;
        }
        ObjectNode exposed = body.putObject("ExposedPorts");
        ObjectNode bindings = hostConfig.putObject("PortBindings");
        for (String p : ports) {
            String proto = "tcp";
            String rest = p;
            int slash = p.indexOf('/');
            if (slash >= 0) {
                proto = p.substring(slash + 1);
                rest = p.substring(0, slash);
            }
            String[] parts = rest.split(":", -1);
            String containerPort = parts[parts.length - 1] + "/" + proto;
            exposed.putObject(containerPort);
            ObjectNode binding = bindings.withArray(containerPort).addObject();
            binding.put("HostIp", parts.length == 3 ? parts[0] : "");
            binding.put("HostPort", parts.length >= 2 ? parts[parts.length - 2] : "");
        }
    }
}
