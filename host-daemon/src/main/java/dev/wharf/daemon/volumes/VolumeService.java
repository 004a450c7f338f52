package dev.wharf.daemon.volumes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.containers.Container;
import dev.wharf.daemon.containers.ContainerMounts;
import dev.wharf.daemon.containers.ContainerStore;
import dev.wharf.daemon.events.EventBus;
import dev.wharf.daemon.runtime.OciMount;
import dev.wharf.daemon.runtime.ScopedPath;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Volumes and bind mounts for containers ({@link ContainerMounts}): at create the request's mounts are checked
 * and named (anonymous volumes get a random name) and the plan is kept in {@code <container dir>/mounts.json};
 * at every start the plan becomes OCI bind/tmpfs mounts, and an empty volume first gets a copy of what the image
 * has at its destination, as dockerd does.
 */
public final class VolumeService implements ContainerMounts {
    private static final Logger LOG = Logger.getLogger(VolumeService.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLAN = "mounts.json";

    private final VolumeStore volumes;
    private final ContainerStore containers;
    private final EventBus events;
    private final Map<String, List<MountSpec>> plans = new ConcurrentHashMap<>();
    /** Anonymous volumes of containers just removed, for a following {@code rm -v}. */
    private final Map<String, List<String>> leftBehind = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<String>> e) {
            return size() > 256;
        }
    });

    public VolumeService(VolumeStore volumes, ContainerStore containers, EventBus events) {
        this.volumes = volumes;
        this.containers = containers;
        this.events = events;
    }

    public VolumeStore store() {
        return volumes;
    }

    @Override
    public void validate(ObjectNode config, ObjectNode hostConfig) {
        for (MountSpec m : MountParser.parse(config, hostConfig)) {
            if (m.type().equals(MountSpec.BIND) && !Files.exists(Path.of(m.source()))) {
                throw ApiException.badRequest("invalid mount config for type \"bind\": bind source path does not exist: " + m.source());
            }
        }
    }

    @Override
    public void created(Container c) throws IOException {
        List<MountSpec> plan = new ArrayList<>();
        List<String> made = new ArrayList<>();
        try {
            for (MountSpec m : MountParser.parse(c.config(), c.hostConfig())) {
                if (m.isVolume()) {
                    String name = m.source().isEmpty() ? VolumeStore.newAnonymousName() : m.source();
                    if (volumes.create(name, null, m.anonymous()).isNew()) {
                        made.add(name);
                        events.publish("volume", "create", name, Map.of("driver", "local"));
                    }
                    m = m.withSource(name);
                }
                plan.add(m);
            }
            if (!plan.isEmpty()) {
                Files.createDirectories(c.paths().dir());
                Path tmp = c.paths().dir().resolve(PLAN + ".tmp");
                JSON.writeValue(tmp.toFile(), plan);
                Files.move(tmp, c.paths().dir().resolve(PLAN), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            plans.put(c.id(), List.copyOf(plan));
        } catch (IOException | RuntimeException e) {
            for (String name : made) {
                deleteQuietly(name);
            }
            throw e;
        }
    }

    /** The container's mounts, from memory or from its plan file (after a daemon restart). */
    List<MountSpec> plan(Container c) {
        return plans.computeIfAbsent(c.id(), id -> {
            Path f = c.paths().dir().resolve(PLAN);
            if (!Files.isRegularFile(f)) {
                return List.of();
            }
            try {
                return List.copyOf(JSON.readValue(f.toFile(), new TypeReference<List<MountSpec>>() {
                }));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot read the mounts of " + c + ": " + e.getMessage());
                return List.of();
            }
        });
    }

    @Override
    public List<OciMount> mounts(Container c) throws IOException {
        List<OciMount> out = new ArrayList<>();
        for (MountSpec m : plan(c)) {
            switch (m.type()) {
                case MountSpec.BIND -> {
                    if (!Files.exists(Path.of(m.source()))) {
                        throw ApiException.badRequest("invalid mount config for type \"bind\": bind source path does not exist: " + m.source());
                    }
                    out.add(new OciMount(m.destination(), "bind", m.source(),
                            List.of("rbind", m.readOnly() ? "ro" : "rw", m.propagation().isEmpty() ? "rprivate" : m.propagation())));
                }
                case MountSpec.VOLUME -> {
                    Volume v = volumes.create(m.source(), null, m.anonymous()).volume(); // re-made if someone deleted it
                    if (!m.noCopy()) {
                        copyImageContent(c, m.destination(), v);
                    }
                    out.add(new OciMount(m.destination(), "bind", v.mountpoint().toString(),
                            List.of("rbind", m.readOnly() ? "ro" : "rw", "rprivate")));
                    events.publish("volume", "mount", v.name(), Map.of("driver", "local", "container", c.id(),
                            "destination", m.destination(), "read/write", Boolean.toString(!m.readOnly()), "propagation", ""));
                }
                default -> out.add(new OciMount(m.destination(), "tmpfs", "tmpfs", m.tmpfsOptions()));
            }
        }
        return out;
    }

    /** dockerd's copy-up: an empty volume mounted over an image directory starts with that directory's content. */
    private static void copyImageContent(Container c, String destination, Volume v) throws IOException {
        Path src = ScopedPath.resolve(c.paths().rootfs(), destination);
        if (!Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS) || !VolumeStore.isEmpty(v)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(src)) {
            if (!ds.iterator().hasNext()) {
                return;
            }
        }
        TreeCopy.copy(src, v.mountpoint());
    }

    @Override
    public void removed(Container c) {
        List<MountSpec> plan = plan(c);
        plans.remove(c.id());
        List<String> anonymous = plan.stream().filter(m -> m.isVolume() && m.anonymous()).map(MountSpec::source).toList();
        if (anonymous.isEmpty()) {
            return;
        }
        if (c.hostConfig().path("AutoRemove").asBoolean(false)) {
            anonymous.forEach(name -> deleteIfUnused(name, c.id()));
        } else {
            leftBehind.put(c.id(), anonymous);
        }
    }

    @Override
    public void removeAnonymousVolumes(Container c) {
        List<String> names = leftBehind.remove(c.id());
        if (names != null) {
            names.forEach(name -> deleteIfUnused(name, c.id()));
        }
    }

    /** Deletes the volume unless a container other than {@code removedId} (going away) uses it. */
    private void deleteIfUnused(String name, String removedId) {
        if (usedBy(name).stream().allMatch(removedId::equals)) {
            deleteQuietly(name);
        }
    }

    private void deleteQuietly(String name) {
        try {
            volumes.delete(name);
            events.publish("volume", "destroy", name, Map.of("driver", "local"));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove volume " + name + ": " + e.getMessage());
        }
    }

    /** IDs of the containers (running or not) whose mounts name the volume. */
    public List<String> usedBy(String volume) {
        List<String> out = new ArrayList<>();
        for (Container c : containers.all()) {
            if (plans.containsKey(c.id()) || Files.exists(c.paths().dir())) {
                for (MountSpec m : plan(c)) {
                    if (m.isVolume() && m.source().equals(volume)) {
                        out.add(c.id());
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** {@code docker volume rm}: refused while a container uses it. */
    public void remove(String name, boolean force) throws IOException {
        Optional<Volume> v = volumes.find(name);
        if (v.isEmpty()) {
            if (force) {
                return;
            }
            throw ApiException.notFound("get " + name + ": no such volume");
        }
        List<String> users = usedBy(name);
        if (!users.isEmpty()) {
            throw ApiException.conflict("remove " + name + ": volume is in use - [" + String.join(", ", users) + "]");
        }
        volumes.delete(name);
        events.publish("volume", "destroy", name, Map.of("driver", "local"));
    }

    @Override
    public List<Map<String, Object>> inspect(Container c) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MountSpec m : plan(c)) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("Type", m.type());
            if (m.isVolume()) {
                j.put("Name", m.source());
                j.put("Source", volumes.find(m.source()).map(v -> v.mountpoint().toString()).orElse(""));
            } else {
                j.put("Source", m.source());
            }
            j.put("Destination", m.destination());
            if (m.isVolume()) {
                j.put("Driver", "local");
            }
            j.put("Mode", m.mode());
            j.put("RW", !m.readOnly());
            j.put("Propagation", m.propagation());
            out.add(j);
        }
        return out;
    }
}
