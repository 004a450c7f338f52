package dev.wharf.controlplane.domain.shared;

/** The named object does not exist. */
public final class NotFoundException extends DomainException {

    public NotFoundException(String kind, String id) {
        super(kind + " '" + id + "' does not exist");
    }
}
