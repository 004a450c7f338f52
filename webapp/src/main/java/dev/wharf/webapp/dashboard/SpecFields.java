package dev.wharf.webapp.dashboard;

import dev.wharf.model.agent.ContainerSpec;
import java.util.List;

/**
 * Reads the parts of a container spec that newer control planes add (ports, ...). Kept in one place so the
 * tables pick them up as soon as {@link ContainerSpec} has them.
 */
final class SpecFields {

    private SpecFields() {
    }

    static List<String> ports(ContainerSpec spec) {
        return List.of();
    }
}
