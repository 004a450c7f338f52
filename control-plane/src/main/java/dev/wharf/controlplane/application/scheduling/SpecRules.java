package dev.wharf.controlplane.application.scheduling;

import dev.wharf.controlplane.domain.account.Caller;
import dev.wharf.controlplane.domain.account.Role;
import dev.wharf.controlplane.domain.scheduling.Constraint;
import dev.wharf.controlplane.domain.scheduling.PortRequest;
import dev.wharf.controlplane.domain.shared.ForbiddenException;
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
        for (int i = 0; i < spec.volumes().size(); i++) {
            String problem = volumeProblem(spec.volumes().get(i));
            v.require(problem == null, prefix + "volumes[" + i + "]", problem);
        }
        v.require(spec.network() == null || spec.network().matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}"), prefix + "network",
                "must be a network name");
    }

    /**
     * What is wrong with a {@code -v} entry ({@code name:/path[:ro|rw]}, {@code /host/dir:/path[:ro|rw]} or
     * {@code /path}), or null.
     */
    static String volumeProblem(String volume) {
        if (volume == null || volume.isBlank()) {
            return "must be name:/path, /host/dir:/path or /path";
        }
        String[] parts = volume.split(":", -1);
        if (parts.length > 3) {
            return "'" + volume + "' has too many ':'; use source:/path[:ro]";
        }
        String target = parts.length == 1 ? parts[0] : parts[1];
        if (!target.startsWith("/")) {
            return "'" + volume + "': the path in the container must be absolute";
        }
        if (target.equals("/")) {
            return "'" + volume + "': cannot mount over the container's root";
        }
        if (parts.length == 3 && !parts[2].equals("ro") && !parts[2].equals("rw")) {
            return "'" + volume + "': the mode must be ro or rw";
        }
        if (parts.length > 1 && !parts[0].startsWith("/") && !parts[0].matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}")) {
            return "'" + volume + "': a volume name must match [a-zA-Z0-9][a-zA-Z0-9_.-]*";
        }
        return null;
    }

    /**
     * A bind mount reaches into the host's filesystem: only admins may ask for one (Portainer's default too).
     *
     * @throws ForbiddenException naming the entry, for anyone else
     */
    public static void checkBindMounts(ContainerSpec spec, String prefix, Caller caller) {
        for (int i = 0; i < spec.volumes().size(); i++) {
            String volume = spec.volumes().get(i);
            if (volume.indexOf(':') > 0 && volume.startsWith("/") && !caller.hasAnyRole(Role.ADMIN)) {
                throw new ForbiddenException(prefix + "volumes[" + i + "]: only admins may bind-mount a host directory ("
                        + volume + "); use a named volume");
            }
        }
    }
}
