package dev.wharf.controlplane.domain.shared;

/** The request clashes with the current state (a duplicate name, no host to place on...). */
public final class ConflictException extends DomainException {

    public ConflictException(String message) {
        super(message);
    }
}
