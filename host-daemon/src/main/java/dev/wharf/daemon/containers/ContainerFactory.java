package dev.wharf.daemon.containers;

import dev.wharf.daemon.linux.FileTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.images.Image;
import dev.wharf.daemon.images.ImageStore;
import dev.wharf.daemon.runtime.Capabilities;
import dev.wharf.daemon.runtime.EnvMerge;
import dev.wharf.daemon.runtime.InvalidSpecException;
import dev.wharf.daemon.runtime.ProcessArgs;
import dev.wharf.daemon.runtime.ResourceLimits;
import dev.wharf.daemon.snapshots.OverlaySnapshotter;
import dev.wharf.model.image.ImageReference;
import dev.wharf.model.image.InvalidReferenceException;
import dev.wharf.model.oci.ContainerConfig;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.wharf.model.oci.Layers;
import dev.wharf.model.image.Digest;

/**
 * {@code POST /containers/create}: checks the request, merges the image's defaults into {@code Config} as dockerd
 * does, makes the read-write layer (overlay mounted at once, kept until removal) and stores the container.
 * Every check runs before anything is made; a failure afterwards undoes what was made.
 */
final class ContainerFactory {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ContainerStore store;
    private final OverlaySnapshotter snapshots;
    private final ImageStore images;
    private final String runtimeName;
    private final String cgroupParent;
    private final java.util.function.Supplier<ContainerNetworking> networking;
    volatile ContainerMounts mounts = ContainerMounts.NONE;
    private final Map<String, String> creating = new java.util.concurrent.ConcurrentHashMap<>(); // container → image ID

    ContainerFactory(ContainerStore store, OverlaySnapshotter snapshots, ImageStore images, String runtimeName, String cgroupParent,
                     java.util.function.Supplier<ContainerNetworking> networking) {
        this.networking = networking;
        this.store = store;
        this.snapshots = snapshots;
        this.images = images;
        this.runtimeName = runtimeName;
        this.cgroupParent = cgroupParent;
    }

    Container create(String requestedName, ObjectNode body) throws IOException {
        if (body == null) {
            throw ApiException.badRequest("Config cannot be empty in order to create a container");
        }
        String imageRef = body.path("Image").asText("");
        if (imageRef.isEmpty()) {
            throw ApiException.badRequest("Config.Image must name an image");
        }
        Image image = findImage(imageRef);
        ObjectNode hostConfig = body.hasNonNull("HostConfig") && body.get("HostConfig").isObject()
                ? (ObjectNode) body.get("HostConfig").deepCopy() : NODES.objectNode();
        JsonNode netConfig = body.get("NetworkingConfig");
        checkHostConfig(hostConfig);
        String id = ContainerNames.newId();
        ObjectNode config = mergeConfig(body, image.config().config() == null ? ContainerConfig.EMPTY : image.config().config(), id);
        mounts.validate(config, hostConfig);
        ProcessArgs.Resolved args = ProcessArgs.resolve(null, null, strings(config.get("Entrypoint")), strings(config.get("Cmd")));
        List<String> argv;
        try {
            argv = ProcessArgs.argv(args);
        } catch (InvalidSpecException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        String name;
        if (requestedName != null && !requestedName.isEmpty()) {
            name = ContainerNames.validate(requestedName);
            store.reserveName(name, id);
        } else {
            name = null;
            for (int i = 0; name == null; i++) {
                String candidate = ContainerNames.random(i);
                if (!store.nameTaken(candidate)) {
                    store.reserveName(candidate, id);
                    name = candidate;
                }
            }
        }
        // rmi -f may run right now: pin the layers and show the image as used until the container is in the store
        List<Digest> chains;
        synchronized (images) {
            if (images.find(image.id().toString()).isEmpty()) {
                store.releaseName(name, id);
                throw ApiException.notFound("No such image: " + imageRef);
            }
            chains = Layers.chainIds(image.diffIds());
            images.pin(chains);
            creating.put(id, image.id().toString());
        }
        try {
            return create(id, name, imageRef, image, config, hostConfig, netConfig, argv, body);
        } finally {
            creating.remove(id);
            images.unpin(chains);
        }
    }

    /** ID of a container being created from {@code imageId} (not yet in the store), if any. */
    Optional<String> creating(String imageId) {
        return creating.entrySet().stream().filter(e -> e.getValue().equals(imageId)).map(Map.Entry::getKey).findFirst();
    }

    private Container create(String id, String name, String imageRef, Image image, ObjectNode config, ObjectNode hostConfig,
                             JsonNode netConfig, List<String> argv, ObjectNode body) throws IOException {
        Container c = new Container(id, name, Instant.now(), imageRef, image.id().toString(), config, hostConfig,
                argv.get(0), argv.subList(1, argv.size()), runtimeName, "/" + cgroupParent + "/" + id);
        c.networkingConfig(netConfig != null && netConfig.isObject() ? (ObjectNode) netConfig.deepCopy() : null);
        c.paths(store.paths(id));
        try {
            ContainerConfig ic = image.config().config();
            networking.get().validate(id, name, body, ic == null || ic.exposedPorts() == null ? List.of() : List.copyOf(ic.exposedPorts().keySet()));
        } catch (IOException | RuntimeException e) {
            store.releaseName(name, id);
            throw e;
        }
        try {
            snapshots.prepare(id, images.layerDirs(image));
            mounts.created(c);
            store.add(c);
        } catch (IOException | RuntimeException e) {
            store.releaseName(name, id);
            try {
                networking.get().removed(c);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            try {
                snapshots.remove(id);
                FileTrees.delete(store.paths(id).dir());
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return c;
    }

    private Image findImage(String ref) {
        var found = images.find(ref);
        if (found.isPresent()) {
            return found.get();
        }
        String shown = ref;
        try {
            shown = ImageReference.parse(ref).withDefaultTag().familiarString();
        } catch (InvalidReferenceException e) {
            if (!ref.matches("(sha256:)?[0-9a-f]{1,64}")) {
                throw ApiException.badRequest("invalid reference format: " + e.getMessage());
            }
        }
        throw ApiException.notFound("No such image: " + shown);
    }

    /** Everything dockerd refuses at create time, with its messages. */
    static void checkHostConfig(ObjectNode hc) {
        ResourceLimits limits = ResourceLimits.fromHostConfig(hc);
        try {
            limits.validate(Runtime.getRuntime().availableProcessors());
            List<String> caps = Capabilities.effective(strings(hc.get("CapAdd")), strings(hc.get("CapDrop")),
                    hc.path("Privileged").asBoolean());
            dev.wharf.daemon.runtime.SecurityOpts sec = dev.wharf.daemon.runtime.SecurityOpts.parse(strings(hc.get("SecurityOpt")));
            if (sec.seccompProfile() != null) {
                dev.wharf.daemon.runtime.Seccomp.fromJson(sec.seccompProfile(), caps);
            }
        } catch (InvalidSpecException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        RestartPolicy policy = RestartPolicy.from(hc);
        if (hc.path("AutoRemove").asBoolean(false) && !policy.isNone()) {
            throw ApiException.badRequest("can't create 'AutoRemove' container with restart policy");
        }
        LogSettings.from(hc);
        if (limits.memory() > 0 && limits.memorySwap() == 0) {
            hc.put("MemorySwap", limits.effectiveMemorySwap());
        }
        ObjectNode lc = hc.has("LogConfig") && hc.get("LogConfig").isObject() ? (ObjectNode) hc.get("LogConfig") : hc.putObject("LogConfig");
        if (lc.path("Type").asText("").isEmpty()) {
            lc.put("Type", "json-file");
        }
        if (!lc.has("Config") || !lc.get("Config").isObject()) {
            lc.putObject("Config");
        }
        if (!hc.hasNonNull("NetworkMode") || hc.get("NetworkMode").asText().isEmpty()) {
            hc.put("NetworkMode", "default");
        }
        if (!hc.has("RestartPolicy") || !hc.get("RestartPolicy").isObject()) {
            hc.putObject("RestartPolicy").put("Name", "no").put("MaximumRetryCount", 0);
        }
    }

    /** Config as dockerd stores it: the request's fields, with the image's defaults where the request has none. */
    static ObjectNode mergeConfig(ObjectNode body, ContainerConfig image, String id) {
        ObjectNode c = body.deepCopy();
        c.remove("HostConfig");
        c.remove("NetworkingConfig");
        if (c.path("Hostname").asText("").isEmpty()) {
            c.put("Hostname", id.substring(0, 12));
        }
        if (!c.hasNonNull("Domainname")) {
            c.put("Domainname", "");
        }
        if (c.path("User").asText("").isEmpty()) {
            c.put("User", image.user() == null ? "" : image.user());
        }
        c.set("Env", array(EnvMerge.configEnv(image.env(), strings(c.get("Env")))));
        ProcessArgs.Resolved r = ProcessArgs.resolve(image.entrypoint(), image.cmd(), strings(c.get("Entrypoint")), strings(c.get("Cmd")));
        c.set("Cmd", r.cmd() == null ? NODES.nullNode() : array(r.cmd()));
        c.set("Entrypoint", r.entrypoint() == null ? NODES.nullNode() : array(r.entrypoint()));
        String wd = c.path("WorkingDir").asText("");
        if (wd.isEmpty()) {
            wd = image.workingDir() == null ? "" : image.workingDir();
        }
        if (!wd.isEmpty() && !wd.startsWith("/")) {
            throw ApiException.badRequest("the working directory '" + wd + "' is invalid, it needs to be an absolute path");
        }
        c.put("WorkingDir", wd);
        Map<String, String> labels = new LinkedHashMap<>();
        if (image.labels() != null) {
            labels.putAll(image.labels());
        }
        c.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        ObjectNode l = NODES.objectNode();
        labels.forEach(l::put);
        c.set("Labels", l);
        c.set("ExposedPorts", union(image.exposedPorts(), c.get("ExposedPorts")));
        c.set("Volumes", union(image.volumes(), c.get("Volumes")));
        if (c.path("StopSignal").asText("").isEmpty() && image.stopSignal() != null) {
            c.put("StopSignal", image.stopSignal());
        }
        for (String b : List.of("Tty", "OpenStdin", "StdinOnce", "AttachStdin", "AttachStdout", "AttachStderr")) {
            c.put(b, c.path(b).asBoolean(false));
        }
        return c;
    }

    private static JsonNode union(Map<String, Object> image, JsonNode request) {
        ObjectNode out = NODES.objectNode();
        if (image != null) {
            image.keySet().forEach(k -> out.putObject(k));
        }
        if (request != null && request.isObject()) {
            request.fieldNames().forEachRemaining(k -> out.putObject(k));
        }
        return out.isEmpty() ? NODES.nullNode() : out;
    }

    static List<String> strings(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(e -> out.add(e.asText()));
        } else if (n.isTextual()) {
            out.add(n.asText()); // the API once took a string for Cmd/Entrypoint
        }
        return out;
    }

    static ArrayNode array(List<String> l) {
        ArrayNode a = NODES.arrayNode();
        l.forEach(a::add);
        return a;
    }
}
