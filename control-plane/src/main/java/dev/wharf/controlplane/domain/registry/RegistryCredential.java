package dev.wharf.controlplane.domain.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * A login for a registry, used when hosts pull from it. The password is stored only encrypted
 * ({@code SecretBox}) and never leaves the control plane except towards a daemon doing a pull.
 */
@Entity
@Table(name = "registry_credential")
@NamedQuery(name = "RegistryCredential.findAll", query = "select r from RegistryCredential r order by r.registry")
@NamedQuery(name = "RegistryCredential.findByRegistry",
        query = "select r from RegistryCredential r where r.registry = :registry")
public class RegistryCredential {

    @Id
    private String id;

    @Column(nullable = false, unique = true)
    private String registry;

    @Column(nullable = false)
    private String username;

    /** The encrypted password. */
    @Column(nullable = false, length = 2048)
    private String secret;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    protected RegistryCredential() {
        // for JPA
    }

    public RegistryCredential(String id, String registry, String username, String sealedPassword, String createdBy,
                              Instant now) {
        this.id = Objects.requireNonNull(id);
        this.registry = Objects.requireNonNull(registry);
        this.username = Objects.requireNonNull(username);
        this.secret = Objects.requireNonNull(sealedPassword);
        this.createdBy = Objects.requireNonNull(createdBy);
        this.createdAt = Objects.requireNonNull(now);
    }

    public String id() { return id; }
    public String registry() { return registry; }
    public String username() { return username; }
    public String sealedPassword() { return secret; }
    public Instant createdAt() { return createdAt; }
    public String createdBy() { return createdBy; }
}
