package dev.wharf.controlplane.application;

import dev.wharf.controlplane.domain.audit.AuditEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The audit log for tables and exports: filtered, paged and counted in the database, newest first.
 * Read-only; events are written by {@link AuditService}.
 */
@ApplicationScoped
@Transactional
public class AuditLogListing {

    /** An export never holds more than this many events. */
    public static final int MAX_EXPORT = 100_000;

    /**
     * Filters; null matches everything. {@code actor} matches exactly, {@code action} and {@code target} a
     * case-insensitive substring, {@code resultClass} the first digit of the status (2, 4, 5),
     * {@code from}/{@code to} the time range (inclusive, exclusive).
     */
    public record Filter(String actor, String action, String target, Integer resultClass, Instant from, Instant to) {
        public static final Filter NONE = new Filter(null, null, null, null, null, null);
    }

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    public List<AuditEvent> page(Filter filter, int offset, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        TypedQuery<AuditEvent> query = em.createQuery("select e from AuditEvent e where 1 = 1"
                + where(filter == null ? Filter.NONE : filter, params) + " order by e.occurredAt desc, e.id desc",
                AuditEvent.class);
        params.forEach(query::setParameter);
        return query.setFirstResult(Math.max(0, offset)).setMaxResults(Math.min(Math.max(1, limit), MAX_EXPORT))
                .getResultList();
    }

    public long count(Filter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        TypedQuery<Long> query = em.createQuery("select count(e) from AuditEvent e where 1 = 1"
                + where(filter == null ? Filter.NONE : filter, params), Long.class);
        params.forEach(query::setParameter);
        return query.getSingleResult();
    }

    /** The distinct actors, for a filter drop-down. */
    public List<String> actors() {
        return em.createQuery("select distinct e.actor from AuditEvent e order by e.actor", String.class)
                .setMaxResults(1000).getResultList();
    }

    private static String where(Filter f, Map<String, Object> params) {
        StringBuilder sb = new StringBuilder();
        if (f.actor() != null && !f.actor().isBlank()) {
            sb.append(" and e.actor = :actor");
            params.put("actor", f.actor().trim());
        }
        contains(sb, params, "e.action", "action", f.action());
        contains(sb, params, "e.target", "target", f.target());
        if (f.resultClass() != null) {
            sb.append(" and e.result >= :rmin and e.result < :rmax");
            params.put("rmin", f.resultClass() * 100);
            params.put("rmax", f.resultClass() * 100 + 100);
        }
        if (f.from() != null) {
            sb.append(" and e.occurredAt >= :from");
            params.put("from", f.from());
        }
        if (f.to() != null) {
            sb.append(" and e.occurredAt < :to");
            params.put("to", f.to());
        }
        return sb.toString();
    }

    private static void contains(StringBuilder sb, Map<String, Object> params, String expr, String name, String v) {
        if (v != null && !v.isBlank()) {
            sb.append(" and lower(").append(expr).append(") like :").append(name).append(" escape '!'");
            params.put(name, "%" + v.trim().toLowerCase(Locale.ROOT)
                    .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
    }
}
