package dev.wharf.daemon.network.netlink;

import dev.wharf.daemon.linux.LibC;

/** A netlink request the kernel refused; {@link #errno()} is the positive errno it answered with. */
public final class NetlinkException extends RuntimeException {
    private final int errno;

    public NetlinkException(String operation, int errno) {
        super(operation + ": " + LibC.INSTANCE.strerror(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
