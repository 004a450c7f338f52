package dev.wharf.daemon.images;

import com.github.luben.zstd.ZstdInputStream;
import dev.wharf.daemon.content.ContentStore;
import dev.wharf.daemon.content.DigestMismatchException;
import dev.wharf.daemon.content.ReadAheadInputStream;
import dev.wharf.daemon.content.VerifyingInputStream;
import dev.wharf.daemon.layers.LayerFormatException;
import dev.wharf.daemon.layers.LayerInfo;
import dev.wharf.daemon.layers.LayerStore;
import dev.wharf.daemon.layers.LayerUnpacker;
import dev.wharf.daemon.registry.RegistryAuth;
import dev.wharf.daemon.registry.RegistrySession;
import dev.wharf.model.image.Digest;
import dev.wharf.model.image.ImageReference;
import dev.wharf.model.image.MediaTypes;
import dev.wharf.model.oci.Descriptor;
import dev.wharf.model.oci.ImageConfig;
import dev.wharf.model.oci.ImageIndex;
import dev.wharf.model.oci.ImageManifest;
import dev.wharf.model.oci.Layers;
import dev.wharf.model.oci.MalformedDocumentException;
import dev.wharf.model.oci.OciJson;
import dev.wharf.model.oci.Platform;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Pulls an image: manifest (an index resolved to the platform), config, then the missing layers, three at a
 * time, each streamed from the registry through size and digest checks, decompression, the DiffID check and the
 * unpacker at once. A layer appears in the store only once both digests matched.
 */
final class ImagePuller {
    static final int PARALLEL = 3;
    private final ImageStore store;
    private final ContentStore content;
    private final LayerStore layers;

    ImagePuller(ImageStore store) {
        this.store = store;
        this.content = store.content();
        this.layers = store.layers();
    }

    PullResult pull(ImageReference asked, RegistryAuth auth, Platform platform, ProgressListener l) throws IOException {
        ImageReference ref = asked.digest() != null ? asked : asked.withDefaultTag();
        Platform wanted = platform != null ? platform : Platform.LINUX_AMD64;
        l.progress(Progress.of(ref.digest() != null ? ref.digest().toString() : ref.tag(), "Pulling from " + ref.path()));
        RegistrySession session = store.registry().session(ref.registryHost(), ref.path(), auth, false);

        RegistrySession.FetchedManifest fetched = session.manifest(ref.manifestReference());
        Digest digest = verifyManifest(fetched, ref.digest(), ref.manifestReference());
        Digest pulledDigest = digest; // what RepoDigests records: the index's digest for a multi-platform image
        byte[] manifestBytes = fetched.bytes();
        String type = mediaType(fetched);
        if (MediaTypes.isIndex(type)) {
            ImageIndex index = parse(manifestBytes, ImageIndex.class);
            Descriptor d = index.select(wanted).orElseThrow(() -> new IOException(
                    "no matching manifest for " + wanted + " in the manifest list entries of " + ref.familiarString()));
            fetched = session.manifest(d.digest().toString());
            digest = verifyManifest(fetched, d.digest(), d.digest().toString());
            manifestBytes = fetched.bytes();
            type = mediaType(fetched);
        }
        if (!MediaTypes.isManifest(type)) {
            throw new IOException("unsupported manifest media type \"" + type + "\" for " + ref.familiarString()
                    + " (Docker schema 1 and other formats are not supported)");
        }
        ImageManifest manifest = parse(manifestBytes, ImageManifest.class);
        byte[] rawConfig = fetchConfig(session, manifest.config());
        ImageConfig config = parse(rawConfig, ImageConfig.class);
        if (platform != null && !config.platform().matches(platform)) {
            throw new IOException("image with reference " + ref.familiarString() + " was found but does not match the"
                    + " specified platform: wanted " + platform + ", actual: " + config.platform());
        }
        List<Digest> diffIds = config.rootfs() == null ? List.of() : config.rootfs().diffIds();
        if (diffIds.size() != manifest.layers().size()) {
            throw new IOException("invalid image " + ref.familiarString() + ": the manifest lists " + manifest.layers().size()
                    + " layers but the config has " + diffIds.size() + " DiffIDs");
        }
        for (Descriptor d : manifest.layers()) {
            if (!MediaTypes.isLayer(d.mediaType())) {
                throw new IOException("unsupported layer media type \"" + d.mediaType() + "\" in " + ref.familiarString());
            }
        }
        List<Digest> chains = Layers.chainIds(diffIds);
        Digest id = manifest.config().digest();
        boolean complete = store.get(id).isPresent() && chains.stream().allMatch(layers::has);

        store.pin(chains);
        try {
            long size = complete ? store.get(id).get().size() : fetchLayers(session, manifest.layers(), diffIds, chains, l);
            content.put(manifestBytes);
            List<LayerRef> refs = new ArrayList<>();
            for (int i = 0; i < diffIds.size(); i++) {
                Descriptor d = manifest.layers().get(i);
                refs.add(new LayerRef(diffIds.get(i), d.digest(), d.mediaType(), d.size()));
            }
            List<ImageReference> names = new ArrayList<>();
            if (ref.tag() != null) {
                names.add(ref.nameOnly().withTag(ref.tag()));
            }
            names.add(ref.nameOnly().withDigest(pulledDigest));
            Image image = store.register(rawConfig, config, refs, size, digest, names);
            l.progress(Progress.of(null, "Digest: " + pulledDigest));
            l.progress(Progress.of(null, "Status: " + (complete ? "Image is up to date for " : "Downloaded newer image for ")
                    + ref.familiarString()));
            store.publish("pull", ref.familiarString(), ref.familiarName());
            return new PullResult(image, ref, pulledDigest, !complete);
        } finally {
            store.unpin(chains);
        }
    }

    private long fetchLayers(RegistrySession session, List<Descriptor> descs, List<Digest> diffIds, List<Digest> chains,
                             ProgressListener l) throws IOException {
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < descs.size(); i++) {
            String shortId = descs.get(i).digest().shortHex();
            if (layers.has(chains.get(i))) {
                l.progress(Progress.of(shortId, "Already exists"));
            } else {
                l.progress(Progress.of(shortId, "Pulling fs layer"));
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, missing.size()), r -> {
                Thread t = new Thread(r, "pull-layer");
                t.setDaemon(true);
                return t;
            });
            List<Future<LayerInfo>> futures = new ArrayList<>();
            for (int i : missing) {
                Digest parent = i == 0 ? null : chains.get(i - 1);
                futures.add(pool.submit(() -> layer(session, descs.get(i), diffIds.get(i), chains.get(i), parent, l)));
            }
            IOException failure = null;
            for (Future<LayerInfo> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
                        futures.forEach(o -> o.cancel(true));
                    }
                } catch (java.util.concurrent.CancellationException e) {
                    // cancelled after the first failure
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = new IOException("interrupted");
                    futures.forEach(o -> o.cancel(true));
                }
            }
            pool.shutdownNow();
            try {
                // every task cleans up its staging dir before it ends
                pool.awaitTermination(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
        }
        long size = 0;
        for (Digest c : chains) {
            size += layers.info(c).map(LayerInfo::size).orElse(0L);
        }
        return size;
    }

    /** Downloads and unpacks one layer, once for all concurrent pulls that need it. */
    private LayerInfo layer(RegistrySession session, Descriptor d, Digest diffId, Digest chain, Digest parent,
                            ProgressListener l) throws IOException {
        String shortId = d.digest().shortHex();
        return content.singleFlight("layer:" + chain, () -> {
            if (layers.has(chain)) {
                l.progress(Progress.of(shortId, "Already exists"));
                return layers.info(chain).orElseThrow();
            }
            return download(session, d, diffId, chain, parent, l, shortId);
        });
    }

    private LayerInfo download(RegistrySession session, Descriptor d, Digest diffId, Digest chain, Digest parent,
                               ProgressListener l, String shortId) throws IOException {
        boolean local = content.has(d.digest());
        BlobDownload remote = local ? null : new BlobDownload(session, d.digest(), d.size(), content.partial(d.digest()));
        InputStream source = local ? content.open(d.digest()) : remote;
        ProgressInputStream counted = new ProgressInputStream(source, d.size(), l, shortId,
                remote != null ? remote.resumedFrom() : 0);
        VerifyingInputStream blob = new VerifyingInputStream(counted, d.digest(), d.size(), "layer " + d.digest());
        // fetch + size/digest check + keeping the blob on one core, decompress + DiffID + unpack on the other
        ReadAheadInputStream ahead = new ReadAheadInputStream(blob, 1 << 18, 16, "pull-fetch-" + shortId);
        try (source; ahead; LayerStore.Staging staging = layers.stage()) {
            VerifyingInputStream tar = new VerifyingInputStream(decompress(ahead, d.mediaType()), diffId, -1,
                    "the uncompressed layer " + shortId + " (DiffID)");
            long size;
            try {
                size = LayerUnpacker.unpack(tar, staging.diffDir());
                tar.drain();
                ahead.drain();
            } catch (BlobDownload.TransferFailed | DigestMismatchException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // corrupt bytes usually break decompression before the digest is known: report the digest
                // error if that is what it is
                try {
                    ahead.drain();
                } catch (DigestMismatchException | BlobDownload.TransferFailed dm) {
                    throw dm;
                } catch (IOException ignored) {
                    // the original problem is the better message
                }
                if (e instanceof LayerFormatException) {
                    throw e;
                }
                throw new IOException("cannot unpack layer " + d.digest() + ": " + e.getMessage(), e);
            }
            l.progress(Progress.of(shortId, "Verifying Checksum"));
            l.progress(Progress.of(shortId, "Download complete"));
            if (!local) {
                remote.close();
                content.commitPartial(d.digest());
            }
            LayerInfo info = staging.commit(new LayerInfo(chain, diffId, parent, size, tar.count()));
            l.progress(new Progress(shortId, "Extracting", tar.count(), tar.count()));
            l.progress(Progress.of(shortId, "Pull complete"));
            return info;
        } catch (BlobDownload.TransferFailed e) {
            throw e; // the partial download stays for a resume
        } catch (IOException | RuntimeException e) {
            if (!local) {
                content.discardPartial(d.digest());
            }
            throw e;
        }
    }

    private static InputStream decompress(InputStream in, String mediaType) throws IOException {
        return switch (MediaTypes.compressionOf(mediaType)) {
            case GZIP -> new GZIPInputStream(in, 1 << 16);
            case ZSTD -> new BufferedInputStream(new ZstdInputStream(in), 1 << 16);
            case NONE -> in;
        };
    }

    private byte[] fetchConfig(RegistrySession session, Descriptor d) throws IOException {
        if (content.has(d.digest())) {
            return content.read(d.digest());
        }
        if (d.size() > 16 << 20) {
            throw new IOException("image config " + d.digest() + " is too large (" + d.size() + " bytes)");
        }
        RegistrySession.Blob b = session.blob(d.digest(), 0);
        byte[] bytes;
        try (InputStream in = new VerifyingInputStream(b.body(), d.digest(), d.size(), "image config " + d.digest())) {
            bytes = in.readAllBytes();
        }
        return bytes;
    }

    private static Digest verifyManifest(RegistrySession.FetchedManifest m, Digest expected, String what) throws IOException {
        Digest actual = Digest.sha256(m.bytes());
        if (expected != null && !expected.equals(actual)) {
            throw new DigestMismatchException(expected, "digest mismatch: manifest " + what + " should have digest "
                    + expected + " but its content hashes to " + actual);
        }
        if (m.digestHeader() != null && m.digestHeader().startsWith("sha256:") && !m.digestHeader().equals(actual.toString())) {
            throw new DigestMismatchException(actual, "digest mismatch: the registry says manifest " + what + " has digest "
                    + m.digestHeader() + " but its content hashes to " + actual);
        }
        return actual;
    }

    /** The declared media type, or the document's own {@code mediaType} field when the header is generic. */
    private static String mediaType(RegistrySession.FetchedManifest m) {
        String t = MediaTypes.base(m.mediaType());
        if (MediaTypes.isIndex(t) || MediaTypes.isManifest(t)) {
            return t;
        }
        try {
            var n = OciJson.mapper().readTree(m.bytes());
            if (n.hasNonNull("mediaType")) {
                return MediaTypes.base(n.get("mediaType").asText());
            }
            if (n.has("manifests")) {
                return MediaTypes.OCI_INDEX;
            }
            if (n.has("config") && n.has("layers")) {
                return MediaTypes.OCI_MANIFEST;
            }
        } catch (IOException ignored) {
            // reported as unsupported below
        }
        return t.isEmpty() ? new String(m.bytes(), 0, Math.min(40, m.bytes().length), StandardCharsets.UTF_8) : t;
    }

    private static <T> T parse(byte[] bytes, Class<T> type) throws IOException {
        try {
            return OciJson.read(bytes, type).value();
        } catch (MalformedDocumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
