package dev.wharf.controlplane.application.scheduling;

import dev.wharf.controlplane.domain.scheduling.PlacementRepository;
import dev.wharf.controlplane.domain.scheduling.SchedulerAlgorithm;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;

/**
 * Cluster-wide scheduling settings: the ranking algorithm (a cluster setting, {@code spread} by default) and the
 * back-off for moving work off lost hosts (system properties {@code wharf.reschedule.delay-seconds}, default 5,
 * doubling per repeated move up to {@code wharf.reschedule.max-delay-seconds}, default 300; the first move after
 * a host is lost happens at once).
 */
@ApplicationScoped
@Transactional
public class SchedulingSettings {

    static final String ALGORITHM = "scheduler.algorithm";

    @Inject
    PlacementRepository repository;

    public SchedulerAlgorithm algorithm() {
        String value = repository.setting(ALGORITHM);
        return value == null ? SchedulerAlgorithm.SPREAD : SchedulerAlgorithm.parse(value);
    }

    public SchedulerAlgorithm algorithm(String name) {
        SchedulerAlgorithm a;
        try {
            a = SchedulerAlgorithm.parse(name == null ? "" : name);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("algorithm", "must be spread or binpack");
        }
        repository.setting(ALGORITHM, a.apiName());
        return a;
    }

    /** The delay before the {@code n}-th move of one container's work (n = 0: the first, at once). */
    public static Duration rescheduleDelay(int n) {
        if (n <= 0) {
            return Duration.ZERO;
        }
        long base = Long.getLong("wharf.reschedule.delay-seconds", 5);
        long max = Long.getLong("wharf.reschedule.max-delay-seconds", 300);
        long delay = base << Math.min(n - 1, 20);
        return Duration.ofSeconds(Math.min(delay, max));
    }
}
