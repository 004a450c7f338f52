package dev.wharf.daemon.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One entry of the OCI spec's {@code mounts}: a bind mount, tmpfs, proc... as runc takes it. */
public record OciMount(String destination, String type, String source, List<String> options) {

    public static OciMount bind(String source, String destination, boolean readOnly) {
        return new OciMount(destination, "bind", source, readOnly ? List.of("rbind", "ro", "rprivate") : List.of("rbind", "rprivate"));
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        m.put("options", options);
        return m;
    }
}
