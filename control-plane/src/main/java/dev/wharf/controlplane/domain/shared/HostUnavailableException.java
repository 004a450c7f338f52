package dev.wharf.controlplane.domain.shared;

/** The host that must do the work is not connected to the control plane (its tunnel is down). */
public final class HostUnavailableException extends DomainException {

    private final String host;

    public HostUnavailableException(String host, String message) {
        super(message);
        this.host = host;
    }

    /** The name of the host at fault. */
    public String host() {
        return host;
    }
}
