package dev.wharf.daemon.images;

import dev.wharf.daemon.linux.FileTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.ZstdInputStream;
import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.api.ApiExchange;
import dev.wharf.daemon.content.VerifyingInputStream;
import dev.wharf.daemon.layers.LayerUnpacker;
import dev.wharf.daemon.layers.TarPaths;
import dev.wharf.model.image.Digest;
import dev.wharf.model.image.ImageReference;
import dev.wharf.model.image.InvalidReferenceException;
import dev.wharf.model.image.MediaTypes;
import dev.wharf.model.oci.Descriptor;
import dev.wharf.model.oci.ImageConfig;
import dev.wharf.model.oci.ImageIndex;
import dev.wharf.model.oci.ImageManifest;
import dev.wharf.model.oci.Layers;
import dev.wharf.model.oci.OciJson;
import dev.wharf.model.oci.Platform;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@code docker load}: reads a {@code docker save} archive ({@code manifest.json}) or an OCI image layout
 * ({@code index.json}), plain or gzip/zstd-compressed, checks every layer against its config's DiffIDs and adds
 * the images. The archive is unpacked to a private temp dir first, since its entries come in any order.
 */
final class ImageLoader {
    private final ImageStore store;
    private final Map<String, String> links = new HashMap<>();

    ImageLoader(ImageStore store) {
        this.store = store;
    }

    void load(ApiExchange ex) throws IOException {
        ProgressStream progress = new ProgressStream(ex);
        Path dir = store.content().newTemp();
        try {
            Files.createDirectories(dir);
            extract(decompress(new BufferedInputStream(ex.body(), 1 << 16)), dir);
            List<String> loaded = Files.exists(dir.resolve("manifest.json")) ? loadDockerArchive(dir)
                    : Files.exists(dir.resolve("index.json")) ? loadOciLayout(dir) : null;
            if (loaded == null) {
                throw ApiException.badRequest("invalid image archive: it has neither manifest.json (docker save) nor"
                        + " index.json (OCI image layout)");
            }
            for (String line : loaded) {
                progress.text(line + "\n");
            }
            progress.finish();
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException a) {
                throw a;
            }
            if (!progress.started()) {
                throw new ApiException(e instanceof ImageArchiveException ? 400 : 500, e.getMessage(), e);
            }
            progress.error(e.getMessage());
        } finally {
            FileTrees.delete(dir);
        }
    }

    static final class ImageArchiveException extends IOException {
        ImageArchiveException(String m) {
            super(m);
        }
    }

    private List<String> loadDockerArchive(Path dir) throws IOException {
        JsonNode manifest = OciJson.mapper().readTree(dir.resolve("manifest.json").toFile());
        if (manifest == null || !manifest.isArray()) {
            throw new ImageArchiveException("invalid image archive: manifest.json is not a list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : manifest) {
            byte[] config = Files.readAllBytes(file(dir, e.path("Config").asText()));
            List<Path> layerFiles = new ArrayList<>();
            for (JsonNode l : e.path("Layers")) {
                layerFiles.add(file(dir, l.asText()));
            }
            List<ImageReference> names = new ArrayList<>();
            for (JsonNode t : e.path("RepoTags")) {
                names.add(parseName(t.asText()));
            }
            out.addAll(add(config, layerFiles, null, names));
        }
        return out;
    }

    private List<String> loadOciLayout(Path dir) throws IOException {
        ImageIndex index = OciJson.read(Files.readAllBytes(dir.resolve("index.json")), ImageIndex.class).value();
        List<String> out = new ArrayList<>();
        for (Descriptor d : index.manifests()) {
            Descriptor m = d;
            if (MediaTypes.isIndex(d.mediaType())) {
                ImageIndex nested = OciJson.read(blob(dir, d), ImageIndex.class).value();
                m = nested.select(Platform.LINUX_AMD64).orElseThrow(() -> new ImageArchiveException(
                        "no linux/amd64 image in the nested index " + d.digest()));
            }
            if (!MediaTypes.isManifest(m.mediaType())) {
                continue;
            }
            ImageManifest manifest = OciJson.read(blob(dir, m), ImageManifest.class).value();
            byte[] config = blob(dir, manifest.config());
            List<Path> layerFiles = new ArrayList<>();
            for (Descriptor l : manifest.layers()) {
                Path p = blobPath(dir, l.digest());
                if (Files.size(p) != l.size()) {
                    throw new ImageArchiveException("invalid image archive: blob " + l.digest() + " has " + Files.size(p)
                            + " bytes, its descriptor states " + l.size());
                }
                layerFiles.add(p);
            }
            List<ImageReference> names = new ArrayList<>();
            String name = d.annotation("io.containerd.image.name");
            if (name == null) {
                name = d.annotation("org.opencontainers.image.ref.name");
            }
            if (name != null) {
                try {
                    ImageReference r = ImageReference.parse(name);
                    names.add(r.withDefaultTag());
                } catch (InvalidReferenceException ignored) {
                    // a bare tag such as "latest" names no repository: load untagged
                }
            }
            out.addAll(add(config, layerFiles, manifest.layers(), names));
        }
        return out;
    }

    /** Imports the layers (checking each DiffID) and registers the image. */
    private List<String> add(byte[] rawConfig, List<Path> layerFiles, List<Descriptor> descs, List<ImageReference> names)
            throws IOException {
        ImageConfig config = OciJson.read(rawConfig, ImageConfig.class).value();
        List<Digest> diffIds = config.rootfs() == null ? List.of() : config.rootfs().diffIds();
        if (diffIds.size() != layerFiles.size()) {
            throw new ImageArchiveException("invalid image archive: the config lists " + diffIds.size()
                    + " DiffIDs but the archive has " + layerFiles.size() + " layers");
        }
        List<Digest> chains = Layers.chainIds(diffIds);
        LayerImporter importer = new LayerImporter(store);
        List<LayerRef> refs = new ArrayList<>();
        long size = 0;
        store.pin(chains);
        try {
            for (int i = 0; i < diffIds.size(); i++) {
                Digest diffId = diffIds.get(i);
                if (store.layers().has(chains.get(i)) && store.content().has(diffId)) {
                    refs.add(new LayerRef(diffId, diffId, MediaTypes.OCI_LAYER_TAR, store.content().size(diffId)));
                    size += store.layers().info(chains.get(i)).map(x -> x.size()).orElse(0L);
                    continue;
                }
                try (InputStream in = decompress(new BufferedInputStream(Files.newInputStream(layerFiles.get(i)), 1 << 16))) {
                    LayerImporter.Imported imp = importer.importLayer(diffIds.subList(0, i), in, diffId);
                    refs.add(imp.ref());
                    size += imp.info().size();
                }
            }
            Image img = store.register(rawConfig, config, refs, size, null, names);
            List<String> out = new ArrayList<>();
            for (ImageReference n : names) {
                out.add("Loaded image: " + n.familiarString());
                store.publish("load", img.id().toString(), n.familiarString());
            }
            if (names.isEmpty()) {
                out.add("Loaded image ID: " + img.id());
                store.publish("load", img.id().toString(), null);
            }
            return out;
        } finally {
            store.unpin(chains);
        }
    }

    private static ImageReference parseName(String s) throws ImageArchiveException {
        try {
            return ImageReference.parse(s).withDefaultTag();
        } catch (InvalidReferenceException e) {
            throw new ImageArchiveException("invalid image archive: RepoTags entry " + e.getMessage());
        }
    }

    private byte[] blob(Path dir, Descriptor d) throws IOException {
        byte[] bytes = Files.readAllBytes(blobPath(dir, d.digest()));
        try (InputStream in = new VerifyingInputStream(new java.io.ByteArrayInputStream(bytes), d.digest(), d.size(),
                "blob " + d.digest())) {
            in.readAllBytes();
        }
        return bytes;
    }

    private Path blobPath(Path dir, Digest d) throws IOException {
        return file(dir, "blobs/" + d.algorithm() + "/" + d.encoded());
    }

    /** A file of the unpacked archive, by its name there (following the archive's own symlinks). */
    private Path file(Path dir, String name) throws IOException {
        List<String> parts = TarPaths.components(name);
        String rel = String.join("/", parts);
        for (int hops = 0; links.containsKey(rel) && hops < 10; hops++) {
            rel = links.get(rel);
        }
        Path p = dir.resolve(rel);
        if (rel.isEmpty() || !Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new ImageArchiveException("invalid image archive: \"" + name + "\" is missing");
        }
        return p;
    }

    /** Unpacks regular files and directories; symlinks are remembered (resolved inside the archive only). */
    private void extract(InputStream in, Path dir) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in, 65536, 512, StandardCharsets.UTF_8.name());
        TarArchiveEntry e;
        boolean any = false;
        while ((e = tar.getNextEntry()) != null) {
            any = true;
            List<String> parts;
            try {
                parts = TarPaths.components(e.getName());
            } catch (IOException bad) {
                throw new ImageArchiveException(bad.getMessage().replace("invalid layer", "invalid image archive"));
            }
            if (parts.isEmpty()) {
                continue;
            }
            String rel = String.join("/", parts);
            Path p = dir.resolve(rel);
            if (e.isDirectory()) {
                Files.createDirectories(p);
            } else if (e.isSymbolicLink() || e.isLink()) {
                String target = e.getLinkName();
                String base = e.isSymbolicLink() && parts.size() > 1 ? String.join("/", parts.subList(0, parts.size() - 1)) + "/" : "";
                links.put(rel, String.join("/", TarPaths.components(normalize(base + target))));
            } else if (e.isFile()) {
                Files.createDirectories(p.getParent());
                Files.copy(tar, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!any) {
            throw new ImageArchiveException("invalid image archive: the upload is empty or not a tar archive");
        }
    }

    /** Resolves {@code ..} inside the archive; one that climbs out of it is refused. */
    private static String normalize(String path) throws ImageArchiveException {
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (out.isEmpty()) {
                    throw new ImageArchiveException("invalid image archive: link to \"" + path + "\" leaves the archive");
                }
                out.remove(out.size() - 1);
            } else {
                out.add(c);
            }
        }
        return String.join("/", out);
    }

    /** Detects gzip and zstd by their magic numbers; anything else passes through. */
    static InputStream decompress(InputStream in) throws IOException {
        InputStream b = in.markSupported() ? in : new BufferedInputStream(in, 1 << 16);
        b.mark(4);
        byte[] magic = b.readNBytes(4);
        b.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(b, 1 << 16);
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f
                && (magic[3] & 0xff) == 0xfd) {
            return new BufferedInputStream(new ZstdInputStream(b), 1 << 16);
        }
        return b;
    }
}
