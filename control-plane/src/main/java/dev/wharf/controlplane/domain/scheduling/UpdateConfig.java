package dev.wharf.controlplane.domain.scheduling;

/**
 * How a service's replicas move to a new spec (Swarm's {@code UpdateConfig}).
 *
 * @param parallelism     replicas replaced at a time (default 1)
 * @param delaySeconds    wait between batches (default 0)
 * @param order           {@code stop-first} (default: the old replica goes, then the new one starts) or
 *                        {@code start-first} (the new one runs before the old one is removed)
 * @param failureAction   {@code rollback} (default: back to the previous spec) or {@code pause}
 * @param deadlineSeconds a new replica that does not run within this many seconds failed (default 60)
 */
public record UpdateConfig(Integer parallelism, Integer delaySeconds, String order, String failureAction,
                           Integer deadlineSeconds) {

    public static final UpdateConfig DEFAULT = new UpdateConfig(1, 0, "stop-first", "rollback", 60);

    public UpdateConfig {
        parallelism = parallelism == null ? 1 : parallelism;
        delaySeconds = delaySeconds == null ? 0 : delaySeconds;
        order = order == null ? "stop-first" : order;
        failureAction = failureAction == null ? "rollback" : failureAction;
        deadlineSeconds = deadlineSeconds == null ? 60 : deadlineSeconds;
    }

    /** Why the config is unusable, or null. */
    public String problem() {
        if (parallelism < 1 || parallelism > 1000) {
            return "update.parallelism must be 1..1000";
        }
        if (delaySeconds < 0 || delaySeconds > 3600) {
            return "update.delay must be 0..3600 seconds";
        }
        if (!order.equals("stop-first") && !order.equals("start-first")) {
            return "update.order must be stop-first or start-first";
        }
        if (!failureAction.equals("rollback") && !failureAction.equals("pause")) {
            return "update.failureAction must be rollback or pause";
        }
        if (deadlineSeconds < 1 || deadlineSeconds > 3600) {
            return "update.deadline must be 1..3600 seconds";
        }
        return null;
    }

    public boolean startFirst() {
        return order.equals("start-first");
    }
}
