package dev.wharf.daemon.network.ipam;

import java.util.HashMap;
import java.util.Map;

/**
 * One subnet's addresses: who holds which, allocated next-fit inside the ip-range so a released address is not
 * handed out again at once (peers may still have it in their ARP caches). The network and broadcast addresses
 * are never handed out; the gateway is held by {@link #GATEWAY}. Not thread-safe: {@link LocalIpam} locks.
 */
public final class AddressPool {
    public static final String GATEWAY = "gateway";

    private final String id;
    private final Subnet subnet;
    private final Subnet range;
    private final int gateway;
    private final Map<Integer, String> holders = new HashMap<>();
    private int cursor;

    public AddressPool(String id, Subnet subnet, Subnet range, int gateway) {
        if (!subnet.contains(range)) {
            throw new IpamException(IpamException.Kind.INVALID, "ip-range " + range + " is not inside subnet " + subnet);
        }
        if (!subnet.contains(gateway)) {
            throw new IpamException(IpamException.Kind.INVALID, "gateway " + Subnet.format(gateway) + " is not inside subnet " + subnet);
        }
        if (subnet.prefixLen() < 31 && (gateway == subnet.base() || gateway == subnet.last())) {
            throw new IpamException(IpamException.Kind.INVALID, "gateway " + Subnet.format(gateway) + " is the network or broadcast address of " + subnet);
        }
        if (subnet.prefixLen() > 30) {
            throw new IpamException(IpamException.Kind.INVALID, "subnet " + subnet + " is too small: use a /30 or larger");
        }
        this.id = id;
        this.subnet = subnet;
        this.range = range;
        this.gateway = gateway;
        this.cursor = range.base();
        holders.put(gateway, GATEWAY);
    }

    public String id() {
        return id;
    }

    public Subnet subnet() {
        return subnet;
    }

    public Subnet range() {
        return range;
    }

    public int gateway() {
        return gateway;
    }

    public int cursor() {
        return cursor;
    }

    void cursor(int c) {
        cursor = c;
    }

    public Map<Integer, String> holders() {
        return holders;
    }

    /** Takes the next free address of the range for {@code owner}. */
    int allocate(String owner) {
        long size = range.size();
        long base = Integer.toUnsignedLong(range.base());
        long start = Integer.toUnsignedLong(cursor) - base;
        for (long i = 1; i <= size; i++) {
            int a = (int) (base + (start + i) % size);
            if (usable(a) && !holders.containsKey(a)) {
                holders.put(a, owner);
                cursor = a;
                return a;
            }
        }
        throw new IpamException(IpamException.Kind.NO_AVAILABLE_IPS,
                "no available IPv4 addresses on network pool " + (range.equals(subnet) ? subnet : subnet + " (ip-range " + range + ")")
                        + ": all " + (holders.size() - 1) + " addresses are in use");
    }

    /** Takes one specific address (a static {@code --ip}) for {@code owner}. */
    void allocate(int address, String owner) {
        if (!subnet.contains(address)) {
            throw new IpamException(IpamException.Kind.INVALID,
                    "requested IP address " + Subnet.format(address) + " is not inside the network's subnet " + subnet);
        }
        if (!usable(address)) {
            throw new IpamException(IpamException.Kind.INVALID,
                    "requested IP address " + Subnet.format(address) + " is the network or broadcast address of " + subnet);
        }
        String holder = holders.get(address);
        if (holder != null && !holder.equals(owner)) {
            throw new IpamException(IpamException.Kind.IP_ALREADY_ALLOCATED, "address " + Subnet.format(address)
                    + " is already in use" + (holder.equals(GATEWAY) ? " as the network's gateway" : ""));
        }
        holders.put(address, owner);
    }

    boolean release(int address) {
        if (address == gateway) {
            return false;
        }
        return holders.remove(address) != null;
    }

    private boolean usable(int a) {
        return a != subnet.base() && a != subnet.last();
    }
}
