package dev.wharf.daemon.logs;

import java.time.Instant;

/**
 * What {@code GET /containers/{id}/logs} asks for.
 *
 * @param tail  the last N lines only; negative means all
 * @param since entries at or after this time; null for no bound
 * @param until entries at or before this time; null for no bound
 */
public record LogQuery(boolean stdout, boolean stderr, int tail, Instant since, Instant until, boolean follow) {

    public boolean wants(LogEntry e) {
        if (e.stream() == LogEntry.Stream.STDOUT ? !stdout : !stderr) {
            return false;
        }
        return since == null || !e.time().isBefore(since);
    }

    public boolean pastUntil(LogEntry e) {
        return until != null && e.time().isAfter(until);
    }
}
