package dev.wharf.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApiVersionTest {
    @Test
    void stripsTheVersionPrefix() {
        ApiVersion.Split s = ApiVersion.split("/v1.41/containers/json");
        assertEquals("1.41", s.version());
        assertEquals("/containers/json", s.path());
    }

    @Test
    void unversionedPathsPassThrough() {
        ApiVersion.Split s = ApiVersion.split("/_ping");
        assertNull(s.version());
        assertEquals("/_ping", s.path());
    }

    @Test
    void tooNewVersionNamesTheMaximum() {
        ApiException e = assertThrows(ApiException.class, () -> ApiVersion.split("/v1.99/info"));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("Maximum supported API version is " + ApiVersion.MAX), e.getMessage());
    }

    @Test
    void tooOldVersionNamesTheMinimum() {
        ApiException e = assertThrows(ApiException.class, () -> ApiVersion.split("/v1.12/info"));
        assertTrue(e.getMessage().contains("Minimum supported API version is " + ApiVersion.MIN), e.getMessage());
    }

    @Test
    void comparesNumerically() {
        assertTrue(ApiVersion.compare("1.9", "1.24") < 0);
        assertTrue(ApiVersion.compare("1.43", "1.43") == 0);
    }
}
