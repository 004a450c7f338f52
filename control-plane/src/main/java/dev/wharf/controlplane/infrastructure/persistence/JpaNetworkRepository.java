package dev.wharf.controlplane.infrastructure.persistence;

import dev.wharf.controlplane.domain.network.Network;
import dev.wharf.controlplane.domain.network.NetworkRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaNetworkRepository implements NetworkRepository {

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    @Override
    public List<Network> findAll() {
        return em.createNamedQuery("Network.findAll", Network.class).getResultList();
    }

    @Override
    public Optional<Network> find(String id) {
        return Optional.ofNullable(em.find(Network.class, id));
    }

    @Override
    public Optional<Network> findByName(String name) {
        return em.createNamedQuery("Network.findByName", Network.class).setParameter("name", name)
                .getResultStream().findFirst();
    }

    @Override
    public void store(Network network) {
        if (!em.contains(network)) {
            em.persist(network);
        }
        em.flush();
    }

    @Override
    public void remove(Network network) {
        em.remove(network);
    }
}
