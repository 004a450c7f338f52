package dev.wharf.daemon.containers;

import java.util.LinkedHashMap;
import java.util.Map;

/** The attributes docker puts on container events: image, name, the labels, plus per-event extras. */
final class EventAttributes {
    private EventAttributes() {
    }

    static Map<String, String> of(Container c, String... extra) {
        Map<String, String> m = new LinkedHashMap<>();
        c.config().path("Labels").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        m.put("image", c.image());
        m.put("name", c.name());
        for (int i = 0; i + 1 < extra.length; i += 2) {
            m.put(extra[i], extra[i + 1]);
        }
        return m;
    }
}
