package dev.wharf.controlplane.domain.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token for the REST API, issued at login (or by an admin for automation). Only its hash is kept.
 * It carries the user's name, not the role: a changed role takes effect on the next call.
 */
@Entity
@Table(name = "api_token")
@NamedQuery(name = "ApiToken.findByHash", query = "select t from ApiToken t where t.tokenHash = :hash")
public class ApiToken {

    @Id
    private String id;

    @Column(name = "token_hash", nullable = false, unique = true)
    private String tokenHash;

    @Column(nullable = false)
    private String username;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** Null means the token does not expire. */
    @Column(name = "expires_at")
    private Instant expiresAt;

    protected ApiToken() {
        // for JPA
    }

    public ApiToken(String id, String tokenHash, String username, Instant createdAt, Instant expiresAt) {
        this.id = Objects.requireNonNull(id);
        this.tokenHash = Objects.requireNonNull(tokenHash);
        this.username = Objects.requireNonNull(username);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.expiresAt = expiresAt;
    }

    public boolean isValidAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }

    public String id() { return id; }
    public String username() { return username; }
    public Instant createdAt() { return createdAt; }
    public Instant expiresAt() { return expiresAt; }
}
