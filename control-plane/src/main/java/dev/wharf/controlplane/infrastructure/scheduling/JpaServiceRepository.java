package dev.wharf.controlplane.infrastructure.scheduling;

import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.container.DesiredContainerState;
import dev.wharf.controlplane.domain.scheduling.ReplicatedService;
import dev.wharf.controlplane.domain.scheduling.ServiceRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaServiceRepository implements ServiceRepository {

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    @Override
    public List<ReplicatedService> findAll() {
        return em.createNamedQuery("ReplicatedService.findAll", ReplicatedService.class).getResultList();
    }

    @Override
    public Optional<ReplicatedService> find(String id) {
        return Optional.ofNullable(em.find(ReplicatedService.class, id));
    }

    @Override
    public Optional<ReplicatedService> findByName(String name) {
        return em.createNamedQuery("ReplicatedService.findByName", ReplicatedService.class).setParameter("name", name)
                .getResultStream().findFirst();
    }

    @Override
    public List<Container> activeReplicas(String serviceId) {
        return em.createQuery("select c from Container c where c.serviceId = :service and c.desiredState <> :removed"
                        + " order by c.serviceSlot, c.createdAt", Container.class)
                .setParameter("service", serviceId).setParameter("removed", DesiredContainerState.REMOVED)
                .getResultList();
    }

    @Override
    public java.util.Map<String, long[]> replicaStats() {
        java.util.Map<String, long[]> out = new java.util.HashMap<>();
        for (Object[] r : em.createQuery("select c.serviceId, count(c), min(c.serviceVersion), max(c.serviceVersion)"
                        + " from Container c where c.serviceId is not null and c.desiredState <> :removed group by c.serviceId",
                        Object[].class).setParameter("removed", DesiredContainerState.REMOVED).getResultList()) {
            out.put((String) r[0], new long[] {((Number) r[1]).longValue(), r[2] == null ? 0 : ((Number) r[2]).longValue(),
                    r[3] == null ? 0 : ((Number) r[3]).longValue()});
        }
        return out;
    }

    @Override
    public void store(ReplicatedService service) {
        if (!em.contains(service)) {
            em.persist(service);
        }
    }

    @Override
    public void remove(ReplicatedService service) {
        em.remove(em.contains(service) ? service : em.merge(service));
    }
}
