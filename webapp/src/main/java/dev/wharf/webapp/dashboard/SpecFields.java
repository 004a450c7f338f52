package dev.wharf.webapp.dashboard;

import dev.wharf.model.agent.ContainerSpec;
import java.util.List;

/**
 * Reads the optional parts of a container spec (ports, network, resources, restart policy, placement) for
 * the tables and the inspect view.
 */
final class SpecFields {

    private SpecFields() {
    }

    static List<String> ports(ContainerSpec spec) {
        return spec.ports();
    }

    /** Network, resources, restart policy and placement, as one line for the inspect view. */
    static String placement(ContainerSpec spec) {
        StringBuilder sb = new StringBuilder();
        append(sb, "network", spec.network());
        append(sb, "cpus", spec.cpus());
        append(sb, "memory", spec.memoryBytes() == null ? null : HostsBean.memory(spec.memoryBytes()));
        append(sb, "restart", spec.restartPolicy());
        append(sb, "constraints", spec.constraints().isEmpty() ? null : String.join(", ", spec.constraints()));
        append(sb, "group", spec.group());
        return sb.toString();
    }

    private static void append(StringBuilder sb, String name, Object value) {
        if (value != null) {
            sb.append(sb.isEmpty() ? "" : "; ").append(name).append(' ').append(value);
        }
    }
}
