package dev.wharf.testsupport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds an image config (the JSON Docker and OCI share) and its layers into a {@link TestImage}.
 * Every layer gets a history entry; {@link #history(String)} adds an empty-layer one (e.g. for CMD).
 * Defaults: linux/amd64, created {@link LayerTar#DEFAULT_MTIME}, Env PATH as Docker sets it.
 */
public final class ImageConfigBuilder {

    public static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private String architecture = "amd64";
    private String os = "linux";
    private String variant;
    private Instant created = LayerTar.DEFAULT_MTIME;
    private final List<String> env = new ArrayList<>(List.of(DEFAULT_PATH));
    private List<String> cmd = List.of("sh");
    private List<String> entrypoint;
    private String workingDir;
    private String user;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<String> exposedPorts = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();
    private final List<Layer> layers = new ArrayList<>();
    private final List<String[]> history = new ArrayList<>(); // {createdBy, emptyLayer}

    private ImageConfigBuilder() {
    }

    public static ImageConfigBuilder create() {
        return new ImageConfigBuilder();
    }

    public ImageConfigBuilder platform(String os, String architecture, String variant) {
        this.os = os;
        this.architecture = architecture;
        this.variant = variant;
        return this;
    }

    public ImageConfigBuilder created(Instant created) {
        this.created = created;
        return this;
    }

    /** Adds {@code KEY=VALUE} to Env (PATH is already there). */
    public ImageConfigBuilder env(String keyValue) {
        env.add(keyValue);
        return this;
    }

    public ImageConfigBuilder cmd(String... cmd) {
        this.cmd = List.of(cmd);
        return this;
    }

    public ImageConfigBuilder entrypoint(String... entrypoint) {
        this.entrypoint = List.of(entrypoint);
        return this;
    }

    public ImageConfigBuilder workingDir(String workingDir) {
        this.workingDir = workingDir;
        return this;
    }

    public ImageConfigBuilder user(String user) {
        this.user = user;
        return this;
    }

    public ImageConfigBuilder label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    /** E.g. {@code "80/tcp"}. */
    public ImageConfigBuilder exposedPort(String portProto) {
        exposedPorts.add(portProto);
        return this;
    }

    public ImageConfigBuilder volume(String path) {
        volumes.add(path);
        return this;
    }

    /** Adds a layer (on top of those added before) and its history entry. */
    public ImageConfigBuilder layer(Layer layer, String createdBy) {
        layers.add(layer);
        history.add(new String[] {createdBy, "false"});
        return this;
    }

    /** Adds a history entry that made no layer (Docker's {@code empty_layer: true}). */
    public ImageConfigBuilder history(String createdBy) {
        history.add(new String[] {createdBy, "true"});
        return this;
    }

    public TestImage build() {
        ObjectNode root = Json.object();
        root.put("architecture", architecture);
        if (variant != null) {
            root.put("variant", variant);
        }
        ObjectNode config = root.putObject("config");
        if (user != null) {
            config.put("User", user);
        }
        if (!exposedPorts.isEmpty()) {
            ObjectNode ports = config.putObject("ExposedPorts");
            exposedPorts.forEach(p -> ports.putObject(p));
        }
        env.forEach(config.putArray("Env")::add);
        if (entrypoint != null) {
            entrypoint.forEach(config.putArray("Entrypoint")::add);
        }
        if (cmd != null) {
            cmd.forEach(config.putArray("Cmd")::add);
        }
        if (!volumes.isEmpty()) {
            ObjectNode vols = config.putObject("Volumes");
            volumes.forEach(v -> vols.putObject(v));
        }
        if (workingDir != null) {
            config.put("WorkingDir", workingDir);
        }
        if (!labels.isEmpty()) {
            ObjectNode ls = config.putObject("Labels");
            labels.forEach(ls::put);
        }
        root.put("created", created.toString());
        ArrayNode hist = root.putArray("history");
        for (String[] h : history) {
            ObjectNode e = hist.addObject();
            e.put("created", created.toString());
            e.put("created_by", h[0]);
            if (Boolean.parseBoolean(h[1])) {
                e.put("empty_layer", true);
            }
        }
        root.put("os", os);
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        layers.forEach(l -> diffIds.add(l.diffId().toString()));
        return new TestImage(Json.bytes(root), layers);
    }
}
