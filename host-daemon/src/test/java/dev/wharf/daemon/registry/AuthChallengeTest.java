package dev.wharf.daemon.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void parsesABearerChallengeWithCommasInsideQuotes() {
        List<AuthChallenge> cs = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:samalba/my-app:pull,push\"");
        assertEquals(1, cs.size());
        AuthChallenge c = cs.get(0);
        assertEquals("bearer", c.scheme());
        assertEquals("https://auth.docker.io/token", c.param("realm"));
        assertEquals("registry.docker.io", c.param("service"));
        assertEquals("repository:samalba/my-app:pull,push", c.param("scope"));
    }

    @Test
    void parsesBasicAndSeveralChallengesAndEscapes() {
        List<AuthChallenge> cs = AuthChallenge.parse("Basic realm=\"wharf-test\", Bearer realm=\"http://h/t?x=1\", "
                + "error=\"insufficient_scope\", Newauth realm=\"a \\\"quoted\\\" b\", type=1");
        assertEquals(List.of("basic", "bearer", "newauth"), cs.stream().map(AuthChallenge::scheme).toList());
        assertEquals("wharf-test", cs.get(0).param("realm"));
        assertEquals("http://h/t?x=1", cs.get(1).param("realm"));
        assertEquals("insufficient_scope", cs.get(1).param("error"));
        assertEquals("a \"quoted\" b", cs.get(2).param("realm"));
        assertEquals("1", cs.get(2).param("type"));
    }

    @Test
    void toleratesCaseSpacesAndEmptyHeaders() {
        List<AuthChallenge> cs = AuthChallenge.parse("  BASIC   Realm = \"R\"  ");
        assertEquals("basic", cs.get(0).scheme());
        assertEquals("R", cs.get(0).param("realm"));
        assertTrue(AuthChallenge.parse("").isEmpty());
        assertTrue(AuthChallenge.parse(null).isEmpty());
    }
}
