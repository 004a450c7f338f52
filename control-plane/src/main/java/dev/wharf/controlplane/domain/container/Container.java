package dev.wharf.controlplane.domain.container;

import dev.wharf.model.agent.ContainerSpec;
import dev.wharf.model.agent.ObservedContainer;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.OptimisticLock;

/**
 * A container the control plane manages: its spec and desired state (what users asked for) next to its
 * observed state (what the host's daemon last reported).
 *
 * <p>Every change of the desired state increments {@link #generation()}. The daemon echoes the generation it
 * applied, so both sides can tell a stale report from a fresh one and repeated messages are harmless.
 *
 * <p>The observed fields are left out of optimistic locking and updates write only changed columns: a user's
 * start, stop or remove never fails because the host's heartbeat reported the container meanwhile, and a
 * heartbeat never writes back a stale desired state.
 */
@Entity
@Table(name = "container")
@DynamicUpdate
@NamedQuery(name = "Container.findByHost",
        query = "select c from Container c where c.hostId = :hostId order by c.createdAt")
@NamedQuery(name = "Container.findByName", query = "select c from Container c where c.name = :name")
@NamedQuery(name = "Container.findByIdempotencyKey",
        query = "select c from Container c where c.createdBy = :user and c.idempotencyKey = :key")
@NamedQuery(name = "Container.countByHost",
        query = "select c.hostId, count(c) from Container c where c.desiredState <> "
                + "dev.wharf.controlplane.domain.container.DesiredContainerState.REMOVED group by c.hostId")
public class Container {

    @Id
    private String id;

    @Column(nullable = false, unique = true)
    private String name;

    @Column(nullable = false)
    private String image;

    @Convert(converter = ContainerSpecConverter.class)
    @Column(name = "spec_json", nullable = false, length = 16384)
    private ContainerSpec spec;

    @Column(name = "host_id", nullable = false)
    private String hostId;

    @Enumerated(EnumType.STRING)
    @Column(name = "desired_state", nullable = false)
    private DesiredContainerState desiredState;

    @Column(nullable = false)
    private long generation;

    @OptimisticLock(excluded = true) // written by heartbeats, see the class comment
    @Column(name = "observed_state")
    private String observedState;

    @OptimisticLock(excluded = true) // written by heartbeats, see the class comment
    @Column(name = "exit_code")
    private Integer exitCode;

    @OptimisticLock(excluded = true) // written by heartbeats, see the class comment
    @Column(name = "ip_address")
    private String ipAddress;

    @OptimisticLock(excluded = true) // written by heartbeats, see the class comment
    @Column(name = "observed_generation", nullable = false)
    private long observedGeneration;

    @OptimisticLock(excluded = true) // written by heartbeats, see the class comment
    @Column(name = "observed_at")
    private Instant observedAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    /** The client's Idempotency-Key of the create call, so a retried create returns this container. */
    @Column(name = "idempotency_key")
    private String idempotencyKey;

    /** Why the container waits to be placed on another host (e.g. its host drains), or null. */
    @Column(name = "pending_reason")
    private String pendingReason;

    // ---- scheduling (issue 8): requests copied out of the spec so the scheduler can sum them in SQL ----

    @Column(name = "cpu_request", nullable = false)
    private double cpuRequest;

    @Column(name = "memory_request", nullable = false)
    private long memoryRequest;

    @Column(name = "group_name")
    private String groupName;

    /** Host ports the container takes, e.g. {@code 8080/tcp,53/udp}; null for none. */
    @Column(name = "host_ports")
    private String hostPorts;

    /** Not placed before this instant (back-off after its host was lost); null = at once. */
    @Column(name = "not_before")
    private Instant notBefore;

    /** How many times this container's work was moved to another host (the back-off grows with it). */
    @Column(name = "reschedule_count", nullable = false)
    private int rescheduleCount;

    /** A host not to place it on (the one it moves off). */
    @Column(name = "avoid_host_id")
    private String avoidHostId;

    /** The container whose work this one takes over, or null. */
    @Column(name = "replaces_id")
    private String replacesId;

    /** The container that takes over this one's work, or null. */
    @Column(name = "replaced_by")
    private String replacedBy;

    @Column(name = "service_id")
    private String serviceId;

    @Column(name = "service_slot")
    private Integer serviceSlot;

    @Column(name = "service_version")
    private Long serviceVersion;

    @Version
    private long version;

    protected Container() {
        // for JPA
    }

    public Container(String id, String name, ContainerSpec spec, String hostId, String createdBy, Instant now) {
        this.id = Objects.requireNonNull(id);
        this.name = Objects.requireNonNull(name);
        this.spec = Objects.requireNonNull(spec);
        this.image = spec.image();
        this.hostId = hostId; // null: pending, the scheduler places it
        this.cpuRequest = spec.cpus() == null ? 0 : spec.cpus();
        this.memoryRequest = spec.memoryBytes() == null ? 0 : spec.memoryBytes();
        this.groupName = spec.group();
        this.createdBy = Objects.requireNonNull(createdBy);
        this.createdAt = Objects.requireNonNull(now);
        this.desiredState = DesiredContainerState.CREATED;
        this.generation = 1;
    }

    /**
     * Asks for a new desired state. A removed container stays removed; asking for the state it already has
     * changes nothing (no new generation, so the daemon is not disturbed).
     *
     * @return whether the desired state changed
     */
    public boolean desire(DesiredContainerState wanted) {
        if (desiredState == wanted || desiredState == DesiredContainerState.REMOVED) {
            return false;
        }
        desiredState = wanted;
        generation++;
        return true;
    }

    /**
     * Asks for the container to be started afresh: desired state running with a new generation, which the
     * daemon applies even if the container is already running.
     */
    public void restart() {
        if (desiredState == DesiredContainerState.REMOVED) {
            return;
        }
        desiredState = DesiredContainerState.RUNNING;
        generation++;
    }

    /** Takes in what the daemon reported for this container. */
    public void observed(ObservedContainer report, Instant now) {
        if (observedAt != null && Objects.equals(observedState, report.state())
                && Objects.equals(exitCode, report.exitCode()) && Objects.equals(ipAddress, report.ipAddress())
                && observedGeneration == report.generation()) {
            return; // unchanged: no row update per heartbeat (observedAt = when the observation last changed)
        }
        this.observedState = report.state();
        this.exitCode = report.exitCode();
        this.ipAddress = report.ipAddress();
        this.observedGeneration = report.generation();
        this.observedAt = now;
    }

    /** The daemon no longer reports this container. */
    public void observedAbsent(Instant now) {
        if (observedState != null) {
            this.observedState = "absent";
            this.observedAt = now;
        }
    }

    public String id() { return id; }
    public String name() { return name; }
    public String image() { return image; }
    public ContainerSpec spec() { return spec; }
    public String hostId() { return hostId; }
    public DesiredContainerState desiredState() { return desiredState; }
    public long generation() { return generation; }
    public String observedState() { return observedState; }
    public Integer exitCode() { return exitCode; }
    public String ipAddress() { return ipAddress; }
    public long observedGeneration() { return observedGeneration; }
    public Instant observedAt() { return observedAt; }
    public Instant createdAt() { return createdAt; }
    public String createdBy() { return createdBy; }
    public String idempotencyKey() { return idempotencyKey; }
    public String pendingReason() { return pendingReason; }

    /** Marks the container as waiting for a new host; it keeps running where it is until it is moved. */
    public void pendingReplacement(String reason) {
        this.pendingReason = reason;
    }

    public void idempotencyKey(String key) {
        this.idempotencyKey = key;
    }

    // ---- scheduling (issue 8) ----

    /** The host ports as stored ({@code 8080/tcp,...}); set by the scheduler at create. */
    public void hostPorts(String ports) {
        this.hostPorts = ports == null || ports.isEmpty() ? null : ports;
    }

    /** Puts the container on a host (a scheduling decision); it is no longer pending. */
    public void placeOn(String host) {
        this.hostId = Objects.requireNonNull(host);
        this.pendingReason = null;
    }

    /** Leaves the container unplaced with the scheduler's reason. */
    public void unplaced(String reason) {
        this.pendingReason = reason;
    }

    /** Makes this container take over another's work (a replacement). */
    public void replaces(Container old, String avoidHost, int rescheduleCount, Instant notBefore) {
        this.replacesId = old.id;
        this.avoidHostId = avoidHost;
        this.rescheduleCount = rescheduleCount;
        this.notBefore = notBefore;
        this.serviceId = old.serviceId;
        this.serviceSlot = old.serviceSlot;
        this.serviceVersion = old.serviceVersion;
        old.replacedBy = this.id;
    }

    /**
     * Fences the container: desired {@code removed} at a higher generation, and a new name (freeing the old one
     * for its replacement). A host that comes back stops and removes its stale copy.
     */
    public void fence(String newName) {
        if (desiredState != DesiredContainerState.REMOVED) {
            desiredState = DesiredContainerState.REMOVED;
            generation++;
        }
        if (newName != null) {
            this.name = newName;
        }
    }

    /** Gives the record another name (frees the name for the container that replaces it). */
    public void rename(String newName) {
        this.name = Objects.requireNonNull(newName);
    }

    /** Marks the container as a replica of a service. */
    public void serviceReplica(String service, int slot, long specVersion) {
        this.serviceId = service;
        this.serviceSlot = slot;
        this.serviceVersion = specVersion;
    }

    /** Whether the host last reported it running at its current generation. */
    public boolean observedRunning() {
        return "running".equals(observedState) && observedGeneration >= generation;
    }

    public boolean pending() { return hostId == null; }
    public double cpuRequest() { return cpuRequest; }
    public long memoryRequest() { return memoryRequest; }
    public String groupName() { return groupName; }
    public String hostPorts() { return hostPorts; }
    public Instant notBefore() { return notBefore; }
    public int rescheduleCount() { return rescheduleCount; }
    public String avoidHostId() { return avoidHostId; }
    public String replacesId() { return replacesId; }
    public String replacedBy() { return replacedBy; }
    public String serviceId() { return serviceId; }
    public Integer serviceSlot() { return serviceSlot; }
    public Long serviceVersion() { return serviceVersion; }
}
