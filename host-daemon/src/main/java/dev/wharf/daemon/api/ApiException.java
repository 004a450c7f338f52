package dev.wharf.daemon.api;

/**
 * An error a Docker API client should see as {@code {"message": "..."}} with an HTTP status, the way dockerd
 * reports its errdefs classes (400 invalid parameter, 404 not found, 409 conflict, 500 system).
 */
public class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public ApiException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    public static ApiException notModified() {
        return new ApiException(304, "");
    }

    public static ApiException internal(String message, Throwable cause) {
        return new ApiException(500, message, cause);
    }
}
