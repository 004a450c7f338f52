package dev.wharf.controlplane.domain.registry;

import java.util.List;
import java.util.Optional;

/** Where registry credentials are kept. */
public interface RegistryCredentialRepository {

    List<RegistryCredential> findAll();

    Optional<RegistryCredential> find(String id);

    Optional<RegistryCredential> findByRegistry(String registry);

    void store(RegistryCredential credential);

    void remove(RegistryCredential credential);
}
