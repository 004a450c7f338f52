package dev.wharf.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.wharf.model.image.Digest;

/**
 * An image held in memory: the config JSON bytes and the layers, from which either manifest form is derived.
 * Build one with {@link ImageConfigBuilder}.
 *
 * @param config the exact config bytes (the image ID is their sha256)
 * @param layers the layers, lowest first
 */
public record TestImage(byte[] config, List<Layer> layers) {

    public TestImage {
        layers = List.copyOf(layers);
    }

    /** The config digest, which Docker shows as the image ID. */
    public Digest configDigest() {
        return Digest.sha256(config);
    }

    /** Same as {@link #configDigest()}. */
    public Digest imageId() {
        return configDigest();
    }

    /** DiffIDs (sha256 of each uncompressed tar), lowest first; equal to the config's {@code rootfs.diff_ids}. */
    public List<Digest> diffIds() {
        return layers.stream().map(Layer::diffId).toList();
    }

    /** Digests of the compressed layer blobs, lowest first, as the manifest lists them. */
    public List<Digest> layerDigests() {
        return layers.stream().map(Layer::digest).toList();
    }

    /** The config's {@code architecture} field. */
    public String architecture() {
        return configTree().path("architecture").asText();
    }

    /** The manifest bytes for {@code format}: schemaVersion 2, config descriptor, gzip layer descriptors. */
    public byte[] manifest(ImageFormat format) {
        ObjectNode m = Json.object();
        m.put("schemaVersion", 2);
        m.put("mediaType", format.manifestType());
        m.set("config", Json.descriptor(format.configType(), configDigest(), config.length));
        ArrayNode ls = m.putArray("layers");
        for (Layer layer : layers) {
            ls.add(Json.descriptor(format.layerType(), layer.digest(), layer.size()));
        }
        return Json.bytes(m);
    }

    /** sha256 of {@link #manifest(ImageFormat)}. */
    public Digest manifestDigest(ImageFormat format) {
        return Digest.sha256(manifest(format));
    }

    /** A copy whose config says another platform (same layers): a stand-in for a second architecture. */
    public TestImage forPlatform(String architecture, String variant) {
        ObjectNode tree = configTree();
        tree.put("architecture", architecture);
        if (variant == null) {
            tree.remove("variant");
        } else {
            tree.put("variant", variant);
        }
        return new TestImage(Json.bytes(tree), layers);
    }

    private ObjectNode configTree() {
        try {
            return (ObjectNode) Json.MAPPER.readTree(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "TestImage[id=" + configDigest() + ", layers=" + layers.size() + "]";
    }
}
