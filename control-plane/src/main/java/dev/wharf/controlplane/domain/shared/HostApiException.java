package dev.wharf.controlplane.domain.shared;

/**
 * A host's Docker API refused or failed a request; {@link #status()} is its HTTP status and the message
 * names the host and repeats the daemon's own message.
 */
public final class HostApiException extends DomainException {

    private final int status;

    public HostApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
