package dev.wharf.controlplane.application;

import dev.wharf.controlplane.domain.account.Caller;
import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.host.HostRepository;
import dev.wharf.controlplane.domain.shared.ConflictException;
import dev.wharf.controlplane.domain.shared.FieldError;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import dev.wharf.controlplane.domain.shared.NotFoundException;
import dev.wharf.controlplane.domain.shared.Validation;
import dev.wharf.controlplane.domain.volume.Volume;
import dev.wharf.controlplane.domain.volume.VolumeRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Volumes as desired state, one host each (Docker's local volumes). */
@ApplicationScoped
@Transactional
public class VolumeService {

    @Inject
    VolumeRepository volumes;

    @Inject
    HostRepository hosts;

    public Volume create(String name, String host, String driver, Map<String, String> labels, Caller caller) {
        new Validation()
                .notBlank(name, "name")
                .require(name == null || name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}"), "name",
                        "must match [a-zA-Z0-9][a-zA-Z0-9_.-]* and be at most 255 characters")
                .notBlank(host, "host")
                .require(driver == null || driver.equals("local"), "driver", "only 'local' is supported")
                .require(labels == null || labels.size() <= 64, "labels", "at most 64 labels")
                .check();
        Host target = hosts.find(host).or(() -> hosts.findByName(host))
                .orElseThrow(() -> InvalidInputException.of("host", "no host '" + host + "'"));
        if (volumes.findByHostAndName(target.id(), name).isPresent()) {
            throw new ConflictException("host '" + target.name() + "' already has a volume named '" + name + "'",
                    List.of(new FieldError("name", "is taken on host '" + target.name() + "'")));
        }
        Volume volume = new Volume(UUID.randomUUID().toString(), name, target.id(), "local", labels, caller.username(),
                Instant.now());
        volumes.store(volume);
        return volume;
    }

    public List<Volume> list(String host) {
        if (host == null) {
            return volumes.findAll();
        }
        Host h = hosts.find(host).or(() -> hosts.findByName(host)).orElseThrow(() -> new NotFoundException("host", host));
        return volumes.findByHost(h.id());
    }

    public Volume get(String id) {
        return volumes.find(id).orElseThrow(() -> new NotFoundException("volume", id));
    }

    public void remove(String id) {
        volumes.remove(get(id));
    }
}
