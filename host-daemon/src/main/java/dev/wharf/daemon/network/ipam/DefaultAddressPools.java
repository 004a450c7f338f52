package dev.wharf.daemon.network.ipam;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Docker's default local address pools: 172.17.0.0/16 … 172.31.0.0/16, then 192.168.0.0/20 … 192.168.240.0/20.
 */
public final class DefaultAddressPools implements SubnetSource {
    private final List<Subnet> candidates = new ArrayList<>();

    public DefaultAddressPools() {
        for (int i = 17; i <= 31; i++) {
            candidates.add(Subnet.parse("172." + i + ".0.0/16"));
        }
        for (int i = 0; i <= 240; i += 16) {
            candidates.add(Subnet.parse("192.168." + i + ".0/20"));
        }
    }

    @Override
    public Subnet next(Predicate<Subnet> free) {
        return candidates.stream().filter(free).findFirst().orElseThrow(() -> new IpamException(IpamException.Kind.NO_MORE_SUBNETS,
                "all predefined address pools have been fully subnetted (172.17.0.0/16-172.31.0.0/16, 192.168.0.0/20-192.168.240.0/20 "
                        + "overlap existing networks or host routes): pass --subnet"));
    }
}
