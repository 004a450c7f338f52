package dev.wharf.controlplane.domain.host;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.OptimisticLock;

/**
 * A machine running a Wharf daemon. It joins with the cluster's join token and then proves itself with its
 * own credential, of which only the hash is kept. Its state follows its heartbeats: {@code ready} while they
 * arrive, {@code down} once the last is older than the TTL.
 * <p>
 * What heartbeats write (state, load, images, time) is left out of optimistic locking and updates write only
 * changed columns, so an operator's label, cordon or drain never fails because a heartbeat landed meanwhile, and
 * a heartbeat never writes back a stale copy of them.
 */
@Entity
@Table(name = "host")
@DynamicUpdate
@NamedQuery(name = "Host.findAll", query = "select h from Host h order by h.name")
@NamedQuery(name = "Host.findByName", query = "select h from Host h where h.name = :name")
@NamedQuery(name = "Host.findByCredentialHash", query = "select h from Host h where h.credentialHash = :hash")
@NamedQuery(name = "Host.markDown",
        query = "update Host h set h.state = dev.wharf.controlplane.domain.host.HostState.DOWN"
                + " where h.state = dev.wharf.controlplane.domain.host.HostState.READY and h.lastHeartbeat < :cutoff")
public class Host {

    @Id
    private String id;

    @Column(nullable = false, unique = true)
    private String name;

    private String address;

    @Column(name = "daemon_version")
    private String daemonVersion;

    private int cpus;

    @Column(name = "memory_bytes")
    private long memoryBytes;

    @OptimisticLock(excluded = true)
    @Column(name = "memory_used_bytes")
    private long memoryUsedBytes;

    @OptimisticLock(excluded = true)
    @Column(name = "cpu_load")
    private double cpuLoad;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "host_label", joinColumns = @JoinColumn(name = "host_id"))
    @MapKeyColumn(name = "name")
    @Column(name = "label_value")
    private Map<String, String> labels = new HashMap<>();

    @OptimisticLock(excluded = true)
    @ElementCollection
    @CollectionTable(name = "host_image", joinColumns = @JoinColumn(name = "host_id"))
    @Column(name = "image_id")
    private Set<String> imageIds = new HashSet<>();

    @OptimisticLock(excluded = true)
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private HostState state;

    @Column(name = "credential_hash", nullable = false)
    private String credentialHash;

    @Column(name = "registered_at", nullable = false)
    private Instant registeredAt;

    @OptimisticLock(excluded = true)
    @Column(name = "last_heartbeat")
    private Instant lastHeartbeat;

    /** No new containers are placed here. */
    @Column(nullable = false)
    private boolean cordoned;

    /** Cordoned, and its containers are to move elsewhere. */
    @Column(nullable = false)
    private boolean draining;

    @Version
    private long version;

    protected Host() {
        // for JPA
    }

    public Host(String id, String name, Instant registeredAt) {
        this.id = Objects.requireNonNull(id);
        this.name = Objects.requireNonNull(name);
        this.registeredAt = Objects.requireNonNull(registeredAt);
        this.state = HostState.READY;
        this.lastHeartbeat = registeredAt;
    }

    /** Records what the daemon said about itself at (re-)registration, with its new credential's hash. */
    public void registered(String address, String daemonVersion, int cpus, long memoryBytes,
                           Map<String, String> labels, String credentialHash, Instant now) {
        this.address = address;
        this.daemonVersion = daemonVersion;
        this.cpus = cpus;
        this.memoryBytes = memoryBytes;
        // the daemon's labels are laid over the ones an operator set, which a daemon restart must not wipe
        this.labels.putAll(labels);
        this.credentialHash = credentialHash;
        heartbeat(now);
    }

    /** A heartbeat arrived: the host is ready again whatever it was. */
    public void heartbeat(Instant now) {
        this.lastHeartbeat = now;
        this.state = HostState.READY;
    }

    public void observedResources(long memoryUsedBytes, double cpuLoad, Set<String> imageIds) {
        this.memoryUsedBytes = memoryUsedBytes;
        this.cpuLoad = cpuLoad;
        if (!this.imageIds.equals(imageIds)) {
            this.imageIds.clear();
            this.imageIds.addAll(imageIds);
        }
    }

    /** Replaces the host's labels (an operator's edit). */
    public void labels(Map<String, String> newLabels) {
        this.labels.clear();
        this.labels.putAll(newLabels);
    }

    /** Stops placement here; running containers stay. */
    public void cordon() {
        this.cordoned = true;
    }

    /** Allows placement again and ends a drain. */
    public void uncordon() {
        this.cordoned = false;
        this.draining = false;
    }

    /** Cordons the host and marks it draining: its containers are to be placed elsewhere. */
    public void drain() {
        this.cordoned = true;
        this.draining = true;
    }

    /** Ready and not cordoned: new containers may be placed here. */
    public boolean acceptsContainers() {
        return state == HostState.READY && !cordoned;
    }

    public boolean cordoned() { return cordoned; }
    public boolean draining() { return draining; }
    public String id() { return id; }
    public String name() { return name; }
    public String address() { return address; }
    public String daemonVersion() { return daemonVersion; }
    public int cpus() { return cpus; }
    public long memoryBytes() { return memoryBytes; }
    public long memoryUsedBytes() { return memoryUsedBytes; }
    public double cpuLoad() { return cpuLoad; }
    public Map<String, String> labels() { return Map.copyOf(labels); }
    public Set<String> imageIds() { return Set.copyOf(imageIds); }
    public HostState state() { return state; }
    public Instant registeredAt() { return registeredAt; }
    public Instant lastHeartbeat() { return lastHeartbeat; }
}
