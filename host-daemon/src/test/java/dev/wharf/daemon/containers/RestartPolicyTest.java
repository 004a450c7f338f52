package dev.wharf.daemon.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.daemon.api.ApiException;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    private static RestartPolicy policy(String name, int max) throws Exception {
        return RestartPolicy.from(new ObjectMapper().readTree(
                "{\"RestartPolicy\":{\"Name\":\"" + name + "\",\"MaximumRetryCount\":" + max + "}}"));
    }

    @Test
    void whoRestarts() throws Exception {
        assertFalse(policy("no", 0).shouldRestart(1, 0, false));
        assertTrue(policy("always", 0).shouldRestart(0, 99, false));
        assertFalse(policy("always", 0).shouldRestart(0, 0, true), "docker stop/kill wins");
        assertTrue(policy("unless-stopped", 0).shouldRestart(0, 0, false));
        assertTrue(policy("on-failure", 2).shouldRestart(1, 1, false));
        assertFalse(policy("on-failure", 2).shouldRestart(1, 2, false), "retries used up");
        assertFalse(policy("on-failure", 0).shouldRestart(0, 0, false), "a clean exit is not a failure");
        assertTrue(policy("", 0).isNone());
    }

    @Test
    void backoffDoublesFrom100msAndResetsAfterALongRun() {
        assertEquals(100, RestartPolicy.nextDelay(0, 50));
        assertEquals(200, RestartPolicy.nextDelay(100, 50));
        assertEquals(400, RestartPolicy.nextDelay(200, 9_999));
        assertEquals(100, RestartPolicy.nextDelay(400, 10_000));
        assertEquals(60_000, RestartPolicy.nextDelay(40_000, 10));
    }

    @Test
    void badPoliciesAreRefused() {
        assertThrows(ApiException.class, () -> policy("sometimes", 0));
        assertThrows(ApiException.class, () -> policy("always", 3));
    }

    @Test
    void logOptions() throws Exception {
        var s = LogSettings.from(new ObjectMapper().readTree("{\"LogConfig\":{\"Type\":\"json-file\",\"Config\":{\"max-size\":\"10m\",\"max-file\":\"3\"}}}"));
        assertEquals(10L << 20, s.maxSize());
        assertEquals(3, s.maxFile());
        assertEquals(512, LogSettings.parseSize("512"));
        assertEquals(1536, LogSettings.parseSize("1.5k"));
        var e = assertThrows(ApiException.class, () -> LogSettings.parseSize("lots"));
        assertTrue(e.getMessage().contains("invalid max-size"));
        assertThrows(ApiException.class, () -> LogSettings.from(new ObjectMapper().readTree("{\"LogConfig\":{\"Type\":\"syslog\"}}")));
    }
}
