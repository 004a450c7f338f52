package dev.wharf.daemon.network;

import java.util.Optional;

/**
 * How the network API finds a container named in {@code docker network connect/disconnect}: provided by the
 * containers capability (id, name or unique id prefix, Docker's lookup rules).
 */
public interface ContainerDirectory {
    /** A container as networking needs to know it. */
    record Ref(String id, String name) {
    }

    Optional<Ref> find(String idOrName);
}
