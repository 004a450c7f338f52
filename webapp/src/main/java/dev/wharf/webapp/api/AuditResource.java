package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.AuditService;
import dev.wharf.controlplane.domain.account.Role;
import dev.wharf.controlplane.domain.audit.AuditEvent;
import dev.wharf.webapp.api.security.Allowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** The audit log of mutating calls. Admin only. */
@Path("/v1/events")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.ADMIN)
public class AuditResource {

    /** One audited call; {@code result} is its HTTP status. */
    public record EventView(long id, Instant at, String actor, String action, String target, int result,
                            String sourceAddress) {

        static EventView of(AuditEvent e) {
            return new EventView(e.id(), e.occurredAt(), e.actor(), e.action(), e.target(), e.result(),
                    e.sourceAddress());
        }
    }

    @Inject
    AuditService audit;

    /** A page of events, newest first, optionally of one {@code actor}. */
    @GET
    public List<EventView> list(@QueryParam("actor") String actor,
                                @QueryParam("offset") @DefaultValue("0") int offset,
                                @QueryParam("limit") @DefaultValue("100") int limit) {
        return audit.list(actor, offset, limit).stream().map(EventView::of).toList();
    }
}
