package dev.wharf.daemon.containers;

import java.time.Duration;
import java.time.Instant;

/** Times as the Docker API writes them: RFC 3339 with nanoseconds, and Go's zero time for "never". */
final class ApiTime {
    static final String ZERO = "0001-01-01T00:00:00Z";

    private ApiTime() {
    }

    static String format(Instant t) {
        return t == null ? ZERO : t.toString();
    }

    /** "5 seconds", "About a minute", "2 hours", as docker ps's Status column (go-units HumanDuration). */
    static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 1) {
            return "Less than a second";
        } else if (s == 1) {
            return "1 second";
        } else if (s < 60) {
            return s + " seconds";
        }
        long m = s / 60;
        if (m == 1) {
            return "About a minute";
        } else if (m < 60) {
            return m + " minutes";
        }
        long h = Math.round(s / 3600.0);
        if (h == 1) {
            return "About an hour";
        } else if (h < 48) {
            return h + " hours";
        } else if (h < 24 * 7 * 2) {
            return h / 24 + " days";
        } else if (h < 24 * 30 * 2) {
            return h / 24 / 7 + " weeks";
        } else if (h < 24 * 365 * 2) {
            return h / 24 / 30 + " months";
        }
        return h / 24 / 365 + " years";
    }
}
