package dev.wharf.daemon.registry;

import java.io.IOException;

/** A registry answered with an error (or could not be reached); the message is meant for the user. */
public class RegistryException extends IOException {
    private final int status;

    public RegistryException(int status, String message) {
        super(message);
        this.status = status;
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status, or 0 when the registry was not reached. */
    public int status() {
        return status;
    }

    public boolean isUnauthorized() {
        return status == 401 || status == 403;
    }

    public boolean isNotFound() {
        return status == 404;
    }
}
