package dev.wharf.daemon.network.ipam;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 prefix such as {@code 172.17.0.0/16}; addresses are handled as unsigned 32-bit ints. */
public record Subnet(int base, int prefixLen) {
    public Subnet {
        if (prefixLen < 0 || prefixLen > 32) {
            throw new IllegalArgumentException("invalid prefix length " + prefixLen);
        }
        base = base & mask(prefixLen);
    }

    /** Parses {@code a.b.c.d/n}; host bits must be zero, as Docker requires. */
    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("invalid CIDR address: " + cidr);
        }
        int addr = parseAddress(cidr.substring(0, slash), cidr);
        int len;
        try {
            len = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid CIDR address: " + cidr);
        }
        if (len < 0 || len > 32) {
            throw new IllegalArgumentException("invalid CIDR address: " + cidr);
        }
        Subnet s = new Subnet(addr, len);
        if (s.base != addr) {
            throw new IllegalArgumentException("invalid subnet " + cidr + ": it has host bits set (did you mean " + s + "?)");
        }
        return s;
    }

    /** Parses a dotted IPv4 address; {@code context} names the input in the error. */
    public static int parseAddress(String dotted, String context) {
        String[] p = dotted.split("\\.", -1);
        if (p.length != 4) {
            throw new IllegalArgumentException("invalid IPv4 address: " + context);
        }
        int v = 0;
        for (String part : p) {
            int b;
            try {
                b = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid IPv4 address: " + context);
            }
            if (b < 0 || b > 255 || part.isEmpty() || part.length() > 3) {
                throw new IllegalArgumentException("invalid IPv4 address: " + context);
            }
            v = (v << 8) | b;
        }
        return v;
    }

    public static int mask(int prefixLen) {
        return prefixLen == 0 ? 0 : (int) (0xffffffffL << (32 - prefixLen));
    }

    public long size() {
        return 1L << (32 - prefixLen);
    }

    public int last() {
        return base | ~mask(prefixLen);
    }

    public boolean contains(int address) {
        return (address & mask(prefixLen)) == base;
    }

    public boolean contains(Subnet other) {
        return other.prefixLen >= prefixLen && contains(other.base);
    }

    public boolean overlaps(Subnet other) {
        return contains(other.base) || other.contains(base);
    }

    public static String format(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    public static Inet4Address inet(int address) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {
                (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static int toInt(Inet4Address a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    @Override
    public String toString() {
        return format(base) + "/" + prefixLen;
    }
}
