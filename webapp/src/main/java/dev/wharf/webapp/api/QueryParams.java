package dev.wharf.webapp.api;

import dev.wharf.controlplane.domain.shared.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Query parameters parsed by hand, so a bad value is a 400 naming the parameter (Jakarta REST would answer a
 * failed {@code int} conversion with a bare 404).
 */
final class QueryParams {

    private QueryParams() {
    }

    static int intParam(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw InvalidInputException.of(name, "must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw InvalidInputException.of(name, "must be a whole number, not '" + value + "'");
        }
    }

    static boolean boolParam(String name, String value, boolean fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw InvalidInputException.of(name, "must be true or false, not '" + value + "'");
        };
    }

    /** Unix seconds or an RFC 3339 instant; null when absent. */
    static Long unixTimeParam(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException notANumber) {
            try {
                return Instant.parse(value.trim()).getEpochSecond();
            } catch (DateTimeParseException e) {
                throw InvalidInputException.of(name, "must be Unix seconds or an RFC 3339 time, not '" + value + "'");
            }
        }
    }
}
