package dev.wharf.daemon.containers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.daemon.runtime.OciMount;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The seam between containers and volumes (bind mounts, named and anonymous volumes, tmpfs; implemented in
 * {@code dev.wharf.daemon.volumes}). The default mounts nothing. Plugged in through
 * {@link Containers#mounts(ContainerMounts)} before {@link Containers#restore()}.
 */
public interface ContainerMounts {
    /** Mounts nothing, refuses nothing. */
    ContainerMounts NONE = new ContainerMounts() {
    };

    /**
     * At create, before anything is made: checks {@code HostConfig.Binds/Mounts/Tmpfs} and {@code Config.Volumes}
     * (a bind source that does not exist, a bad mode, a duplicate destination...). Throw an ApiException to refuse.
     */
    default void validate(ObjectNode config, ObjectNode hostConfig) throws IOException {
    }

    /** At create, once the read-write layer exists: makes the volumes the container needs; on failure undoes them. */
    default void created(Container c) throws IOException {
    }

    /** At every start, before the bundle is written: the container's mounts (an empty volume gets the image's content). */
    default List<OciMount> mounts(Container c) throws IOException {
        return List.of();
    }

    /** Once, when the container is removed; must not throw. Anonymous volumes go with {@code --rm}. */
    default void removed(Container c) {
    }

    /** {@code docker rm -v}: removes the anonymous volumes of a container that was just removed. */
    default void removeAnonymousVolumes(Container c) {
    }

    /** The {@code Mounts} of {@code docker inspect}. */
    default List<Map<String, Object>> inspect(Container c) {
        return List.of();
    }
}
