package dev.wharf.daemon.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Daemon events (container, image, volume, network), kept in a bounded in-memory history for
 * {@code docker events --since} and pushed to live subscribers (the events endpoint, the control-plane link).
 */
public final class EventBus {
    private static final Logger LOG = Logger.getLogger(EventBus.class.getName());
    private static final int HISTORY = 1024;

    private final ArrayDeque<Event> history = new ArrayDeque<>();
    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();

    public void publish(String type, String action, String id, Map<String, String> attributes) {
        publish(Event.of(type, action, id, attributes));
    }

    public void publish(Event e) {
        synchronized (history) {
            if (history.size() == HISTORY) {
                history.removeFirst();
            }
            history.addLast(e);
        }
        for (Consumer<Event> s : subscribers) {
            try {
                s.accept(e);
            } catch (RuntimeException ex) {
                LOG.log(Level.FINE, "event subscriber failed", ex);
            }
        }
    }

    /** Subscribes and returns, atomically, the history since {@code sinceNanos} (0 = none). */
    public List<Event> subscribe(Consumer<Event> subscriber, long sinceNanos) {
        synchronized (history) {
            subscribers.add(subscriber);
            List<Event> past = new ArrayList<>();
            if (sinceNanos > 0) {
                for (Event e : history) {
                    if (e.timeNano() >= sinceNanos) {
                        past.add(e);
                    }
                }
            }
            return past;
        }
    }

    public void unsubscribe(Consumer<Event> subscriber) {
        subscribers.remove(subscriber);
    }
}
