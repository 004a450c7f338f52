package dev.wharf.webapp.api.agent;

import dev.wharf.controlplane.application.AgentService;
import dev.wharf.controlplane.application.DesiredStateChanged;
import dev.wharf.model.agent.DesiredState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open desired-state streams of the daemons, by host. Each change of a host's desired state is pushed
 * as the host's full {@link DesiredState}, so a daemon never needs to merge deltas and a missed event is
 * repaired by the next one (or by the next heartbeat answer).
 */
@ApplicationScoped
public class AgentStreams {

    static final String EVENT = "desired-state";
    private static final Logger LOG = Logger.getLogger(AgentStreams.class.getName());

    private final Map<String, List<SseEventSink>> sinksByHost = new ConcurrentHashMap<>();
    private volatile Sse sse;

    @Inject
    AgentService agents;

    /** Adds a daemon's stream and sends it the current desired state at once. */
    void open(String hostId, SseEventSink sink, Sse sse) {
        this.sse = sse;
        sinksByHost.computeIfAbsent(hostId, id -> new CopyOnWriteArrayList<>()).add(sink);
        send(hostId, sink, agents.desiredStateOfHost(hostId));
    }

    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) DesiredStateChanged change) {
        List<SseEventSink> sinks = sinksByHost.get(change.hostId());
        if (sinks == null || sinks.isEmpty()) {
            return;
        }
        DesiredState state = agents.desiredStateOfHost(change.hostId());
        sinks.forEach(sink -> send(change.hostId(), sink, state));
    }

    /** A comment line on every stream, so proxies keep them open and dead ones are noticed and dropped. */
    public void keepAlive() {
        Sse current = sse;
        if (current == null) {
            return;
        }
        sinksByHost.forEach((hostId, sinks) -> sinks.forEach(sink ->
                write(hostId, sink, current.newEventBuilder().comment("keep-alive").build())));
    }

    private void send(String hostId, SseEventSink sink, DesiredState state) {
        write(hostId, sink, sse.newEventBuilder().name(EVENT).mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(DesiredState.class, state).build());
    }

    private void write(String hostId, SseEventSink sink, OutboundSseEvent event) {
        if (sink.isClosed()) {
            drop(hostId, sink);
            return;
        }
        sink.send(event).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.log(Level.FINE, "agent stream of host " + hostId + " closed", failure);
                drop(hostId, sink);
            }
        });
    }

    private void drop(String hostId, SseEventSink sink) {
        List<SseEventSink> sinks = sinksByHost.get(hostId);
        if (sinks != null) {
            sinks.remove(sink);
        }
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "closing a dead agent stream", e);
        }
    }
}
