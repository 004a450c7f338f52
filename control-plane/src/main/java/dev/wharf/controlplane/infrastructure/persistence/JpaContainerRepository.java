package dev.wharf.controlplane.infrastructure.persistence;

import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.container.ContainerRepository;
import dev.wharf.controlplane.domain.container.DesiredContainerState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
public class JpaContainerRepository implements ContainerRepository {

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    @Override
    public Optional<Container> find(String id) {
        return Optional.ofNullable(em.find(Container.class, id));
    }

    @Override
    public Optional<Container> findByName(String name) {
        return em.createNamedQuery("Container.findByName", Container.class).setParameter("name", name)
                .getResultStream().findFirst();
    }

    @Override
    public List<Container> findByHost(String hostId) {
        return em.createNamedQuery("Container.findByHost", Container.class).setParameter("hostId", hostId)
                .getResultList();
    }

    @Override
    public Optional<Container> findByIdempotencyKey(String username, String key) {
        return em.createNamedQuery("Container.findByIdempotencyKey", Container.class)
                .setParameter("user", username).setParameter("key", key).getResultStream().findFirst();
    }

    @Override
    public List<Container> findPage(DesiredContainerState state, String hostId, int offset, int limit) {
        StringBuilder jpql = new StringBuilder("select c from Container c where 1 = 1");
        if (state != null) {
            jpql.append(" and c.desiredState = :state");
        }
        if (hostId != null) {
            jpql.append(" and c.hostId = :hostId");
        }
        jpql.append(" order by c.createdAt desc, c.id");
        TypedQuery<Container> query = em.createQuery(jpql.toString(), Container.class);
        if (state != null) {
            query.setParameter("state", state);
        }
        if (hostId != null) {
            query.setParameter("hostId", hostId);
        }
        // read-only: no snapshots for dirty checking, nothing to flush (the list is the API's hottest read)
        return query.setHint("org.hibernate.readOnly", true).setFirstResult(offset).setMaxResults(limit)
                .getResultList();
    }

    @Override
    public Map<String, Long> countActiveByHost() {
        Map<String, Long> counts = new HashMap<>();
        for (Object[] row : em.createNamedQuery("Container.countByHost", Object[].class).getResultList()) {
            counts.put((String) row[0], (Long) row[1]);
        }
        return counts;
    }

    @Override
    public void store(Container container) {
        if (!em.contains(container)) {
            em.persist(container);
        }
        em.flush();
    }

    @Override
    public void remove(Container container) {
        em.remove(em.contains(container) ? container : em.merge(container));
    }
}
