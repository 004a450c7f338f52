package dev.wharf.daemon.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens by (realm, service, scope, user), kept until they expire. A token is dropped a few seconds
 * early so a request never starts with a token that lapses on the way.
 */
public final class TokenCache {
    /** The token spec's default lifetime when the server omits {@code expires_in}. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
    private static final Duration MARGIN = Duration.ofSeconds(5);

    private record Entry(String token, Instant expires) {
    }

    private final ConcurrentHashMap<String, Entry> tokens = new ConcurrentHashMap<>();
    private final Clock clock;

    public TokenCache(Clock clock) {
        this.clock = clock;
    }

    public TokenCache() {
        this(Clock.systemUTC());
    }

    public static String key(String realm, String service, String scope, String user) {
        return realm + "|" + service + "|" + scope + "|" + (user == null ? "" : user);
    }

    public Optional<String> get(String key) {
        Entry e = tokens.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(e.expires)) {
            tokens.remove(key, e);
            return Optional.empty();
        }
        return Optional.of(e.token);
    }

    /**
     * @param expiresIn seconds, as the token endpoint says; 0 or negative means the default of 60 s
     * @param issuedAt  when the server issued it, or null for now
     */
    public void put(String key, String token, long expiresIn, Instant issuedAt) {
        Duration life = expiresIn > 0 ? Duration.ofSeconds(expiresIn) : DEFAULT_LIFETIME;
        Instant start = issuedAt != null && issuedAt.isBefore(clock.instant()) ? issuedAt : clock.instant();
        Instant expires = start.plus(life).minus(life.compareTo(MARGIN.multipliedBy(2)) > 0 ? MARGIN : Duration.ZERO);
        tokens.put(key, new Entry(token, expires));
    }

    public void invalidate(String key) {
        tokens.remove(key);
    }
}
