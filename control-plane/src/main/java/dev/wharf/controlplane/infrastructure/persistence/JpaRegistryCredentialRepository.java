package dev.wharf.controlplane.infrastructure.persistence;

import dev.wharf.controlplane.domain.registry.RegistryCredential;
import dev.wharf.controlplane.domain.registry.RegistryCredentialRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaRegistryCredentialRepository implements RegistryCredentialRepository {

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    @Override
    public List<RegistryCredential> findAll() {
        return em.createNamedQuery("RegistryCredential.findAll", RegistryCredential.class).getResultList();
    }

    @Override
    public Optional<RegistryCredential> find(String id) {
        return Optional.ofNullable(em.find(RegistryCredential.class, id));
    }

    @Override
    public Optional<RegistryCredential> findByRegistry(String registry) {
        return em.createNamedQuery("RegistryCredential.findByRegistry", RegistryCredential.class)
                .setParameter("registry", registry).getResultStream().findFirst();
    }

    @Override
    public void store(RegistryCredential credential) {
        em.persist(credential);
        em.flush();
    }

    @Override
    public void remove(RegistryCredential credential) {
        em.remove(credential);
    }
}
