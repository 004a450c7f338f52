package dev.wharf.daemon.network.ipam;

import java.util.function.Predicate;

/**
 * Where subnets for networks created without {@code --subnet} come from. Locally that is Docker's default
 * address pools ({@link DefaultAddressPools}); in a cluster the control plane splits one pool per host and this
 * host's daemon draws from its share — the same interface, so {@link LocalIpam} does not change.
 */
public interface SubnetSource {
    /** The first subnet for which {@code free} holds, or an {@link IpamException} of kind NO_MORE_SUBNETS. */
    Subnet next(Predicate<Subnet> free);
}
