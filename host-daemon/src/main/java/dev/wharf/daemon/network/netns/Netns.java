package dev.wharf.daemon.network.netns;

import dev.wharf.daemon.linux.LibC;
import dev.wharf.daemon.network.netlink.Rtnl;
import java.nio.file.Path;

/**
 * An open network namespace: its bind-mounted file (handed to the runtime), an fd on it (for
 * {@code IFLA_NET_NS_FD}) and an rtnetlink socket that lives inside it, usable from any thread.
 */
public final class Netns implements AutoCloseable {
    private final Path path;
    private final int fd;
    private final Rtnl rtnl;

    Netns(Path path, int fd, Rtnl rtnl) {
        this.path = path;
        this.fd = fd;
        this.rtnl = rtnl;
    }

    public Path path() {
        return path;
    }

    public int fd() {
        return fd;
    }

    /** Netlink inside the namespace. */
    public Rtnl rtnl() {
        return rtnl;
    }

    @Override
    public void close() {
        rtnl.close();
        LibC.INSTANCE.close(fd);
    }
}
