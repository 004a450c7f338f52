package dev.wharf.daemon.runtime;

/** The create request cannot become a runnable spec; the message is what the user should read. */
public final class InvalidSpecException extends Exception {
    public InvalidSpecException(String message) {
        super(message);
    }
}
