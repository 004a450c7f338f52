package dev.wharf.webapp.api.agent;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;

/** Pings every open agent stream every 15 s (see {@link AgentStreams#keepAlive()}). */
@Singleton
public class AgentStreamKeepAlive {

    @Inject
    AgentStreams streams;

    @Schedule(second = "*/15", minute = "*", hour = "*", persistent = false, info = "agent stream keep-alive")
    void ping() {
        streams.keepAlive();
    }
}
