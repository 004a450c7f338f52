package dev.wharf.controlplane.domain.network;

import java.util.List;
import java.util.Optional;

/** Where networks and their per-host subnets are kept. */
public interface NetworkRepository {

    List<Network> findAll();

    Optional<Network> find(String id);

    Optional<Network> findByName(String name);

    void store(Network network);

    void remove(Network network);
}
