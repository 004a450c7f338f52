package dev.wharf.controlplane.domain.volume;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A named volume wanted on one host. Volumes are local to their host, as in Docker. */
@Entity
@Table(name = "volume")
@NamedQuery(name = "Volume.findAll", query = "select v from Volume v order by v.name, v.hostId")
@NamedQuery(name = "Volume.findByHost", query = "select v from Volume v where v.hostId = :hostId order by v.name")
@NamedQuery(name = "Volume.findByHostAndName",
        query = "select v from Volume v where v.hostId = :hostId and v.name = :name")
public class Volume {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Id
    private String id;

    @Column(nullable = false)
    private String name;

    @Column(name = "host_id", nullable = false)
    private String hostId;

    @Column(nullable = false)
    private String driver;

    @Column(name = "labels_json", nullable = false, length = 8192)
    private String labelsJson;

    /** {@code present} or {@code removed}. */
    @Column(name = "desired_state", nullable = false)
    private String desiredState;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    protected Volume() {
        // for JPA
    }

    public Volume(String id, String name, String hostId, String driver, Map<String, String> labels, String createdBy,
                  Instant now) {
        this.id = Objects.requireNonNull(id);
        this.name = Objects.requireNonNull(name);
        this.hostId = Objects.requireNonNull(hostId);
        this.driver = Objects.requireNonNull(driver);
        try {
            this.labelsJson = JSON.writeValueAsString(labels == null ? Map.of() : labels);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("labels cannot be written as JSON", e);
        }
        this.desiredState = "present";
        this.createdBy = Objects.requireNonNull(createdBy);
        this.createdAt = Objects.requireNonNull(now);
    }

    public String id() { return id; }
    public String name() { return name; }
    public String hostId() { return hostId; }
    public String driver() { return driver; }
    public String desiredState() { return desiredState; }
    public Instant createdAt() { return createdAt; }
    public String createdBy() { return createdBy; }

    public Map<String, String> labels() {
        try {
            return JSON.readValue(labelsJson, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored volume labels are not JSON", e);
        }
    }
}
