package dev.wharf.controlplane.domain.shared;

/** Credentials are missing, wrong or expired. The message never says which part was wrong. */
public final class AuthenticationException extends DomainException {

    public AuthenticationException(String message) {
        super(message);
    }
}
