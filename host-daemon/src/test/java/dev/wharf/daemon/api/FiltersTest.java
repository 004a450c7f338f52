package dev.wharf.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FiltersTest {
    @Test
    void acceptsBothEncodings() {
        assertEquals(Set.of("a=b"), Filters.parse("{\"label\":{\"a=b\":true}}").get("label"));
        assertEquals(Set.of("a=b"), Filters.parse("{\"label\":[\"a=b\"]}").get("label"));
    }

    @Test
    void labelFilterNeedsEveryLabel() {
        Filters f = Filters.parse("{\"label\":[\"a=b\",\"c\"]}");
        assertTrue(f.matchLabels("label", Map.of("a", "b", "c", "x")));
        assertFalse(f.matchLabels("label", Map.of("a", "b")));
        assertFalse(f.matchLabels("label", Map.of("a", "z", "c", "")));
    }

    @Test
    void unknownKeyIsRefusedByName() {
        ApiException e = assertThrows(ApiException.class, () -> Filters.parse("{\"bogus\":[\"1\"]}").allow("label"));
        assertEquals("invalid filter 'bogus'", e.getMessage());
    }

    @Test
    void malformedJsonIsA400() {
        ApiException e = assertThrows(ApiException.class, () -> Filters.parse("{nope"));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("invalid filters"), e.getMessage());
    }
}
