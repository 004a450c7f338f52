package dev.wharf.controlplane.domain.shared;

/** The caller is known but may not do this. */
public final class ForbiddenException extends DomainException {

    public ForbiddenException(String message) {
        super(message);
    }
}
