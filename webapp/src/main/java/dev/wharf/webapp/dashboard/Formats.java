package dev.wharf.webapp.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formatting for pages, as {@code #{fmt.time(x)}} (Faces 4.0's converters know no {@link Instant}). */
@Named("fmt")
@ApplicationScoped
public class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** UTC, to the second; empty for null. */
    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    public String memory(long bytes) {
        return HostsBean.memory(bytes);
    }
}
