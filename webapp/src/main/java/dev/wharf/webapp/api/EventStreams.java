package dev.wharf.webapp.api;

import dev.wharf.controlplane.domain.audit.AuditEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The open live streams of the audit log ({@code GET /api/v1/events/stream}), each with its actor filter. */
@ApplicationScoped
public class EventStreams {

    private static final Logger LOG = Logger.getLogger(EventStreams.class.getName());

    private final Map<SseEventSink, String> sinks = new ConcurrentHashMap<>();
    private volatile Sse sse;

    void open(String actor, SseEventSink sink, Sse sse) {
        this.sse = sse;
        sinks.put(sink, actor == null ? "" : actor);
        // a first comment commits the response, so the client knows the stream is open
        write(sink, sse.newEventBuilder().comment("wharf events").build());
    }

    void recorded(@Observes(during = TransactionPhase.AFTER_SUCCESS) AuditEvent event) {
        Sse current = sse;
        if (current == null || sinks.isEmpty()) {
            return;
        }
        OutboundSseEvent out = current.newEventBuilder().name("event").id(String.valueOf(event.id()))
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(AuditResource.EventView.class, AuditResource.EventView.of(event)).build();
        sinks.forEach((sink, actor) -> {
            if (actor.isEmpty() || actor.equals(event.actor())) {
                write(sink, out);
            }
        });
    }

    /** A comment on every stream, so proxies keep them open and dead ones are dropped. */
    public void keepAlive() {
        Sse current = sse;
        if (current != null) {
            sinks.keySet().forEach(sink -> write(sink, current.newEventBuilder().comment("keep-alive").build()));
        }
    }

    private void write(SseEventSink sink, OutboundSseEvent event) {
        if (sink.isClosed()) {
            sinks.remove(sink);
            return;
        }
        sink.send(event).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.log(Level.FINE, "an event stream closed", failure);
                sinks.remove(sink);
                try {
                    sink.close();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "closing a dead event stream", e);
                }
            }
        });
    }
}
