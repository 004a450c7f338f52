package dev.wharf.daemon.images;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.wharf.daemon.content.ContentStore;
import dev.wharf.daemon.events.EventBus;
import dev.wharf.daemon.layers.LayerStore;
import dev.wharf.daemon.registry.RegistryAuth;
import dev.wharf.daemon.registry.RegistryClient;
import dev.wharf.model.image.Digest;
import dev.wharf.model.image.ImageReference;
import dev.wharf.model.image.InvalidReferenceException;
import dev.wharf.model.oci.ImageConfig;
import dev.wharf.model.oci.Layers;
import dev.wharf.model.oci.OciJson;
import dev.wharf.model.oci.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local images: configs in the content store, unpacked layers in the layer store, names and metadata as
 * JSON under {@code <data-root>/images} ({@code repositories.json}: canonical reference → image ID;
 * {@code meta/<hex>.json}: layers and blobs). Layers shared by images are stored once; a layer is removed when
 * no image (or pull in progress) refers to it any more.
 */
public final class ImageStore {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{1,64}");

    private final Path root;
    private final ContentStore content;
    private final LayerStore layers;
    private final RegistryClient registry;
    private final EventBus events;
    private final Map<Digest, ImageMeta> metas = new HashMap<>();
    private final Map<Digest, ImageConfig> configs = new HashMap<>();
    private final TreeMap<String, Digest> refs = new TreeMap<>();
    private final ConcurrentHashMap<Digest, Integer> pins = new ConcurrentHashMap<>();
    private volatile Function<Digest, Optional<String>> inUse = id -> Optional.empty();
    private final ImagePuller puller;

    public ImageStore(Path dataRoot, RegistryClient registry, EventBus events) throws IOException {
        this.root = dataRoot.resolve("images");
        this.content = new ContentStore(dataRoot.resolve("content"));
        this.layers = new LayerStore(dataRoot.resolve("layers"));
        this.registry = registry;
        this.events = events;
        Files.createDirectories(root.resolve("meta"));
        load();
        this.puller = new ImagePuller(this);
    }

    public ContentStore content() {
        return content;
    }

    public LayerStore layers() {
        return layers;
    }

    public RegistryClient registry() {
        return registry;
    }

    void publish(String action, String id, String name) {
        if (events != null) {
            events.publish("image", action, id, name == null ? Map.of() : Map.of("name", name));
        }
    }

    /**
     * Lets removal ask whether a container uses an image: the function returns the ID of such a container, with a
     * {@code running:} prefix if it is running (which even {@code force} does not override).
     */
    public void setInUse(Function<Digest, Optional<String>> containerUsingImage) {
        this.inUse = containerUsingImage == null ? id -> Optional.empty() : containerUsingImage;
    }

    Optional<String> usedBy(Digest id) {
        return inUse.apply(id);
    }

    // ---- lookup ----

    /**
     * Finds an image as docker does: full ID (with or without {@code sha256:}), name[:tag] (default tag latest),
     * name@digest, or a unique ID prefix.
     */
    public synchronized Optional<Image> find(String nameOrId) {
        if (nameOrId == null || nameOrId.isBlank()) {
            return Optional.empty();
        }
        String s = nameOrId.trim();
        boolean prefixed = s.startsWith("sha256:");
        String hex = prefixed ? s.substring(7) : s;
        if (HEX.matcher(hex).matches() && hex.length() == 64) {
            return get(Digest.sha256Hex(hex));
        }
        if (!prefixed) {
            try {
                ImageReference ref = ImageReference.parse(s);
                Digest id = refs.get(canonical(ref));
                if (id != null) {
                    return get(id);
                }
            } catch (InvalidReferenceException e) {
                // not a name: maybe an ID prefix
            }
        }
        if (HEX.matcher(hex).matches()) {
            List<Digest> hits = metas.values().stream().filter(m -> !m.hidden() && m.id().encoded().startsWith(hex))
                    .map(ImageMeta::id).toList();
            if (hits.size() == 1) {
                return get(hits.get(0));
            }
        }
        return Optional.empty();
    }

    /** The image with this ID, also one kept only for a container that uses it. */
    public synchronized Optional<Image> get(Digest id) {
        ImageMeta m = metas.get(id);
        return m == null ? Optional.empty() : Optional.of(image(m));
    }

    /** Every image that has not been removed, newest first. */
    public synchronized List<Image> list() {
        return metas.values().stream().filter(m -> !m.hidden()).map(this::image)
                .sorted(Comparator.comparing(Image::created).reversed()).toList();
    }

    synchronized Optional<ImageMeta> meta(Digest id) {
        return Optional.ofNullable(metas.get(id));
    }

    /** The exact config bytes (the image ID is their digest). */
    public byte[] rawConfig(Image image) throws IOException {
        return content.read(image.id());
    }

    /** Each layer's unpacked directory, LOWEST first (reverse it for an overlay lowerdir). */
    public List<Path> layerDirs(Image image) {
        return Layers.chainIds(image.diffIds()).stream().map(layers::diffDir).toList();
    }

    /** The ChainIDs of an image's layers, lowest first. */
    public static List<Digest> chainIds(Image image) {
        return Layers.chainIds(image.diffIds());
    }

    private Image image(ImageMeta m) {
        ImageConfig c = configs.get(m.id());
        List<String> tags = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        refs.forEach((r, id) -> {
            if (id.equals(m.id())) {
                ImageReference ref = ImageReference.parse(r);
                if (ref.digest() != null) {
                    digests.add(ref.familiarName() + "@" + ref.digest());
                } else {
                    tags.add(ref.familiarString());
                }
            }
        });
        Instant created = c.created() != null ? c.created() : m.stored();
        return new Image(m.id(), c, c.rootfs() == null ? List.of() : c.rootfs().diffIds(), tags, digests, created, m.size());
    }

    static String canonical(ImageReference ref) {
        if (ref.digest() != null) {
            return ref.nameOnly().withDigest(ref.digest()).toString();
        }
        return ref.withDefaultTag().toString();
    }

    // ---- pull, commit, registration ----

    /** Pulls an image from its registry; usable without HTTP. Platform null means linux/amd64. */
    public PullResult pull(ImageReference ref, RegistryAuth authOrNull, Platform platformOrNull, ProgressListener listener)
            throws IOException {
        return puller.pull(ref, authOrNull, platformOrNull, listener == null ? ProgressListener.NONE : listener);
    }

    /**
     * Imports an uncompressed layer tar (OCI whiteouts as {@code .wh.} entries) on top of {@code parentOrNull}
     * and creates an image from {@code newConfig}, whose {@code rootfs} is replaced by the parent's DiffIDs plus
     * the new one; everything else (history, config, created) is taken as given.
     */
    public Image commit(Image parentOrNull, InputStream uncompressedLayerTar, ImageConfig newConfig, String repoTagOrNull)
            throws IOException {
        return new LayerImporter(this).commit(parentOrNull, uncompressedLayerTar, newConfig, repoTagOrNull);
    }

    /**
     * Keeps these layers (ChainIDs) on disk while something is being built on them (a pull, a commit, a container
     * being created), even if their image is removed meanwhile; pair every pin with an {@link #unpin}.
     */
    public void pin(List<Digest> chainIds) {
        chainIds.forEach(c -> pins.merge(c, 1, Integer::sum));
    }

    public void unpin(List<Digest> chainIds) {
        chainIds.forEach(c -> pins.computeIfPresent(c, (k, v) -> v == 1 ? null : v - 1));
    }

    /** Records an image whose config and layers are in place, and names it. */
    synchronized Image register(byte[] rawConfig, ImageConfig config, List<LayerRef> layerRefs, long size, Digest manifest,
                                List<ImageReference> names) throws IOException {
        Digest id = content.put(rawConfig);
        ImageMeta m = metas.get(id);
        if (m == null || m.hidden()) {
            m = new ImageMeta(id, layerRefs, Instant.now(), size, manifest, false);
        } else if (manifest != null) {
            m = m.withLayers(layerRefs, manifest);
        }
        metas.put(id, m);
        configs.put(id, config);
        writeMeta(m);
        for (ImageReference n : names) {
            refs.put(canonical(n), id);
        }
        writeRefs();
        return image(m);
    }

    /** Points {@code ref} at {@code image} (moving it from any other image). */
    public synchronized void tag(Image image, ImageReference ref) throws IOException {
        refs.put(canonical(ref), image.id());
        writeRefs();
        publish("tag", image.id().toString(), ref.familiarString());
    }

    synchronized void addRef(Digest id, ImageReference ref) throws IOException {
        refs.put(canonical(ref), id);
        writeRefs();
    }

    synchronized Map<String, Digest> refsSnapshot() {
        return new TreeMap<>(refs);
    }

    synchronized boolean removeRef(String canonicalRef) throws IOException {
        boolean removed = refs.remove(canonicalRef) != null;
        if (removed) {
            writeRefs();
        }
        return removed;
    }

    synchronized List<String> refsOf(Digest id) {
        return refs.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).toList();
    }

    synchronized void updateMeta(ImageMeta m) throws IOException {
        metas.put(m.id(), m);
        writeMeta(m);
    }

    /**
     * Deletes an image record (its names must be gone) and every layer and blob no other image uses.
     *
     * @return the removed ChainIDs, topmost first
     */
    synchronized List<Digest> deleteImage(Digest id) throws IOException {
        ImageMeta m = metas.remove(id);
        ImageConfig c = configs.remove(id);
        refs.values().removeIf(id::equals);
        writeRefs();
        Files.deleteIfExists(metaFile(id));
        if (m == null || c == null) {
            return List.of();
        }
        Set<Digest> usedChains = new HashSet<>(pins.keySet());
        Set<Digest> usedBlobs = new HashSet<>();
        for (ImageMeta other : metas.values()) {
            ImageConfig oc = configs.get(other.id());
            usedChains.addAll(Layers.chainIds(oc.rootfs().diffIds()));
            other.layers().forEach(l -> usedBlobs.add(l.blob()));
            usedBlobs.add(other.id());
            if (other.manifest() != null) {
                usedBlobs.add(other.manifest());
            }
        }
        List<Digest> chains = new ArrayList<>(Layers.chainIds(c.rootfs().diffIds()));
        List<Digest> removed = new ArrayList<>();
        for (int i = chains.size() - 1; i >= 0; i--) {
            Digest chain = chains.get(i);
            if (!usedChains.contains(chain) && layers.has(chain)) {
                layers.remove(chain);
                removed.add(chain);
            }
        }
        for (LayerRef l : m.layers()) {
            if (l.blob() != null && !usedBlobs.contains(l.blob())) {
                content.delete(l.blob());
            }
        }
        if (m.manifest() != null && !usedBlobs.contains(m.manifest())) {
            content.delete(m.manifest());
        }
        if (!usedBlobs.contains(id)) {
            content.delete(id);
        }
        return removed;
    }

    /** Hidden images whose container is gone: delete them now. */
    synchronized void sweepHidden() throws IOException {
        for (ImageMeta m : new ArrayList<>(metas.values())) {
            if (m.hidden() && usedBy(m.id()).isEmpty()) {
                deleteImage(m.id());
            }
        }
    }

    private final Map<String, java.util.function.Supplier<Object>> diskUsage = new ConcurrentHashMap<>();

    /**
     * Adds or replaces a top-level field of {@code GET /system/df} (the containers and volumes parts:
     * {@code Containers}, {@code Volumes}); the images part is this store's.
     */
    public void contributeDiskUsage(String field, java.util.function.Supplier<Object> value) {
        diskUsage.put(field, value);
    }

    Map<String, java.util.function.Supplier<Object>> diskUsageParts() {
        return diskUsage;
    }

    /** The sum of the sizes of all layers in the store (for {@code docker system df}). */
    public long layersSize() throws IOException {
        return layers.list().stream().mapToLong(l -> l.size()).sum();
    }

    // ---- persistence ----

    private Path metaFile(Digest id) {
        return root.resolve("meta").resolve(id.encoded() + ".json");
    }

    private void load() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("meta"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!p.toString().endsWith(".json")) {
                    continue;
                }
                ImageMeta m = OciJson.mapper().readValue(p.toFile(), ImageMeta.class);
                if (!content.has(m.id())) {
                    continue; // its config is gone: not an image
                }
                metas.put(m.id(), m);
                configs.put(m.id(), OciJson.read(content.read(m.id()), ImageConfig.class).value());
            }
        }
        Path r = root.resolve("repositories.json");
        if (Files.exists(r)) {
            Map<String, String> saved = OciJson.mapper().readValue(r.toFile(), new TypeReference<Map<String, String>>() { });
            saved.forEach((k, v) -> {
                Digest id = Digest.parse(v);
                if (metas.containsKey(id)) {
                    refs.put(k, id);
                }
            });
        }
    }

    private void writeMeta(ImageMeta m) throws IOException {
        writeAtomically(metaFile(m.id()), OciJson.write(m));
    }

    private void writeRefs() throws IOException {
        Map<String, String> out = new TreeMap<>();
        refs.forEach((k, v) -> out.put(k, v.toString()));
        writeAtomically(root.resolve("repositories.json"), OciJson.write(out));
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
