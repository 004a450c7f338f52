package dev.wharf.daemon.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.daemon.api.ApiException;

/**
 * {@code HostConfig.RestartPolicy}: {@code no}, {@code always}, {@code unless-stopped}, {@code on-failure[:N]}.
 * Restarts wait 100 ms, doubling after each restart that ran less than 10 s (at most a minute), as dockerd's
 * restartmanager does.
 */
public record RestartPolicy(String name, int maxRetries) {
    static final long FIRST_DELAY_MS = 100;
    static final long MAX_DELAY_MS = 60_000;
    static final long RESET_AFTER_MS = 10_000;

    public static RestartPolicy from(JsonNode hostConfig) {
        JsonNode rp = hostConfig.path("RestartPolicy");
        String name = rp.path("Name").asText("");
        int max = rp.path("MaximumRetryCount").asInt(0);
        switch (name) {
            case "", "no" -> {
                if (max != 0) {
                    throw ApiException.badRequest("invalid restart policy: maximum retry count can only be used with 'on-failure'");
                }
                return new RestartPolicy("no", 0);
            }
            case "always", "unless-stopped" -> {
                if (max != 0) {
                    throw ApiException.badRequest("invalid restart policy: maximum retry count can only be used with 'on-failure'");
                }
                return new RestartPolicy(name, 0);
            }
            case "on-failure" -> {
                if (max < 0) {
                    throw ApiException.badRequest("invalid restart policy: maximum retry count cannot be negative");
                }
                return new RestartPolicy(name, max);
            }
            default -> throw ApiException.badRequest("invalid restart policy: unknown policy '" + name
                    + "'; use one of 'no', 'always', 'unless-stopped', or 'on-failure'");
        }
    }

    boolean isNone() {
        return name.equals("no");
    }

    /** Whether an exit with {@code exitCode} leads to a restart. */
    public boolean shouldRestart(int exitCode, int restartCount, boolean manuallyStopped) {
        if (manuallyStopped) {
            return false;
        }
        return switch (name) {
            case "always", "unless-stopped" -> true;
            case "on-failure" -> exitCode != 0 && (maxRetries == 0 || restartCount < maxRetries);
            default -> false;
        };
    }

    /** The next delay after one of {@code previousMs} for a run that lasted {@code ranMs}. */
    static long nextDelay(long previousMs, long ranMs) {
        if (previousMs <= 0 || ranMs >= RESET_AFTER_MS) {
            return FIRST_DELAY_MS;
        }
        return Math.min(MAX_DELAY_MS, previousMs * 2);
    }
}
