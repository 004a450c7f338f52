package dev.wharf.daemon.images;

import dev.wharf.daemon.content.ContentStore;
import dev.wharf.daemon.registry.RegistryAuth;
import dev.wharf.daemon.registry.RegistrySession;
import dev.wharf.model.image.Digest;
import dev.wharf.model.image.ImageReference;
import dev.wharf.model.image.MediaTypes;
import dev.wharf.model.oci.Descriptor;
import dev.wharf.model.oci.ImageManifest;
import dev.wharf.model.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Pushes a local image: each layer blob the repository lacks (HEAD check), mounted from another repository of
 * the same registry when one is known to hold it, else uploaded; then the config and the manifest. A pulled
 * image is pushed with its original manifest, so its digest stays the same; a committed or loaded layer is
 * gzipped once and the result kept for the next push.
 */
final class ImagePusher {
    private final ImageStore store;
    private final ContentStore content;

    ImagePusher(ImageStore store) {
        this.store = store;
        this.content = store.content();
    }

    void push(ImageReference ref, RegistryAuth auth, ProgressListener l) throws IOException {
        Image img = store.find(ref.familiarString())
                .orElseThrow(() -> new IOException("An image does not exist locally with the tag: " + ref.familiarString()));
        ImageMeta meta = store.meta(img.id()).orElseThrow();
        l.progress(Progress.of(null, "The push refers to repository [" + ref.name() + "]"));
        RegistrySession session = store.registry().session(ref.registryHost(), ref.path(), auth, true);

        List<LayerRef> layers = compressed(meta);
        boolean changed = !layers.equals(meta.layers());
        for (int i = layers.size() - 1; i >= 0; i--) {
            l.progress(Progress.of(layers.get(i).blob().shortHex(), "Preparing"));
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            pushLayer(session, ref, layers.get(i), l);
        }
        if (!session.hasBlob(img.id())) {
            byte[] config = content.read(img.id());
            session.upload(img.id(), config.length, () -> HttpRequest.BodyPublishers.ofByteArray(config));
        }
        byte[] manifest;
        String mediaType;
        if (!changed && meta.manifest() != null && content.has(meta.manifest())) {
            manifest = content.read(meta.manifest());
            var n = OciJson.mapper().readTree(manifest);
            mediaType = n.path("mediaType").asText(MediaTypes.OCI_MANIFEST);
        } else {
            boolean docker = layers.stream().allMatch(x -> x.mediaType().startsWith("application/vnd.docker."));
            mediaType = docker ? MediaTypes.DOCKER_MANIFEST_V2 : MediaTypes.OCI_MANIFEST;
            Descriptor config = new Descriptor(docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG, img.id(),
                    content.size(img.id()));
            List<Descriptor> ls = layers.stream().map(x -> new Descriptor(x.mediaType(), x.blob(), x.blobSize())).toList();
            manifest = OciJson.write(ImageManifest.of(mediaType, config, ls));
        }
        session.putManifest(ref.tag(), mediaType, manifest);
        Digest digest = content.put(manifest);
        store.updateMeta(meta.withLayers(layers, digest));
        store.addRef(img.id(), ref.nameOnly().withDigest(digest));
        l.progress(Progress.of(null, ref.tag() + ": digest: " + digest + " size: " + manifest.length));
        if (l instanceof ProgressStream ps) {
            ps.aux(Map.of("Tag", ref.tag(), "Digest", digest.toString(), "Size", manifest.length));
        }
        store.publish("push", ref.familiarString(), ref.familiarName());
    }

    private void pushLayer(RegistrySession session, ImageReference ref, LayerRef layer, ProgressListener l) throws IOException {
        String id = layer.blob().shortHex();
        if (session.hasBlob(layer.blob())) {
            l.progress(Progress.of(id, "Layer already exists"));
            return;
        }
        for (String from : mountSources(ref, layer.blob())) {
            if (session.mount(layer.blob(), from)) {
                l.progress(Progress.of(id, "Mounted from " + from));
                return;
            }
        }
        Path file = content.find(layer.blob()).orElseThrow(() -> new IOException("the blob " + layer.blob()
                + " of this image is missing from the content store; pull or load the image again"));
        long size = Files.size(file);
        session.upload(layer.blob(), size, () -> HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return new ProgressInputStream(Files.newInputStream(file), size, p ->
                                l.progress(new Progress(id, "Pushing", p.current(), p.total())), id, 0);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }), size));
        l.progress(Progress.of(id, "Pushed"));
    }

    /** Other repositories of the same registry that hold the blob: the sources of a cross-repository mount. */
    private List<String> mountSources(ImageReference target, Digest blob) {
        Set<String> out = new LinkedHashSet<>();
        for (Map.Entry<String, Digest> e : store.refsSnapshot().entrySet()) {
            ImageReference r = ImageReference.parse(e.getKey());
            if (!r.domain().equals(target.domain()) || r.path().equals(target.path()) || r.digest() == null) {
                continue; // a digest reference means the image was pulled from or pushed to that repository
            }
            Optional<ImageMeta> m = store.meta(e.getValue());
            if (m.isPresent() && m.get().layers().stream().anyMatch(x -> blob.equals(x.blob()))) {
                out.add(r.path());
            }
        }
        return new ArrayList<>(out);
    }

    /** The layers with a compressed blob each, gzipping plain tars (committed or loaded layers) once. */
    private List<LayerRef> compressed(ImageMeta meta) throws IOException {
        List<LayerRef> out = new ArrayList<>();
        for (LayerRef x : meta.layers()) {
            if (x.blob() != null && MediaTypes.compressionOf(x.mediaType()) != dev.wharf.model.image.Compression.NONE
                    && content.has(x.blob())) {
                out.add(x);
                continue;
            }
            Digest plain = x.diffId();
            if (!content.has(plain)) {
                throw new IOException("the layer " + plain + " has no blob in the content store; pull or load the image again");
            }
            Path tmp = content.newTemp();
            try {
                try (InputStream in = content.open(plain);
                     OutputStream gz = new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16) {
                         {
                             def.setLevel(Deflater.BEST_SPEED);
                         }
                     }) {
                    in.transferTo(gz);
                }
                Digest d;
                try (InputStream in = Files.newInputStream(tmp)) {
                    d = new dev.wharf.daemon.content.VerifyingInputStream(in, null, -1, "gzip") {
                        Digest all() throws IOException {
                            drain();
                            return digest();
                        }
                    }.all();
                }
                long size = Files.size(tmp);
                content.adopt(tmp, d);
                out.add(new LayerRef(x.diffId(), d, MediaTypes.DOCKER_LAYER_GZIP, size));
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return out;
    }
}
