package dev.wharf.controlplane.domain.idempotency;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A create call made with an {@code Idempotency-Key}: while it runs, {@code status} is 0 (in progress); once it
 * succeeded, the answer is kept (its body encrypted, as it may hold a secret such as a new token) so that a retry
 * gets the same answer instead of a second object.
 */
@Entity
@Table(name = "idempotency_record")
@IdClass(IdempotencyRecord.Key.class)
public class IdempotencyRecord {

    /** The composite key: the same key from two users is two records. */
    public record Key(String username, String key) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    private String username;

    @Id
    @Column(name = "idem_key")
    private String key;

    /** {@code METHOD path} of the call, so a key reused for another call is refused. */
    @Column(nullable = false, length = 1024)
    private String request;

    @Column(nullable = false)
    private int status;

    @Column(length = 1024)
    private String location;

    @Column(name = "response_body", length = 1_000_000)
    private String sealedBody;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected IdempotencyRecord() {
        // for JPA
    }

    public IdempotencyRecord(String username, String key, String request, Instant now) {
        this.username = Objects.requireNonNull(username);
        this.key = Objects.requireNonNull(key);
        this.request = Objects.requireNonNull(request);
        this.createdAt = Objects.requireNonNull(now);
    }

    public boolean inProgress() {
        return status == 0;
    }

    public void completed(int status, String location, String sealedBody) {
        this.status = status;
        this.location = location;
        this.sealedBody = sealedBody;
    }

    public String username() { return username; }
    public String key() { return key; }
    public String request() { return request; }
    public int status() { return status; }
    public String location() { return location; }
    public String sealedBody() { return sealedBody; }
    public Instant createdAt() { return createdAt; }
}
