package dev.wharf.model.agent;

/**
 * One container as a daemon sees it on its host, reported in every {@link Heartbeat}.
 *
 * @param id         the container id; for containers the control plane asked for, the id from
 *                   {@link DesiredContainer#id()}
 * @param name       the container name
 * @param image      the image reference the container was created from
 * @param state      Docker's state word: {@code created}, {@code running}, {@code paused}, {@code restarting},
 *                   {@code exited}, {@code dead}
 * @param exitCode   the exit code once the container has exited, else null
 * @param ipAddress  the container's address on its network, or null
 * @param generation the {@link DesiredContainer#generation()} the daemon last applied (0 if none)
 */
public record ObservedContainer(
        String id,
        String name,
        String image,
        String state,
        Integer exitCode,
        String ipAddress,
        long generation) {
}
