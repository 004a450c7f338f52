package dev.wharf.controlplane.domain.host;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where hosts are kept. */
public interface HostRepository {

    Optional<Host> find(String id);

    Optional<Host> findByName(String name);

    Optional<Host> findByCredentialHash(String credentialHash);

    List<Host> findAll();

    void store(Host host);

    void remove(Host host);

    /** Marks every ready host whose last heartbeat is before {@code cutoff} as down; returns how many. */
    int markDownIfSilentSince(Instant cutoff);
}
