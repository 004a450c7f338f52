package dev.wharf.controlplane.application.scheduling;

import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.container.DesiredContainerState;
import dev.wharf.controlplane.domain.scheduling.PlacementRequest;
import dev.wharf.controlplane.domain.shared.Secrets;
import dev.wharf.model.agent.ContainerSpec;
import java.time.Instant;

/** Making containers the scheduler owns: replicas and replacements, with names that never clash. */
final class Replacements {

    private Replacements() {
    }

    /** A new container record (pending unless {@code hostId} is given) with the scheduler's columns filled. */
    static Container newContainer(String name, ContainerSpec spec, String hostId, String createdBy, Instant now) {
        return newContainer(Secrets.newHexId(), name, spec, hostId, createdBy, now);
    }

    static Container newContainer(String id, String name, ContainerSpec spec, String hostId, String createdBy, Instant now) {
        Container c = new Container(id, name, spec, hostId, createdBy, now);
        c.hostPorts(String.join(",", PlacementRequest.portKeys(spec)));
        return c;
    }

    /** A replica's name: {@code <service>.<slot>.<6 hex of its id>}, unique on every host. */
    static String replicaName(String service, int slot, String id) {
        return service + "." + slot + "." + id.substring(0, 6);
    }

    /**
     * The container that takes over {@code old}'s work, with the same spec and desired state. A plain container
     * keeps its name (the old record is renamed {@code <name>-moved-<8 hex>} first: call {@link #freeName} and
     * flush before persisting this); a replica gets a fresh replica name.
     */
    static Container replacementOf(Container old, DesiredContainerState desired, String hostId, String avoidHost,
                                   int rescheduleCount, Instant notBefore, Instant now) {
        String id = Secrets.newHexId();
        String name = old.serviceId() != null
                ? old.name().substring(0, old.name().lastIndexOf('.') + 1) + id.substring(0, 6)
                : originalName(old);
        Container c = newContainer(id, name, old.spec(), hostId, old.createdBy(), now);
        c.desire(desired);
        c.replaces(old, avoidHost, rescheduleCount, notBefore);
        return c;
    }

    /** Renames a plain container out of the way of its replacement (replicas have unique names already). */
    static void freeName(Container old) {
        if (old.serviceId() == null && !old.name().contains("-moved-")) {
            old.rename(old.name() + "-moved-" + old.id().substring(0, 8));
        }
    }

    private static String originalName(Container old) {
        int at = old.name().indexOf("-moved-");
        return at > 0 ? old.name().substring(0, at) : old.name();
    }
}
