package dev.wharf.webapp.api;

import dev.wharf.controlplane.application.AuditService;
import dev.wharf.controlplane.domain.account.Role;
import dev.wharf.controlplane.domain.audit.AuditEvent;
import dev.wharf.webapp.api.security.Allowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** The audit log of mutating calls: paged, and live over SSE. Admin only. */
@Path("/v1/events")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Allowed(Role.ADMIN)
public class AuditResource {

    /** One audited call; {@code result} is its HTTP status. */
    public record EventView(long id, Instant at, String actor, String action, String target, int result,
                            String sourceAddress) {

        public static EventView of(AuditEvent e) {
            return new EventView(e.id(), e.occurredAt(), e.actor(), e.action(), e.target(), e.result(),
                    e.sourceAddress());
        }
    }

    @Inject
    AuditService audit;

    @Inject
    EventStreams streams;

    /** A page of events, newest first, optionally of one {@code actor}. */
    @GET
    public List<EventView> list(@QueryParam("actor") String actor,
                                @QueryParam("offset") String offset,
                                @QueryParam("limit") String limit) {
        return audit.list(actor, QueryParams.intParam("offset", offset, 0, 0, Integer.MAX_VALUE),
                QueryParams.intParam("limit", limit, 100, 1, 500)).stream().map(EventView::of).toList();
    }

    /**
     * The audit log live, as Server-Sent Events named {@code event}, each an {@link EventView} as JSON, from now
     * on; {@code actor} filters. Comment lines every 15 s keep the connection open.
     */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@QueryParam("actor") String actor, @Context SseEventSink sink, @Context Sse sse) {
        streams.open(actor, sink, sse);
    }
}
