package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.domain.shared.Secrets;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-use tickets for the console WebSocket. The page asks for one through a Faces action (which checks the
 * user's role and writes the audit log); the socket redeems it within 30 s. A page on another site can open
 * a WebSocket with the user's cookies, but it cannot get a ticket.
 */
@ApplicationScoped
public class ConsoleTickets {

    static final Duration LIFETIME = Duration.ofSeconds(30);

    /** What a ticket allows: this user, a console in this container. */
    public record Ticket(String user, String containerId, String command, Instant expires) {
    }

    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();

    /** Runs each console's output pump (a socket endpoint cannot inject one itself). */
    @Resource
    ManagedExecutorService executor;

    ManagedExecutorService executor() {
        return executor;
    }

    String issue(String user, String containerId, String command) {
        Instant now = Instant.now();
        tickets.values().removeIf(t -> t.expires().isBefore(now));
        String value = Secrets.newToken();
        tickets.put(value, new Ticket(user, containerId, command, now.plus(LIFETIME)));
        return value;
    }

    /** The ticket if it exists, is unexpired and belongs to {@code user}; it is used up either way. */
    Optional<Ticket> redeem(String value, String user) {
        Ticket t = value == null ? null : tickets.remove(value);
        if (t == null || t.expires().isBefore(Instant.now()) || !t.user().equals(user)) {
            return Optional.empty();
        }
        return Optional.of(t);
    }
}
