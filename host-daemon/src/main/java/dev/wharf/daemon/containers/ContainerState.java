package dev.wharf.daemon.containers;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a container is in its lifecycle: created → running ⇄ paused → exited (or dead when cleanup failed),
 * with {@code restarting} between a policy restart's exit and start and {@code removing} during removal.
 * Mutated only under the owning {@link Container}'s lock.
 */
public final class ContainerState {
    public enum Status {
        CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD;

        public String api() {
            return name().toLowerCase();
        }
    }

    @JsonProperty Status status = Status.CREATED;
    @JsonProperty int pid;
    @JsonProperty int exitCode;
    @JsonProperty String error = "";
    @JsonProperty boolean oomKilled;
    @JsonProperty Instant startedAt;
    @JsonProperty Instant finishedAt;

    public Status status() {
        return status;
    }

    /** Running in Docker's sense: the process exists (also when paused or between policy restarts). */
    @JsonIgnore
    public boolean isRunning() {
        return status == Status.RUNNING || status == Status.PAUSED;
    }

    public int pid() {
        return pid;
    }

    public int exitCode() {
        return exitCode;
    }

    public boolean oomKilled() {
        return oomKilled;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public String error() {
        return error;
    }

    /** The {@code State} object of {@code docker inspect}. */
    public Map<String, Object> toApi() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Status", status.api());
        m.put("Running", status == Status.RUNNING || status == Status.PAUSED);
        m.put("Paused", status == Status.PAUSED);
        m.put("Restarting", status == Status.RESTARTING);
        m.put("OOMKilled", oomKilled);
        m.put("Dead", status == Status.DEAD);
        m.put("Pid", isRunning() ? pid : 0);
        m.put("ExitCode", exitCode);
        m.put("Error", error == null ? "" : error);
        m.put("StartedAt", ApiTime.format(startedAt));
        m.put("FinishedAt", ApiTime.format(finishedAt));
        return m;
    }
}
