package dev.wharf.controlplane.application;

import dev.wharf.controlplane.domain.container.Container;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Containers across all hosts for tables that page, sort and filter in the database, so a page of 25 out of
 * 10,000 containers costs one short query plus one count. Read-only: changes go through
 * {@link ContainerService}.
 *
 * <p>The state users see is one word: {@code removing} once removal was asked for, else what the daemon last
 * reported ({@code running}, {@code exited}, ...), else {@code pending} (not yet reported by its host).
 */
@ApplicationScoped
@Transactional
public class ContainerListing {

    /** Columns a table may sort and filter by. */
    public enum Field { NAME, IMAGE, HOST, STATE, IP, CREATED }

    /**
     * Filters; null or blank entries match everything. Text filters match a case-insensitive substring,
     * {@code state} matches exactly, {@code ip} matches a prefix.
     */
    public record Filter(String name, String image, String host, String state, String ip) {
        public static final Filter NONE = new Filter(null, null, null, null, null);
    }

    /** One table row: the container and the name of the host it is placed on. */
    public record Row(Container container, String hostName) {
        public String state() {
            return displayState(container);
        }
    }

    private static final String STATE_EXPR =
            "case when c.desiredState = dev.wharf.controlplane.domain.container.DesiredContainerState.REMOVED"
                    + " then 'removing' else coalesce(c.observedState, 'pending') end";

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    public List<Row> page(Filter filter, Field sortBy, boolean ascending, int offset, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(filter == null ? Filter.NONE : filter, params);
        String order = " order by " + column(sortBy == null ? Field.CREATED : sortBy) + (ascending ? " asc" : " desc")
                + ", c.id";
        TypedQuery<Object[]> query = em.createQuery(
                "select c, h.name from Container c, Host h where h.id = c.hostId" + where + order, Object[].class);
        params.forEach(query::setParameter);
        List<Row> rows = new ArrayList<>();
        for (Object[] r : query.setFirstResult(Math.max(0, offset)).setMaxResults(Math.max(1, limit)).getResultList()) {
            rows.add(new Row((Container) r[0], (String) r[1]));
        }
        return rows;
    }

    public long count(Filter filter) {
        Filter f = filter == null ? Filter.NONE : filter;
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(f, params);
        // every container has its host (a foreign key), so the join is needed only to filter by host name
        String from = notBlank(f.host()) ? "from Container c, Host h where h.id = c.hostId" : "from Container c where 1 = 1";
        TypedQuery<Long> query = em.createQuery("select count(c) " + from + where, Long.class);
        params.forEach(query::setParameter);
        return query.getSingleResult();
    }

    /** One row by container id, or null. */
    public Row find(String id) {
        return em.createQuery("select c, h.name from Container c, Host h where h.id = c.hostId and c.id = :id",
                        Object[].class)
                .setParameter("id", id).getResultStream().findFirst()
                .map(r -> new Row((Container) r[0], (String) r[1])).orElse(null);
    }

    /** How many containers are in each displayed state. */
    public Map<String, Long> countByState() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Object[] r : em.createQuery("select " + STATE_EXPR + ", count(c) from Container c group by "
                + STATE_EXPR + " order by 1", Object[].class).getResultList()) {
            counts.put((String) r[0], (Long) r[1]);
        }
        return counts;
    }

    /** A container's address as its host reported it. */
    public record Address(String containerId, String containerName, String hostName, String ip) {
    }

    /** Every container that has an address, by address; for the networks page's lease lists. */
    public List<Address> addresses() {
        List<Address> result = new ArrayList<>();
        for (Object[] r : em.createQuery("select c.id, c.name, h.name, c.ipAddress from Container c, Host h"
                + " where h.id = c.hostId and c.ipAddress is not null order by c.ipAddress", Object[].class)
                .setMaxResults(100_000).getResultList()) {
            result.add(new Address((String) r[0], (String) r[1], (String) r[2], (String) r[3]));
        }
        return result;
    }

    /** The newest containers, for a "recently created" list. */
    public List<Row> newest(int limit) {
        return page(Filter.NONE, Field.CREATED, false, 0, limit);
    }

    /** The state word users see for a container (see the class comment). */
    public static String displayState(Container c) {
        if (c.desiredState() == dev.wharf.controlplane.domain.container.DesiredContainerState.REMOVED) {
            return "removing";
        }
        return c.observedState() == null ? "pending" : c.observedState();
    }

    private static String where(Filter f, Map<String, Object> params) {
        StringBuilder sb = new StringBuilder();
        like(sb, params, "lower(c.name)", "name", f.name());
        like(sb, params, "lower(c.image)", "image", f.image());
        like(sb, params, "lower(h.name)", "host", f.host());
        if (notBlank(f.state())) {
            sb.append(" and ").append(STATE_EXPR).append(" = :state");
            params.put("state", f.state().trim().toLowerCase(Locale.ROOT));
        }
        if (notBlank(f.ip())) {
            sb.append(" and c.ipAddress like :ip escape '!'");
            params.put("ip", escape(f.ip().trim()) + "%");
        }
        return sb.toString();
    }

    private static void like(StringBuilder sb, Map<String, Object> params, String expr, String name, String value) {
        if (notBlank(value)) {
            sb.append(" and ").append(expr).append(" like :").append(name).append(" escape '!'");
            params.put(name, "%" + escape(value.trim().toLowerCase(Locale.ROOT)) + "%");
        }
    }

    private static String column(Field field) {
        return switch (field) {
            case NAME -> "c.name";
            case IMAGE -> "c.image";
            case HOST -> "h.name";
            case STATE -> STATE_EXPR;
            case IP -> "c.ipAddress";
            case CREATED -> "c.createdAt";
        };
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** Escapes LIKE wildcards so a filter matches them literally. */
    private static String escape(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
