package dev.wharf.controlplane.infrastructure.persistence;

import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.host.HostRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaHostRepository implements HostRepository {

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    @Override
    public Optional<Host> find(String id) {
        return Optional.ofNullable(em.find(Host.class, id));
    }

    @Override
    public Optional<Host> findByName(String name) {
        return em.createNamedQuery("Host.findByName", Host.class).setParameter("name", name)
                .getResultStream().findFirst();
    }

    @Override
    public Optional<Host> findByCredentialHash(String credentialHash) {
        return em.createNamedQuery("Host.findByCredentialHash", Host.class).setParameter("hash", credentialHash)
                .getResultStream().findFirst();
    }

    @Override
    public List<Host> findAll() {
        return em.createNamedQuery("Host.findAll", Host.class).getResultList();
    }

    @Override
    public void store(Host host) {
        if (!em.contains(host)) {
            em.persist(host);
        }
        em.flush();
    }

    @Override
    public void remove(Host host) {
        em.remove(em.contains(host) ? host : em.merge(host));
        em.flush();
    }

    @Override
    public int markDownIfSilentSince(Instant cutoff) {
        return em.createNamedQuery("Host.markDown").setParameter("cutoff", cutoff).executeUpdate();
    }
}
