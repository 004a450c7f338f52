package dev.wharf.controlplane.infrastructure.scheduling;

import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.container.DesiredContainerState;
import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.host.HostState;
import dev.wharf.controlplane.domain.scheduling.ClusterSetting;
import dev.wharf.controlplane.domain.scheduling.HostLoad;
import dev.wharf.controlplane.domain.scheduling.PlacementRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JPQL for the scheduler: aggregates over all hosts in single queries. */
@ApplicationScoped
public class JpaPlacementRepository implements PlacementRepository {

    private static final String ACTIVE = "c.desiredState <> :removed";

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    @Override
    public List<Host> hostsWithLabels() {
        return em.createQuery("select distinct h from Host h left join fetch h.labels order by h.name", Host.class)
                .getResultList();
    }

    @Override
    public List<Container> pending(Instant now, int skip, int limit) {
        return em.createQuery("select c from Container c where c.hostId is null and " + ACTIVE
                        + " and (c.notBefore is null or c.notBefore <= :now) order by c.createdAt, c.id", Container.class)
                .setParameter("removed", DesiredContainerState.REMOVED).setParameter("now", now)
                .setFirstResult(skip).setMaxResults(limit).getResultList();
    }

    @Override
    public List<HostLoad> loads() {
        List<HostLoad> out = new ArrayList<>();
        for (Object[] r : em.createQuery("select c.hostId, sum(c.cpuRequest), sum(c.memoryRequest), count(c) from Container c"
                        + " where c.hostId is not null and " + ACTIVE + " group by c.hostId", Object[].class)
                .setParameter("removed", DesiredContainerState.REMOVED).getResultList()) {
            out.add(new HostLoad((String) r[0], ((Number) r[1]).doubleValue(), ((Number) r[2]).longValue(),
                    ((Number) r[3]).longValue()));
        }
        return out;
    }

    @Override
    public Map<String, Map<String, Integer>> groupCounts(Set<String> groups) {
        Map<String, Map<String, Integer>> out = new HashMap<>();
        if (groups != null && groups.isEmpty()) {
            return out;
        }
        var q = em.createQuery("select c.hostId, c.groupName, count(c) from Container c where c.hostId is not null"
                        + " and c.groupName is not null and " + ACTIVE + (groups != null ? " and c.groupName in :groups" : "")
                        + " group by c.hostId, c.groupName", Object[].class)
                .setParameter("removed", DesiredContainerState.REMOVED);
        if (groups != null) {
            q.setParameter("groups", groups);
        }
        for (Object[] r : q.getResultList()) {
            out.computeIfAbsent((String) r[0], k -> new HashMap<>()).put((String) r[1], ((Number) r[2]).intValue());
        }
        return out;
    }

    @Override
    public Map<String, Set<String>> hostPorts() {
        Map<String, Set<String>> out = new HashMap<>();
        for (Object[] r : em.createQuery("select c.hostId, c.hostPorts from Container c where c.hostId is not null"
                        + " and c.hostPorts is not null and " + ACTIVE, Object[].class)
                .setParameter("removed", DesiredContainerState.REMOVED).getResultList()) {
            Set<String> ports = out.computeIfAbsent((String) r[0], k -> new HashSet<>());
            for (String p : ((String) r[1]).split(",")) {
                ports.add(p);
            }
        }
        return out;
    }

    @Override
    public Map<String, Set<String>> imagesByHost(Set<String> images) {
        Map<String, Set<String>> out = new HashMap<>();
        if (images != null && images.isEmpty()) {
            return out;
        }
        var q = em.createQuery("select distinct c.hostId, c.image from Container c where c.hostId is not null"
                + (images != null ? " and c.image in :images" : ""), Object[].class);
        if (images != null) {
            q.setParameter("images", images);
        }
        for (Object[] r : q.getResultList()) {
            out.computeIfAbsent((String) r[0], k -> new HashSet<>()).add((String) r[1]);
        }
        return out;
    }

    @Override
    public int placeAll(String hostId, java.util.Collection<String> containerIds) {
        int n = 0;
        List<String> ids = new ArrayList<>(containerIds);
        for (int i = 0; i < ids.size(); i += 1000) {
            n += em.createQuery("update Container c set c.hostId = :host, c.pendingReason = null, c.version = c.version + 1"
                            + " where c.id in :ids and c.hostId is null")
                    .setFlushMode(jakarta.persistence.FlushModeType.COMMIT)
                    .setParameter("host", hostId).setParameter("ids", ids.subList(i, Math.min(ids.size(), i + 1000)))
                    .executeUpdate();
        }
        return n;
    }

    @Override
    public List<Container> activeOnDownHosts() {
        return em.createQuery("select c from Container c where " + ACTIVE + " and c.hostId in "
                        + "(select h.id from Host h where h.state = :down)", Container.class)
                .setParameter("removed", DesiredContainerState.REMOVED).setParameter("down", HostState.DOWN)
                .getResultList();
    }

    @Override
    public List<Container> unreplacedOnDrainingHosts() {
        return em.createQuery("select c from Container c where " + ACTIVE + " and c.replacedBy is null and c.hostId in "
                        + "(select h.id from Host h where h.draining = true and h.state = :ready)", Container.class)
                .setParameter("removed", DesiredContainerState.REMOVED).setParameter("ready", HostState.READY)
                .getResultList();
    }

    @Override
    public List<Container> replacements() {
        return em.createQuery("select c from Container c where " + ACTIVE + " and c.replacesId is not null", Container.class)
                .setParameter("removed", DesiredContainerState.REMOVED).getResultList();
    }

    @Override
    public void add(Container container) {
        em.persist(container);
    }

    @Override
    public void flush() {
        em.flush();
    }

    @Override
    public void flushAndClear() {
        em.flush();
        em.clear();
    }

    @Override
    public String setting(String name) {
        ClusterSetting s = em.find(ClusterSetting.class, name);
        return s == null ? null : s.value();
    }

    @Override
    public void setting(String name, String value) {
        ClusterSetting s = em.find(ClusterSetting.class, name);
        if (s == null) {
            em.persist(new ClusterSetting(name, value));
        } else {
            s.value(value);
        }
    }
}
