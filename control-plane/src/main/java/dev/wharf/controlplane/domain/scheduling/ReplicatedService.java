package dev.wharf.controlplane.domain.scheduling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.controlplane.domain.container.ContainerSpecConverter;
import dev.wharf.model.agent.ContainerSpec;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;

/**
 * N replicas of one container spec, kept running across the cluster (Swarm's replicated service). Each replica
 * is a container with the service's id and a slot 1..N; the replicas share a placement group, so they spread
 * over hosts. A new spec raises {@link #specVersion()} and starts a rolling update; a failed update rolls back to
 * the previous spec (again as a rolling update) or pauses.
 */
@Entity
@Table(name = "service")
@NamedQuery(name = "ReplicatedService.findAll", query = "select s from ReplicatedService s order by s.name")
@NamedQuery(name = "ReplicatedService.findByName", query = "select s from ReplicatedService s where s.name = :name")
public class ReplicatedService {

    /** Where a service's rollout stands. */
    public enum UpdateState { COMPLETED, UPDATING, ROLLING_BACK, ROLLED_BACK, PAUSED }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Id
    private String id;

    @Column(nullable = false, unique = true)
    private String name;

    @Convert(converter = ContainerSpecConverter.class)
    @Column(name = "spec_json", nullable = false, length = 16384)
    private ContainerSpec spec;

    @Convert(converter = ContainerSpecConverter.class)
    @Column(name = "previous_spec_json", length = 16384)
    private ContainerSpec previousSpec;

    @Column(nullable = false)
    private int replicas;

    @Column(name = "spec_version", nullable = false)
    private long specVersion;

    @Column(name = "update_json", nullable = false)
    private String updateJson;

    @Column(name = "update_state", nullable = false)
    private String updateState;

    @Column(name = "update_message")
    private String updateMessage;

    @Column(name = "update_started_at")
    private Instant updateStartedAt;

    @Column(name = "last_batch_at")
    private Instant lastBatchAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Version
    private long version;

    protected ReplicatedService() {
        // for JPA
    }

    public ReplicatedService(String id, String name, ContainerSpec spec, int replicas, UpdateConfig update,
                             String createdBy, Instant now) {
        this.id = Objects.requireNonNull(id);
        this.name = Objects.requireNonNull(name);
        this.spec = Objects.requireNonNull(spec);
        this.replicas = replicas;
        this.specVersion = 1;
        this.updateJson = write(update);
        this.updateState = UpdateState.COMPLETED.name();
        this.createdBy = createdBy;
        this.createdAt = now;
    }

    /** A new spec: the replicas are replaced batch by batch. */
    public void update(ContainerSpec newSpec, UpdateConfig newUpdate, Instant now) {
        if (newUpdate != null) {
            this.updateJson = write(newUpdate);
        }
        if (newSpec.equals(spec)) {
            return;
        }
        this.previousSpec = spec;
        this.spec = newSpec;
        this.specVersion++;
        this.updateState = UpdateState.UPDATING.name();
        this.updateMessage = null;
        this.updateStartedAt = now;
        this.lastBatchAt = null;
    }

    /** A new replica failed to run within the deadline: roll back to the previous spec, or pause. */
    public void updateFailed(String why, Instant now) {
        if (updateState() == UpdateState.UPDATING && "rollback".equals(update().failureAction()) && previousSpec != null) {
            ContainerSpec back = previousSpec;
            this.previousSpec = spec;
            this.spec = back;
            this.specVersion++;
            this.updateState = UpdateState.ROLLING_BACK.name();
            this.updateMessage = "rolling back: " + why;
            this.updateStartedAt = now;
            this.lastBatchAt = null;
        } else {
            this.updateState = UpdateState.PAUSED.name();
            this.updateMessage = "paused: " + why;
        }
    }

    /** Every replica runs the current spec. */
    public void rolloutDone() {
        UpdateState s = updateState();
        if (s == UpdateState.UPDATING) {
            updateState = UpdateState.COMPLETED.name();
            updateMessage = null;
        } else if (s == UpdateState.ROLLING_BACK) {
            updateState = UpdateState.ROLLED_BACK.name();
        }
    }

    public void batchStarted(Instant now) {
        this.lastBatchAt = now;
    }

    public void scale(int newReplicas) {
        this.replicas = newReplicas;
    }

    public boolean rollingOut() {
        UpdateState s = updateState();
        return s == UpdateState.UPDATING || s == UpdateState.ROLLING_BACK;
    }

    public String id() { return id; }
    public String name() { return name; }
    public ContainerSpec spec() { return spec; }
    public int replicas() { return replicas; }
    public long specVersion() { return specVersion; }
    public UpdateState updateState() { return UpdateState.valueOf(updateState); }
    public String updateMessage() { return updateMessage; }
    public Instant updateStartedAt() { return updateStartedAt; }
    public Instant lastBatchAt() { return lastBatchAt; }
    public Instant createdAt() { return createdAt; }
    public String createdBy() { return createdBy; }

    public UpdateConfig update() {
        try {
            return JSON.readValue(updateJson, UpdateConfig.class);
        } catch (JsonProcessingException e) {
            return UpdateConfig.DEFAULT;
        }
    }

    private static String write(UpdateConfig u) {
        try {
            return JSON.writeValueAsString(u == null ? UpdateConfig.DEFAULT : u);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
