package dev.wharf.daemon.images;

import com.github.luben.zstd.ZstdInputStream;
import dev.wharf.daemon.content.ContentStore;
import dev.wharf.daemon.layers.LayerInfo;
import dev.wharf.model.image.Digest;
import dev.wharf.model.image.ImageReference;
import dev.wharf.model.image.MediaTypes;
import dev.wharf.model.oci.Descriptor;
import dev.wharf.model.oci.ImageManifest;
import dev.wharf.model.oci.OciJson;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes {@code docker save} archives in the layout dockerd 25+ writes: an OCI image layout ({@code oci-layout},
 * {@code index.json}, {@code blobs/sha256/...} with uncompressed layer tars) that also carries the classic
 * {@code manifest.json} and {@code repositories}, so both docker load and OCI tools read it.
 */
final class ImageArchiveWriter {
    /** An image to save and the name it was asked by (null when asked by ID: saved without a tag). */
    record Named(Image image, String tag) {
    }

    private final ImageStore store;
    private final ContentStore content;

    ImageArchiveWriter(ImageStore store) {
        this.store = store;
        this.content = store.content();
    }

    void write(List<Named> images, OutputStream out) throws IOException {
        Map<Digest, List<String>> tagsById = new LinkedHashMap<>();
        Map<Digest, Image> byId = new LinkedHashMap<>();
        for (Named n : images) {
            byId.put(n.image().id(), n.image());
            List<String> tags = tagsById.computeIfAbsent(n.image().id(), k -> new ArrayList<>());
            if (n.tag() != null && !tags.contains(n.tag())) {
                tags.add(n.tag());
            }
        }
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        Set<Digest> written = new HashSet<>();
        List<Map<String, Object>> manifestJson = new ArrayList<>();
        List<Descriptor> index = new ArrayList<>();
        Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
        dir(tar, "blobs/");
        dir(tar, "blobs/sha256/");
        for (Image img : byId.values()) {
            long mtime = img.created().getEpochSecond();
            byte[] config = content.read(img.id());
            blob(tar, img.id(), config, mtime, written);
            List<String> layerPaths = new ArrayList<>();
            List<Descriptor> layerDescs = new ArrayList<>();
            List<Digest> chains = ImageStore.chainIds(img);
            List<LayerRef> refs = store.meta(img.id()).map(ImageMeta::layers).orElse(List.of());
            for (int i = 0; i < img.diffIds().size(); i++) {
                Digest diffId = img.diffIds().get(i);
                long size = layerTar(tar, diffId, i < refs.size() ? refs.get(i) : null, chains.get(i), mtime, written);
                layerPaths.add("blobs/sha256/" + diffId.encoded());
                layerDescs.add(new Descriptor(MediaTypes.OCI_LAYER_TAR, diffId, size));
            }
            byte[] manifest = OciJson.write(ImageManifest.of(MediaTypes.OCI_MANIFEST,
                    new Descriptor(MediaTypes.OCI_CONFIG, img.id(), config.length), layerDescs));
            Digest md = Digest.sha256(manifest);
            blob(tar, md, manifest, mtime, written);
            List<String> tags = tagsById.get(img.id());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("Config", "blobs/sha256/" + img.id().encoded());
            entry.put("RepoTags", tags.isEmpty() ? null : tags);
            entry.put("Layers", layerPaths);
            manifestJson.add(entry);
            if (tags.isEmpty()) {
                index.add(new Descriptor(MediaTypes.OCI_MANIFEST, md, manifest.length));
            }
            for (String t : tags) {
                ImageReference r = ImageReference.parse(t);
                index.add(new Descriptor(MediaTypes.OCI_MANIFEST, md, manifest.length, null,
                        Map.of("io.containerd.image.name", r.toString(), "org.opencontainers.image.ref.name", r.tag()), null));
                if (!img.diffIds().isEmpty()) {
                    repositories.computeIfAbsent(r.familiarName(), k -> new LinkedHashMap<>())
                            .put(r.tag(), img.diffIds().get(img.diffIds().size() - 1).encoded());
                }
            }
        }
        Map<String, Object> idx = new LinkedHashMap<>();
        idx.put("schemaVersion", 2);
        idx.put("mediaType", MediaTypes.OCI_INDEX);
        idx.put("manifests", index);
        long now = System.currentTimeMillis() / 1000;
        file(tar, "index.json", OciJson.write(idx), now);
        file(tar, "manifest.json", OciJson.write(manifestJson), now);
        file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8), now);
        if (!repositories.isEmpty()) {
            file(tar, "repositories", OciJson.write(repositories), now);
        }
        tar.finish();
    }

    /** Writes a layer as its uncompressed tar, decompressing the pulled blob if that is what the store has. */
    private long layerTar(TarArchiveOutputStream tar, Digest diffId, LayerRef ref, Digest chain, long mtime,
                          Set<Digest> written) throws IOException {
        if (content.has(diffId)) {
            long size = content.size(diffId);
            if (written.add(diffId)) {
                try (InputStream in = content.open(diffId)) {
                    stream(tar, "blobs/sha256/" + diffId.encoded(), in, size, mtime);
                }
            }
            return size;
        }
        if (ref == null || ref.blob() == null || !content.has(ref.blob())) {
            throw new IOException("the layer " + diffId + " has no blob in the content store; pull the image again");
        }
        long size = store.layers().info(chain).map(LayerInfo::tarSize).orElse(-1L);
        if (size < 0) {
            size = 0;
            try (InputStream in = decompress(ref)) {
                size = in.transferTo(OutputStream.nullOutputStream());
            }
        }
        if (written.add(diffId)) {
            try (InputStream in = decompress(ref)) {
                stream(tar, "blobs/sha256/" + diffId.encoded(), in, size, mtime);
            }
        }
        return size;
    }

    private InputStream decompress(LayerRef ref) throws IOException {
        InputStream raw = new BufferedInputStream(content.open(ref.blob()), 1 << 16);
        return switch (MediaTypes.compressionOf(ref.mediaType())) {
            case GZIP -> new GZIPInputStream(raw, 1 << 16);
            case ZSTD -> new ZstdInputStream(raw);
            case NONE -> raw;
        };
    }

    private static void blob(TarArchiveOutputStream tar, Digest d, byte[] bytes, long mtime, Set<Digest> written) throws IOException {
        if (written.add(d)) {
            file(tar, "blobs/sha256/" + d.encoded(), bytes, mtime);
        }
    }

    private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040755);
        e.setModTime(System.currentTimeMillis());
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] bytes, long mtime) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100644);
        e.setSize(bytes.length);
        e.setModTime(mtime * 1000);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static void stream(TarArchiveOutputStream tar, String name, InputStream in, long size, long mtime) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100644);
        e.setSize(size);
        e.setModTime(mtime * 1000);
        tar.putArchiveEntry(e);
        long copied = in.transferTo(tar);
        if (copied != size) {
            throw new IOException("layer " + name + " changed size while being saved (" + copied + " != " + size + ")");
        }
        tar.closeArchiveEntry();
    }
}
