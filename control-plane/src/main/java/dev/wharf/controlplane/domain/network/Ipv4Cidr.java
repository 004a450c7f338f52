package dev.wharf.controlplane.domain.network;

/**
 * An IPv4 network in CIDR notation, e.g. {@code 10.88.0.0/16}. Only the network address is accepted (no host
 * bits set), so that what is stored is exactly what the user meant.
 *
 * @param address the network address as an unsigned 32-bit value
 * @param prefix  the prefix length, 0..32
 */
public record Ipv4Cidr(long address, int prefix) {

    public Ipv4Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32");
        }
        if ((address & ~mask(prefix) & 0xFFFFFFFFL) != 0) {
            throw new IllegalArgumentException("host bits are set");
        }
    }

    /**
     * Parses {@code a.b.c.d/n}.
     *
     * @throws IllegalArgumentException with a message that says what is wrong
     */
    public static Ipv4Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is required, e.g. 10.88.0.0/16");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' has no prefix length, e.g. 10.88.0.0/16");
        }
        String[] octets = text.substring(0, slash).split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address with a prefix length");
        }
        long address = 0;
        for (String octet : octets) {
            if (!octet.matches("\\d{1,3}") || Integer.parseInt(octet) > 255) {
                throw new IllegalArgumentException("'" + text + "' has an invalid octet '" + octet + "'");
            }
            address = (address << 8) | Integer.parseInt(octet);
        }
        String prefixText = text.substring(slash + 1);
        if (!prefixText.matches("\\d{1,2}") || Integer.parseInt(prefixText) > 32) {
            throw new IllegalArgumentException("'" + text + "' has an invalid prefix length (0..32)");
        }
        int prefix = Integer.parseInt(prefixText);
        long network = address & mask(prefix);
        if (network != address) {
            throw new IllegalArgumentException("'" + text + "' has host bits set; the network is "
                    + new Ipv4Cidr(network, prefix));
        }
        return new Ipv4Cidr(address, prefix);
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    public boolean overlaps(Ipv4Cidr other) {
        int shorter = Math.min(prefix, other.prefix);
        return (address & mask(shorter)) == (other.address & mask(shorter));
    }

    /** How many subnets of the given prefix length fit in this network. */
    public long subnetCount(int subnetPrefix) {
        if (subnetPrefix < prefix || subnetPrefix > 32) {
            throw new IllegalArgumentException("subnet prefix must be between " + prefix + " and 32");
        }
        return 1L << (subnetPrefix - prefix);
    }

    /** The {@code index}-th subnet of the given prefix length, counting from 0. */
    public Ipv4Cidr subnet(int subnetPrefix, long index) {
        if (index < 0 || index >= subnetCount(subnetPrefix)) {
            throw new IllegalArgumentException("subnet index out of range");
        }
        return new Ipv4Cidr(address + index * (1L << (32 - subnetPrefix)), subnetPrefix);
    }

    /** The first usable address, which the host's bridge takes as the gateway. */
    public String gateway() {
        return dotted(address + 1);
    }

    @Override
    public String toString() {
        return dotted(address) + "/" + prefix;
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    private static String dotted(long a) {
        return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
    }
}
