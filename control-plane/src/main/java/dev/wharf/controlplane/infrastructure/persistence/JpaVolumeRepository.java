package dev.wharf.controlplane.infrastructure.persistence;

import dev.wharf.controlplane.domain.volume.Volume;
import dev.wharf.controlplane.domain.volume.VolumeRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaVolumeRepository implements VolumeRepository {

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    @Override
    public List<Volume> findAll() {
        return em.createNamedQuery("Volume.findAll", Volume.class).getResultList();
    }

    @Override
    public List<Volume> findByHost(String hostId) {
        return em.createNamedQuery("Volume.findByHost", Volume.class).setParameter("hostId", hostId).getResultList();
    }

    @Override
    public Optional<Volume> find(String id) {
        return Optional.ofNullable(em.find(Volume.class, id));
    }

    @Override
    public Optional<Volume> findByHostAndName(String hostId, String name) {
        return em.createNamedQuery("Volume.findByHostAndName", Volume.class).setParameter("hostId", hostId)
                .setParameter("name", name).getResultStream().findFirst();
    }

    @Override
    public void store(Volume volume) {
        em.persist(volume);
        em.flush();
    }

    @Override
    public void remove(Volume volume) {
        em.remove(volume);
    }
}
