package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.AuditLogListing;
import dev.wharf.controlplane.domain.audit.AuditEvent;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The audit log (admin only): who did what, on what, when, from where and with what result, filtered and
 * paged in the database, and exported as CSV with the same filters.
 */
@Named
@ViewScoped
public class EventsBean implements Serializable {

    @Inject
    AuditLogListing listing;

    @Inject
    CurrentUser user;

    private boolean allowed;
    private String actor;
    private String action;
    private String target;
    private Integer resultClass;
    private LocalDateTime from;
    private LocalDateTime to;
    private LazyDataModel<AuditEvent> model;

    @PostConstruct
    void init() {
        allowed = user.isAdmin();
        model = new LazyDataModel<>() {
            @Override
            public int count(Map<String, FilterMeta> filterBy) {
                user.require(DashboardActions.ADMINS);
                return (int) Math.min(Integer.MAX_VALUE, listing.count(filter()));
            }

            @Override
            public List<AuditEvent> load(int first, int pageSize, Map<String, SortMeta> sortBy,
                                         Map<String, FilterMeta> filterBy) {
                user.require(DashboardActions.ADMINS);
                return listing.page(filter(), first, pageSize);
            }

            @Override
            public String getRowKey(AuditEvent e) {
                return String.valueOf(e.id());
            }
        };
    }

    public boolean isAllowed() { return allowed; }

    public LazyDataModel<AuditEvent> getModel() { return model; }

    public List<String> getActors() {
        return allowed ? listing.actors() : List.of();
    }

    /** The CSV export link for the current filters (served by {@link AuditCsvServlet}). */
    public String getCsvUrl() {
        StringBuilder q = new StringBuilder();
        param(q, "actor", actor);
        param(q, "action", action);
        param(q, "target", target);
        param(q, "result", resultClass == null ? null : resultClass.toString());
        param(q, "from", from == null ? null : from.toString());
        param(q, "to", to == null ? null : to.toString());
        return "events.csv" + (q.isEmpty() ? "" : "?" + q);
    }

    private static void param(StringBuilder q, String name, String value) {
        if (value != null && !value.isBlank()) {
            q.append(q.isEmpty() ? "" : "&").append(name).append('=')
                    .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    public void clear() {
        actor = null;
        action = null;
        target = null;
        resultClass = null;
        from = null;
        to = null;
    }

    AuditLogListing.Filter filter() {
        return new AuditLogListing.Filter(actor, action, target, resultClass, instant(from), instant(to));
    }

    private static Instant instant(LocalDateTime t) {
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    public String getActor() { return actor; }
    public void setActor(String actor) { this.actor = actor; }
    public String getAction() { return action; }
    public void setAction(String action) { this.action = action; }
    public String getTarget() { return target; }
    public void setTarget(String target) { this.target = target; }
    public Integer getResultClass() { return resultClass; }
    public void setResultClass(Integer resultClass) { this.resultClass = resultClass; }
    public LocalDateTime getFrom() { return from; }
    public void setFrom(LocalDateTime from) { this.from = from; }
    public LocalDateTime getTo() { return to; }
    public void setTo(LocalDateTime to) { this.to = to; }
}
