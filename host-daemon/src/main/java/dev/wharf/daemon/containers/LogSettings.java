package dev.wharf.daemon.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.daemon.api.ApiException;
import java.util.Locale;

/**
 * {@code HostConfig.LogConfig}: the json-file options Docker users pass ({@code max-size}, {@code max-file}),
 * applied to conmon's k8s-file log. Other drivers are refused rather than silently ignored.
 */
record LogSettings(long maxSize, int maxFile) {

    static LogSettings from(JsonNode hostConfig) {
        JsonNode lc = hostConfig.path("LogConfig");
        String type = lc.path("Type").asText("");
        if (!type.isEmpty() && !type.equals("json-file") && !type.equals("k8s-file") && !type.equals("local")) {
            throw ApiException.badRequest("logging driver \"" + type + "\" is not supported: use json-file");
        }
        JsonNode cfg = lc.path("Config");
        long maxSize = -1;
        int maxFile = 1;
        for (var it = cfg.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("max-size") && !k.equals("max-file")) {
                throw ApiException.badRequest("unknown log opt '" + k + "' for json-file log driver");
            }
        }
        if (cfg.hasNonNull("max-size")) {
            maxSize = parseSize(cfg.get("max-size").asText());
        }
        if (cfg.hasNonNull("max-file")) {
            try {
                maxFile = Integer.parseInt(cfg.get("max-file").asText());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid max-file \"" + cfg.get("max-file").asText() + "\": not a number");
            }
            if (maxFile < 1) {
                throw ApiException.badRequest("max-file cannot be less than 1");
            }
            if (maxFile > 1 && maxSize <= 0) {
                throw ApiException.badRequest("max-file can only be used together with max-size");
            }
        }
        return new LogSettings(maxSize, maxFile);
    }

    /** go-units RAMInBytes: {@code 10m}, {@code 1g}, {@code 512k}, {@code 100} (bytes); binary multiples. */
    static long parseSize(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        var m = java.util.regex.Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?b)?$").matcher(v);
        if (!m.matches()) {
            throw ApiException.badRequest("invalid max-size \"" + s + "\": expected a size such as 10m");
        }
        double n = Double.parseDouble(m.group(1));
        int pow = "bkmgtp".indexOf(m.group(2).isEmpty() ? "b" : m.group(2));
        long size = (long) (n * Math.pow(1024, pow));
        if (size <= 0) {
            throw ApiException.badRequest("invalid max-size \"" + s + "\": must be positive");
        }
        return size;
    }

    /**
     * conmon's own cap (0 = none), a bound for when the daemon is not there to rotate. conmon enforces it by
     * truncating, so it must stay well above what a burst can write before the daemon's rotation catches up:
     * the whole budget, but at least 32 MiB.
     */
    long conmonCap() {
        return maxSize <= 0 ? 0 : Math.max(maxSize * Math.max(1, maxFile), 32L << 20);
    }
}
