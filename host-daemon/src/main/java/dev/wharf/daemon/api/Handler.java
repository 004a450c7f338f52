package dev.wharf.daemon.api;

/** Serves one API route. Runs on a worker thread, so it may block (pulls, log follow, attach). */
@FunctionalInterface
public interface Handler {
    void handle(ApiExchange exchange) throws Exception;
}
