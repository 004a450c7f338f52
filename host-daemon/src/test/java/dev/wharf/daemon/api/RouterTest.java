package dev.wharf.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RouterTest {
    private final Handler list = ex -> { };
    private final Handler inspect = ex -> { };
    private final Handler start = ex -> { };

    private Router router() {
        return new Router()
                .get("/images/json", list)
                .get("/images/{name*}/json", inspect)
                .post("/containers/{id}/start", start);
    }

    @Test
    void exactRoutesWinOverGreedyOnes() {
        assertSame(list, router().match("GET", "/images/json").handler());
    }

    @Test
    void greedyParameterKeepsSlashesOfImageNames() {
        Router.Match m = router().match("GET", "/images/127.0.0.1:5000/ns/app:1.2/json");
        assertSame(inspect, m.handler());
        assertEquals("127.0.0.1:5000/ns/app:1.2", m.params().get("name"));
    }

    @Test
    void segmentParameterMatchesOneSegment() {
        Router.Match m = router().match("POST", "/containers/abc123/start");
        assertEquals("abc123", m.params().get("id"));
        assertThrows(ApiException.class, () -> router().match("POST", "/containers/a/b/start"));
    }

    @Test
    void unknownPathIs404PageNotFound() {
        ApiException e = assertThrows(ApiException.class, () -> router().match("GET", "/nope"));
        assertEquals(404, e.status());
        assertEquals("page not found", e.getMessage());
    }

    @Test
    void knownPathWithWrongMethodIs405() {
        ApiException e = assertThrows(ApiException.class, () -> router().match("DELETE", "/containers/x/start"));
        assertEquals(405, e.status());
    }

    @Test
    void headFallsBackToGet() {
        assertSame(list, router().match("HEAD", "/images/json").handler());
    }
}
