package dev.wharf.controlplane.domain.host;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** A secret that lets a new host join the cluster. Only its hash is stored. */
@Entity
@Table(name = "join_token")
@NamedQuery(name = "JoinToken.findAll", query = "select t from JoinToken t")
public class JoinToken {

    @Id
    private String id;

    @Column(name = "token_hash", nullable = false, unique = true)
    private String tokenHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected JoinToken() {
        // for JPA
    }

    public JoinToken(String id, String tokenHash, Instant createdAt) {
        this.id = Objects.requireNonNull(id);
        this.tokenHash = Objects.requireNonNull(tokenHash);
        this.createdAt = Objects.requireNonNull(createdAt);
    }

    public String id() { return id; }
    public String tokenHash() { return tokenHash; }
    public Instant createdAt() { return createdAt; }
}
