package dev.wharf.controlplane.domain.volume;

import java.util.List;
import java.util.Optional;

/** Where volumes are kept. */
public interface VolumeRepository {

    List<Volume> findAll();

    List<Volume> findByHost(String hostId);

    Optional<Volume> find(String id);

    Optional<Volume> findByHostAndName(String hostId, String name);

    void store(Volume volume);

    void remove(Volume volume);
}
