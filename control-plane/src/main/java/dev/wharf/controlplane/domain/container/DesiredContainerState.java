package dev.wharf.controlplane.domain.container;

import java.util.Locale;

/** What the control plane wants a container to be; the daemon makes it so. */
public enum DesiredContainerState {
    CREATED, RUNNING, STOPPED, REMOVED;

    /** The word used in the API and the agent protocol. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
