package dev.wharf.webapp.api.agent;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;

/** Pings every open agent stream and live event stream every 15 s (see {@link AgentStreams#keepAlive()}). */
@Singleton
public class AgentStreamKeepAlive {

    @Inject
    AgentStreams streams;

    @Inject
    dev.wharf.webapp.api.EventStreams eventStreams;

    @Schedule(second = "*/15", minute = "*", hour = "*", persistent = false, info = "agent stream keep-alive")
    void ping() {
        streams.keepAlive();
        eventStreams.keepAlive();
    }
}
