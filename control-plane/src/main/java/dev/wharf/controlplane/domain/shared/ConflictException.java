package dev.wharf.controlplane.domain.shared;

import java.util.List;

/** The request clashes with the current state (a duplicate name, an overlapping pool, no host to place on...). */
public final class ConflictException extends DomainException {

    private final List<FieldError> errors;

    public ConflictException(String message) {
        this(message, List.of());
    }

    /** @param errors the request fields that clash, if the clash is with specific fields */
    public ConflictException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
