package dev.wharf.testsupport;

/** A registry answered an unexpected status; carries it and the body (the registry's JSON error). */
public final class RegistryHttpException extends RuntimeException {

    private final int status;
    private final String body;

    public RegistryHttpException(String what, int status, String body) {
        super(what + ": HTTP " + status + (body == null || body.isBlank() ? "" : " " + body.strip()));
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }
}
