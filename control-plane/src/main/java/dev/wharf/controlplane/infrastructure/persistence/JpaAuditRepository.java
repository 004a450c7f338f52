package dev.wharf.controlplane.infrastructure.persistence;

import dev.wharf.controlplane.domain.audit.AuditEvent;
import dev.wharf.controlplane.domain.audit.AuditRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.List;

@ApplicationScoped
public class JpaAuditRepository implements AuditRepository {

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    @Override
    public void store(AuditEvent event) {
        em.persist(event);
    }

    @Override
    public List<AuditEvent> findPage(String actor, int offset, int limit) {
        TypedQuery<AuditEvent> query = actor == null
                ? em.createQuery("select e from AuditEvent e order by e.id desc", AuditEvent.class)
                : em.createQuery("select e from AuditEvent e where e.actor = :actor order by e.id desc",
                        AuditEvent.class).setParameter("actor", actor);
        return query.setFirstResult(offset).setMaxResults(limit).getResultList();
    }
}
