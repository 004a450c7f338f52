package dev.wharf.controlplane.infrastructure.persistence;

import dev.wharf.controlplane.domain.host.JoinToken;
import dev.wharf.controlplane.domain.host.JoinTokenRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

@ApplicationScoped
public class JpaJoinTokenRepository implements JoinTokenRepository {

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    @Override
    public List<JoinToken> findAll() {
        return em.createNamedQuery("JoinToken.findAll", JoinToken.class).getResultList();
    }

    @Override
    public void store(JoinToken token) {
        em.persist(token);
    }

    @Override
    public void remove(JoinToken token) {
        em.remove(token);
    }
}
