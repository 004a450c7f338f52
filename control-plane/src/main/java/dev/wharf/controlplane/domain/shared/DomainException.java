package dev.wharf.controlplane.domain.shared;

/**
 * A failure the caller can act on: bad input, a missing object, a conflict. Its message is safe to show to
 * users; the REST layer turns each kind into a problem+json answer.
 */
public abstract class DomainException extends RuntimeException {

    protected DomainException(String message) {
        super(message);
    }
}
