package dev.wharf.daemon.network.ipam;

/** An address-management refusal, classified like moby's ipamapi errors so the API can map it to a status. */
public final class IpamException extends RuntimeException {
    /** What went wrong; {@code INVALID} and {@code OVERLAP} are the caller's fault, the others are conflicts. */
    public enum Kind { INVALID, POOL_OVERLAP, NO_AVAILABLE_IPS, IP_ALREADY_ALLOCATED, NO_MORE_SUBNETS, NOT_FOUND }

    private final Kind kind;

    public IpamException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
