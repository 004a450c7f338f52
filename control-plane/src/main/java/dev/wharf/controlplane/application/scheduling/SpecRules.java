package dev.wharf.controlplane.application.scheduling;

import dev.wharf.controlplane.domain.scheduling.Constraint;
import dev.wharf.controlplane.domain.scheduling.PortRequest;
import dev.wharf.controlplane.domain.shared.Validation;
import dev.wharf.model.agent.ContainerSpec;
import java.util.HashSet;
import java.util.Set;

/** Checks of a spec's scheduling fields, each fault named by its field (prefixed, e.g. {@code spec.ports[0]}). */
public final class SpecRules {

    private SpecRules() {
    }

    public static void check(ContainerSpec spec, String prefix, Validation v) {
        v.require(spec.cpus() == null || (spec.cpus() > 0 && spec.cpus() <= 1024), prefix + "cpus", "must be > 0 and at most 1024");
        v.require(spec.memoryBytes() == null || (spec.memoryBytes() >= 1 << 20), prefix + "memoryBytes",
                "must be at least 1048576 (1 MiB)");
        Set<String> hostPorts = new HashSet<>();
        for (int i = 0; i < spec.ports().size(); i++) {
            try {
                String key = PortRequest.parse(spec.ports().get(i)).hostKey();
                v.require(key == null || hostPorts.add(key), prefix + "ports[" + i + "]", "host port " + key + " is listed twice");
            } catch (IllegalArgumentException e) {
                v.require(false, prefix + "ports[" + i + "]", e.getMessage());
            }
        }
        for (int i = 0; i < spec.constraints().size(); i++) {
            try {
                Constraint.parse(spec.constraints().get(i));
            } catch (IllegalArgumentException e) {
                v.require(false, prefix + "constraints[" + i + "]", e.getMessage());
            }
        }
        v.require(spec.group() == null || spec.group().matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}"), prefix + "group",
                "must match [a-zA-Z0-9][a-zA-Z0-9_.-]* and be at most 128 characters");
        v.require(spec.maxPerHost() == null || spec.maxPerHost() >= 1, prefix + "maxPerHost", "must be at least 1");
        v.require(spec.maxPerHost() == null || spec.group() != null, prefix + "maxPerHost", "needs a group");
        v.require(spec.restartPolicy() == null || spec.restartPolicy().matches("no|always|unless-stopped|on-failure(:\\d{1,4})?"),
                prefix + "restartPolicy", "must be no, always, unless-stopped or on-failure[:N]");
        v.require(spec.network() == null || spec.network().matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}"), prefix + "network",
                "must be a network name");
    }
}
