package dev.wharf.daemon.network;

import dev.wharf.daemon.network.netlink.Rtnl;
import java.util.concurrent.ThreadLocalRandom;

/** Picks test subnets that no route on this machine uses. */
final class TestSubnets {
    private TestSubnets() {
    }

    /** "10.X.Y" of a free 10.X.Y.0/24 (X in 200..249). */
    static String freeSlash24(Rtnl host) {
        for (int tries = 0; tries < 100; tries++) {
            int x = 200 + ThreadLocalRandom.current().nextInt(50);
            int y = ThreadLocalRandom.current().nextInt(256);
            String prefix = "10." + x + "." + y;
            boolean used = host.routes().stream().anyMatch(r -> r.dstLen() > 0 && r.dst().getHostAddress().startsWith("10." + x + "."));
            if (!used) {
                return prefix;
            }
        }
        throw new IllegalStateException("no free test subnet");
    }
}
