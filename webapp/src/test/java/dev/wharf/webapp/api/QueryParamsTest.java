package dev.wharf.webapp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.controlplane.domain.shared.InvalidInputException;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void integersAreParsedWithinTheirRangeOrRefusedByName() {
        assertEquals(100, QueryParams.intParam("limit", null, 100, 1, 500));
        assertEquals(7, QueryParams.intParam("limit", "7", 100, 1, 500));
        InvalidInputException notANumber = assertThrows(InvalidInputException.class,
                () -> QueryParams.intParam("limit", "abc", 100, 1, 500));
        assertEquals("limit", notANumber.errors().get(0).field());
        assertTrue(notANumber.getMessage().contains("'abc'"));
        assertEquals("offset", assertThrows(InvalidInputException.class,
                () -> QueryParams.intParam("offset", "-1", 0, 0, Integer.MAX_VALUE)).errors().get(0).field());
        assertThrows(InvalidInputException.class, () -> QueryParams.intParam("limit", "99999999999", 100, 1, 500));
    }

    @Test
    void booleansAndTimesAreParsedOrRefusedByName() {
        assertTrue(QueryParams.boolParam("follow", "1", false));
        assertEquals("follow", assertThrows(InvalidInputException.class,
                () -> QueryParams.boolParam("follow", "maybe", false)).errors().get(0).field());
        assertNull(QueryParams.unixTimeParam("since", null));
        assertEquals(1767225600L, QueryParams.unixTimeParam("since", "2026-01-01T00:00:00Z"));
        assertEquals(42L, QueryParams.unixTimeParam("since", "42"));
        assertEquals("since", assertThrows(InvalidInputException.class,
                () -> QueryParams.unixTimeParam("since", "yesterday")).errors().get(0).field());
    }
}
