package dev.wharf.daemon.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.daemon.containers.Container;

/** Labels that tie a daemon container to the control plane's container it was created for. */
final class ManagedLabels {
    /** The control plane's container id; the daemon keeps its own id for the Docker API. */
    static final String ID = "dev.wharf.id";
    /** Hash of the spec the container was created from: a changed spec means recreate. */
    static final String SPEC = "dev.wharf.spec";

    private ManagedLabels() {
    }

    static String label(Container c, String key) {
        JsonNode labels = c.config().get("Labels");
        JsonNode v = labels == null ? null : labels.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    static String controlPlaneId(Container c) {
        return label(c, ID);
    }
}
