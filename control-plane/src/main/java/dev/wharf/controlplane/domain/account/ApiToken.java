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
@NamedQuery(name = "ApiToken.findApiTokensOf",
        query = "select t from ApiToken t where t.kind = 'api' and t.username = :username order by t.createdAt desc")
@NamedQuery(name = "ApiToken.findAllApiTokens",
        query = "select t from ApiToken t where t.kind = 'api' order by t.createdAt desc")
public class ApiToken {

    @Id
    private String id;

    @Column(name = "token_hash", nullable = false, unique = true)
    private String tokenHash;

    @Column(nullable = false)
    private String username;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** {@code login} for tokens from the login call, {@code api} for named tokens users create for automation. */
    @Column(nullable = false)
    private String kind = "login";

    /** A user-given name, for API tokens. */
    private String name;

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

    /** A named API token for automation. */
    public static ApiToken forAutomation(String id, String tokenHash, String username, String name, Instant createdAt,
                                         Instant expiresAt) {
        ApiToken token = new ApiToken(id, tokenHash, username, createdAt, expiresAt);
        token.kind = "api";
        token.name = name;
        return token;
    }

    public boolean isValidAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }

    public String id() { return id; }
    public String username() { return username; }
    public Instant createdAt() { return createdAt; }
    public Instant expiresAt() { return expiresAt; }
    public String name() { return name; }
    public String kind() { return kind; }
}
