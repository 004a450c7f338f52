package dev.wharf.controlplane.application;

import dev.wharf.controlplane.domain.account.AccountRepository;
import dev.wharf.controlplane.domain.account.ApiToken;
import dev.wharf.controlplane.domain.account.Caller;
import dev.wharf.controlplane.domain.account.Role;
import dev.wharf.controlplane.domain.account.UserAccount;
import dev.wharf.controlplane.domain.shared.AuthenticationException;
import dev.wharf.controlplane.domain.shared.ConflictException;
import dev.wharf.controlplane.domain.shared.Secrets;
import dev.wharf.controlplane.domain.shared.Validation;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Users, passwords and API tokens. Passwords are hashed with PBKDF2 (Jakarta Security's
 * {@link Pbkdf2PasswordHash}); tokens are random and stored as SHA-256.
 */
@ApplicationScoped
@Transactional
public class AccountService {

    /** A token from {@code POST /api/v1/auth/login} lasts one working day. */
    public static final Duration LOGIN_TOKEN_LIFETIME = Duration.ofHours(12);

    @Inject
    AccountRepository accounts;

    @Inject
    Pbkdf2PasswordHash passwordHash;

    /** A freshly issued token; the plain value is never stored. */
    public record IssuedToken(String token, Instant expiresAt) {
    }

    @PostConstruct
    void configureHash() {
        passwordHash.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
                "Pbkdf2PasswordHash.Iterations", "210000",
                "Pbkdf2PasswordHash.SaltSizeBytes", "32",
                "Pbkdf2PasswordHash.KeySizeBytes", "32"));
    }

    public List<UserAccount> listUsers() {
        return accounts.findAllUsers();
    }

    public boolean hasUsers() {
        return accounts.countUsers() > 0;
    }

    public UserAccount createUser(String username, String password, Role role) {
        new Validation()
                .notBlank(username, "username")
                .maxLength(username, 255, "username")
                .require(username == null || username.matches("[A-Za-z0-9][A-Za-z0-9_.@-]*"), "username",
                        "may hold only letters, digits and _ . @ -, and must start with a letter or digit")
                .require(password != null && password.length() >= 12, "password", "must be at least 12 characters")
                .require(role != null, "role", "must be admin, operator or viewer")
                .check();
        if (accounts.findUser(username).isPresent()) {
            throw new ConflictException("user '" + username + "' already exists");
        }
        UserAccount user = new UserAccount(UUID.randomUUID().toString(), username,
                passwordHash.generate(password.toCharArray()), role, Instant.now());
        accounts.store(user);
        return user;
    }

    /** The user if the password is right; empty for an unknown user or a wrong password alike. */
    public Optional<Caller> authenticate(String username, String password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        return accounts.findUser(username)
                .filter(u -> passwordHash.verify(password.toCharArray(), u.passwordHash()))
                .map(u -> new Caller(u.username(), u.role()));
    }

    /** Checks the password and issues a bearer token. */
    public IssuedToken login(String username, String password) {
        new Validation().notBlank(username, "username").notBlank(password, "password").check();
        Caller caller = authenticate(username, password)
                .orElseThrow(() -> new AuthenticationException("wrong username or password"));
        String token = Secrets.newToken();
        Instant now = Instant.now();
        Instant expiresAt = now.plus(LOGIN_TOKEN_LIFETIME);
        accounts.store(new ApiToken(UUID.randomUUID().toString(), Secrets.hashToken(token), caller.username(),
                now, expiresAt));
        return new IssuedToken(token, expiresAt);
    }

    /** A named API token just created; the only time its value is seen. */
    public record IssuedApiToken(ApiToken token, String value) {
    }

    /**
     * Creates a named token for the caller's own automation; it acts with the caller's role.
     *
     * @param expiresInDays lifetime in days, or null for a token that does not expire
     */
    public IssuedApiToken createApiToken(Caller caller, String name, Integer expiresInDays) {
        new Validation()
                .notBlank(name, "name")
                .maxLength(name, 255, "name")
                .require(expiresInDays == null || (expiresInDays >= 1 && expiresInDays <= 3650), "expiresInDays",
                        "must be between 1 and 3650")
                .check();
        String value = Secrets.newToken();
        Instant now = Instant.now();
        ApiToken token = ApiToken.forAutomation(UUID.randomUUID().toString(), Secrets.hashToken(value),
                caller.username(), name, now, expiresInDays == null ? null : now.plus(Duration.ofDays(expiresInDays)));
        accounts.store(token);
        return new IssuedApiToken(token, value);
    }

    /** The caller's API tokens; an admin may ask for another user's ({@code user}) or everyone's ({@code *}). */
    public List<ApiToken> listApiTokens(Caller caller, String user) {
        if (user == null || user.equals(caller.username())) {
            return accounts.findApiTokens(caller.username());
        }
        if (caller.role() != Role.ADMIN) {
            throw new dev.wharf.controlplane.domain.shared.ForbiddenException("only an admin may list other users' tokens");
        }
        return accounts.findApiTokens(user.equals("*") ? null : user);
    }

    /** Revokes one of the caller's API tokens; an admin may revoke anyone's. */
    public void revokeApiToken(Caller caller, String id) {
        ApiToken token = accounts.findToken(id).filter(t -> t.kind().equals("api"))
                .filter(t -> t.username().equals(caller.username()) || caller.role() == Role.ADMIN)
                .orElseThrow(() -> new dev.wharf.controlplane.domain.shared.NotFoundException("token", id));
        accounts.remove(token);
        resolved.clear();
    }

    /** Who a bearer token belongs to, if it is valid now. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Caller> resolveToken(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        String hash = Secrets.hashToken(token);
        CachedCaller cached = resolved.get(hash);
        if (cached != null && now.isBefore(cached.until())) {
            return Optional.of(cached.caller());
        }
        Optional<ApiToken> found = accounts.findTokenByHash(hash).filter(t -> t.isValidAt(now));
        Optional<Caller> caller = found.flatMap(t -> accounts.findUser(t.username()))
                .map(u -> new Caller(u.username(), u.role()));
        if (caller.isPresent()) {
            if (resolved.size() > 10_000) {
                resolved.clear();
            }
            Instant until = now.plus(TOKEN_CACHE);
            Instant expires = found.get().expiresAt();
            resolved.put(hash, new CachedCaller(caller.get(), expires != null && expires.isBefore(until) ? expires : until));
        }
        return caller;
    }

    /** How long a resolved token is trusted without asking the database again (a revocation clears it at once). */
    private static final Duration TOKEN_CACHE = Duration.ofSeconds(5);

    private record CachedCaller(Caller caller, Instant until) {
    }

    private final java.util.concurrent.ConcurrentHashMap<String, CachedCaller> resolved =
            new java.util.concurrent.ConcurrentHashMap<>();
}
