package dev.wharf.controlplane.domain.scheduling;

import java.util.Locale;

/**
 * How feasible hosts are ranked (Nomad's {@code SchedulerAlgorithm}): {@code spread} puts each container on
 * the least-loaded host, so a lost host takes few containers with it; {@code binpack} fills the most-loaded host
 * that still fits, so whole hosts stay free for big containers or can be switched off.
 */
public enum SchedulerAlgorithm {
    SPREAD, BINPACK;

    /** {@code spread} or {@code binpack}; anything else is refused. */
    public static SchedulerAlgorithm parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the scheduler algorithm must be spread or binpack, not '" + text + "'");
        }
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
