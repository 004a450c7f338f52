package dev.wharf.controlplane.domain.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** One mutating call: who did what, when, from where, with what result. Never changed once written. */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(nullable = false)
    private String actor;

    @Column(nullable = false)
    private String action;

    @Column(length = 1024)
    private String target;

    @Column(nullable = false)
    private int result;

    @Column(name = "source_address")
    private String sourceAddress;

    protected AuditEvent() {
        // for JPA
    }

    /**
     * @param actor  a username, {@code host:<id>} for a daemon, or {@code anonymous}
     * @param action what was asked, e.g. {@code POST /api/v1/containers}
     * @param target the object acted on, if known
     * @param result the HTTP status of the answer
     */
    public AuditEvent(Instant occurredAt, String actor, String action, String target, int result,
                      String sourceAddress) {
        this.occurredAt = Objects.requireNonNull(occurredAt);
        this.actor = Objects.requireNonNull(actor);
        this.action = Objects.requireNonNull(action);
        this.target = target;
        this.result = result;
        this.sourceAddress = sourceAddress;
    }

    public Long id() { return id; }
    public Instant occurredAt() { return occurredAt; }
    public String actor() { return actor; }
    public String action() { return action; }
    public String target() { return target; }
    public int result() { return result; }
    public String sourceAddress() { return sourceAddress; }
}
