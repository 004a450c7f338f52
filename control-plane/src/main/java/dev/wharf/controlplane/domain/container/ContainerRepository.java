package dev.wharf.controlplane.domain.container;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where containers are kept. */
public interface ContainerRepository {

    Optional<Container> find(String id);

    Optional<Container> findByName(String name);

    List<Container> findByHost(String hostId);

    Optional<Container> findByIdempotencyKey(String username, String key);

    /**
     * A page of containers, newest first.
     *
     * @param state  desired state to match, or null for any
     * @param hostId host to match, or null for any
     */
    List<Container> findPage(DesiredContainerState state, String hostId, int offset, int limit);

    /** Containers not marked removed, per host id. */
    Map<String, Long> countActiveByHost();

    void store(Container container);

    void remove(Container container);
}
