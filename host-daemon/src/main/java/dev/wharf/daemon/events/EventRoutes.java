package dev.wharf.daemon.events;

import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.api.ApiExchange;
import dev.wharf.daemon.api.DockerJson;
import dev.wharf.daemon.api.Filters;
import dev.wharf.daemon.api.Router;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** {@code GET /events}: past events since a time, then live ones until {@code until} or the client leaves. */
public final class EventRoutes {
    private final EventBus bus;

    public EventRoutes(EventBus bus) {
        this.bus = bus;
    }

    public void register(Router router) {
        router.get("/events", this::events);
    }

    private void events(ApiExchange ex) throws IOException, InterruptedException {
        long since = nanos(ex.query("since"));
        long until = nanos(ex.query("until"));
        Filters filters = Filters.parse(ex.query("filters"))
                .allow("type", "event", "container", "image", "label", "volume", "network", "scope", "daemon");
        LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
        Consumer<Event> sub = queue::add;
        List<Event> past = bus.subscribe(sub, since == 0 && until > 0 ? 1 : since);
        try (OutputStream out = ex.stream(200, "application/json")) {
            for (Event e : past) {
                if (until > 0 && e.timeNano() > until) {
                    return;
                }
                write(out, e, filters);
            }
            while (ex.isOpen()) {
                if (until > 0 && System.currentTimeMillis() * 1_000_000L >= until) {
                    return;
                }
                Event e = queue.poll(200, TimeUnit.MILLISECONDS);
                if (e != null) {
                    if (until > 0 && e.timeNano() > until) {
                        return;
                    }
                    write(out, e, filters);
                }
            }
        } finally {
            bus.unsubscribe(sub);
        }
    }

    private static void write(OutputStream out, Event e, Filters f) throws IOException {
        if (!matches(e, f)) {
            return;
        }
        out.write(DockerJson.MAPPER.writeValueAsBytes(e));
        out.write('\n');
    }

    static boolean matches(Event e, Filters f) {
        var attrs = e.actor().attributes();
        return f.matchAny("type", t -> t.equals(e.type()))
                && f.matchAny("event", a -> a.equals(e.action()) || e.action().startsWith(a + ":"))
                && f.matchAny("container", c -> e.type().equals("container") && (e.actor().id().startsWith(c) || c.equals(attrs.get("name"))))
                && f.matchAny("image", i -> i.equals(attrs.get("image")) || i.equals(attrs.get("name")) || e.actor().id().startsWith(i))
                && f.matchAny("volume", v -> e.type().equals("volume") && v.equals(e.actor().id()))
                && f.matchAny("network", n -> e.type().equals("network") && (n.equals(e.actor().id()) || n.equals(attrs.get("name"))))
                && f.matchLabels("label", attrs);
    }

    /** Docker's timestamps: {@code 1700000000} or {@code 1700000000.123456789} seconds; absent is 0. */
    static long nanos(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return new BigDecimal(value).movePointRight(9).longValue();
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid timestamp \"" + value + "\": expected seconds since the epoch");
        }
    }
}
