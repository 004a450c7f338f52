package dev.wharf.daemon.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void keepsATokenUntilShortlyBeforeItExpires() {
        ManualClock clock = new ManualClock();
        TokenCache cache = new TokenCache(clock);
        String key = TokenCache.key("https://auth/token", "reg", "repository:a:pull", "u");
        cache.put(key, "t1", 300, null);
        assertEquals(Optional.of("t1"), cache.get(key));
        clock.now = clock.now.plus(Duration.ofSeconds(290));
        assertEquals(Optional.of("t1"), cache.get(key));
        clock.now = clock.now.plus(Duration.ofSeconds(6));
        assertTrue(cache.get(key).isEmpty(), "dropped 5 s before expiry");
    }

    @Test
    void defaultsTo60SecondsAndCountsFromIssuedAt() {
        ManualClock clock = new ManualClock();
        TokenCache cache = new TokenCache(clock);
        cache.put("k", "t", 0, null);
        clock.now = clock.now.plusSeconds(54);
        assertEquals(Optional.of("t"), cache.get("k"));
        clock.now = clock.now.plusSeconds(2);
        assertTrue(cache.get("k").isEmpty());

        cache.put("k2", "t2", 100, clock.now.minusSeconds(90));
        assertEquals(Optional.of("t2"), cache.get("k2"), "issued 90 s ago with 100 s of life: 5 s left");
        cache.put("k3", "t3", 100, clock.now.minusSeconds(96));
        assertTrue(cache.get("k3").isEmpty(), "issued 96 s ago with 100 s of life: too close to expiry");
    }

    @Test
    void keysSeparateScopesAndUsers() {
        TokenCache cache = new TokenCache(new ManualClock());
        cache.put(TokenCache.key("r", "s", "repository:a:pull", "alice"), "ta", 60, null);
        assertTrue(cache.get(TokenCache.key("r", "s", "repository:a:pull", "bob")).isEmpty());
        assertTrue(cache.get(TokenCache.key("r", "s", "repository:a:pull,push", "alice")).isEmpty());
    }
}
