package dev.wharf.controlplane.infrastructure.scheduling;

import dev.wharf.controlplane.application.scheduling.FailoverService;
import dev.wharf.controlplane.application.scheduling.PlacementNeeded;
import dev.wharf.controlplane.application.scheduling.PlacementService;
import dev.wharf.controlplane.application.scheduling.ServiceReconciler;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The scheduler's loop, one pass at a time: every second (and right after a change asks for it) it moves work off
 * lost hosts, reconciles services, starts drain replacements, retires replaced containers, then places pending
 * containers in batches of {@link #BATCH} until none is left that fits. Each step is its own transaction, so a
 * failed step (e.g. a concurrent heartbeat changed a row) only delays that step to the next pass.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchedulingLoop {

    private static final Logger LOG = Logger.getLogger(SchedulingLoop.class.getName());
    static final int BATCH = Integer.getInteger("wharf.scheduler.batch", 10_000);

    private final ReentrantLock running = new ReentrantLock();
    private final AtomicBoolean kicked = new AtomicBoolean();

    @Inject
    PlacementService placement;

    @Inject
    FailoverService failover;

    @Inject
    ServiceReconciler services;

    @Resource
    ManagedExecutorService executor;

    // NOT_SUPPORTED on the method itself (as in HostLivenessMonitor): each step must be its own transaction, and a
    // failed step must not roll back a timer transaction (two failed deliveries and the container drops the timer)
    @Schedule(second = "*", minute = "*", hour = "*", persistent = false, info = "scheduler")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void tick() {
        pass();
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void kick(@Observes(during = TransactionPhase.AFTER_SUCCESS) PlacementNeeded event) {
        if (kicked.compareAndSet(false, true)) {
            executor.execute(this::pass);
        }
    }

    /** Runs one full pass unless one is already running (that one sees the same state). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void pass() {
        if (!running.tryLock()) {
            return;
        }
        try {
            kicked.set(false);
            step("lost hosts", failover::replaceLostWork);
            step("services", services::reconcileAll);
            step("drains", failover::progressDrains);
            step("replacements", failover::completeReplacements);
            int unplaced = 0; // containers that fit nowhere stay in the queue: later batches skip past them
            for (int i = 0; i < 1000; i++) {
                PlacementService.PassResult r;
                try {
                    r = placement.placePending(unplaced, BATCH);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "placement pass failed; retrying on the next tick", e);
                    break;
                }
                if (r.considered() < BATCH) {
                    break;
                }
                unplaced += r.considered() - r.placed();
            }
        } finally {
            running.unlock();
        }
    }

    private static void step(String what, java.util.function.IntSupplier s) {
        try {
            s.getAsInt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "scheduling step '" + what + "' failed; retrying on the next tick", e);
        }
    }
}
