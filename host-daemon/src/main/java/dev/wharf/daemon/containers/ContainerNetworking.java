package dev.wharf.daemon.containers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.daemon.runtime.OciMount;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The seam between containers and networking. {@link #setUp} runs at every start, before the runtime creates
 * the container: it returns the network namespace the container joins (by path) and files to bind into it
 * (/etc/hosts, /etc/resolv.conf...). {@link #tearDown} runs after the container stopped and on removal; it must
 * be idempotent. The networking capability plugs it in through {@link Containers#networking(ContainerNetworking)}.
 * Keep per-container data in {@link Container#networkState()} (persisted with the container).
 */
public interface ContainerNetworking {

    /**
     * @param netnsPath the namespace to join, e.g. {@code <exec-root>/netns/<id>}; null means the host's
     *                  network ({@code --network host}): the bundle then lists no network namespace
     * @param files     bind mounts into the container (read-only or not), applied over the rootfs
     */
    record Attachment(String netnsPath, List<OciMount> files) {
    }

    /**
     * Called at create, after the checks of the container itself and before anything is made, so that bad network
     * settings (unknown network, {@code --ip} outside the subnet, a taken port) fail the create. If the create
     * fails later, {@link #removed} follows. {@code imageExposedPorts} are the image's EXPOSEd ports ("80/tcp").
     */
    default void validate(String id, String name, ObjectNode createBody, List<String> imageExposedPorts) throws IOException {
    }

    Attachment setUp(Container c) throws IOException;

    void tearDown(Container c) throws IOException;

    /**
     * The container was removed (it is no longer in the store): forget everything kept for it. Called once,
     * after {@link #tearDown}. The default tears down again, which an idempotent tearDown allows.
     */
    default void removed(Container c) throws IOException {
        tearDown(c);
    }

    /** {@code NetworkSettings} for inspect (and {@code Networks} for ps); the default shows none. */
    default Map<String, Object> networkSettings(Container c) {
        return Map.of();
    }
}
