package dev.wharf.daemon.images;

import dev.wharf.daemon.content.ContentStore;
import dev.wharf.daemon.content.TeeInputStream;
import dev.wharf.daemon.content.VerifyingInputStream;
import dev.wharf.daemon.layers.LayerInfo;
import dev.wharf.daemon.layers.LayerStore;
import dev.wharf.daemon.layers.LayerUnpacker;
import dev.wharf.model.image.Digest;
import dev.wharf.model.image.ImageReference;
import dev.wharf.model.image.MediaTypes;
import dev.wharf.model.oci.History;
import dev.wharf.model.oci.ImageConfig;
import dev.wharf.model.oci.Layers;
import dev.wharf.model.oci.OciJson;
import dev.wharf.model.oci.RootFs;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports local layer tars (a container commit, a {@code docker load}): unpacks while hashing the DiffID and
 * keeps the plain tar as a blob, so that push and save can use it later.
 */
final class LayerImporter {
    private final ImageStore store;
    private final ContentStore content;
    private final LayerStore layers;

    LayerImporter(ImageStore store) {
        this.store = store;
        this.content = store.content();
        this.layers = store.layers();
    }

    record Imported(LayerInfo info, LayerRef ref) {
    }

    /**
     * Imports one uncompressed layer tar on top of {@code parentDiffIds}.
     *
     * @param expectedDiffId null, or the DiffID the tar must hash to (a load checks the config's rootfs)
     */
    Imported importLayer(List<Digest> parentDiffIds, InputStream tar, Digest expectedDiffId) throws IOException {
        Path tmp = content.newTemp();
        try {
            VerifyingInputStream v;
            LayerInfo info;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                 LayerStore.Staging st = layers.stage()) {
                v = new VerifyingInputStream(new TeeInputStream(tar, out), expectedDiffId, -1, "layer tar");
                long size = LayerUnpacker.unpack(v, st.diffDir());
                v.drain();
                out.flush();
                Digest diffId = v.digest();
                List<Digest> all = new ArrayList<>(parentDiffIds);
                all.add(diffId);
                List<Digest> chains = Layers.chainIds(all);
                Digest chain = chains.get(chains.size() - 1);
                Digest parent = chains.size() > 1 ? chains.get(chains.size() - 2) : null;
                LayerInfo candidate = new LayerInfo(chain, diffId, parent, size, v.count());
                info = layers.has(chain) ? layers.info(chain).orElse(candidate) : st.commit(candidate);
            }
            content.adopt(tmp, info.diffId());
            return new Imported(info, new LayerRef(info.diffId(), info.diffId(), MediaTypes.OCI_LAYER_TAR, info.tarSize()));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    Image commit(Image parent, InputStream tar, ImageConfig newConfig, String repoTag) throws IOException {
        List<Digest> parentDiffs = parent == null ? List.of() : parent.diffIds();
        List<Digest> parentChains = Layers.chainIds(parentDiffs);
        ImageReference name = repoTag == null || repoTag.isBlank() ? null : ImageReference.parse(repoTag);
        store.pin(parentChains);
        try {
            Imported imp = importLayer(parentDiffs, tar, null);
            List<Digest> diffs = new ArrayList<>(parentDiffs);
            diffs.add(imp.info().diffId());
            ImageConfig pc = parent == null ? null : parent.config();
            List<History> history = newConfig.history();
            if (history == null || history.isEmpty()) {
                history = new ArrayList<>(pc == null || pc.history() == null ? List.of() : pc.history());
                history.add(new History(Instant.now(), "", newConfig.author(), null, null));
            }
            ImageConfig cfg = new ImageConfig(
                    newConfig.created() != null ? newConfig.created() : Instant.now(),
                    newConfig.author(),
                    first(newConfig.architecture(), pc == null ? null : pc.architecture(), "amd64"),
                    first(newConfig.os(), pc == null ? null : pc.os(), "linux"),
                    newConfig.variant() != null ? newConfig.variant() : pc == null ? null : pc.variant(),
                    newConfig.config(),
                    RootFs.layers(diffs),
                    history);
            List<LayerRef> refs = new ArrayList<>(parent == null ? List.of()
                    : store.meta(parent.id()).map(ImageMeta::layers).orElse(List.of()));
            refs.add(imp.ref());
            long size = (parent == null ? 0 : parent.size()) + imp.info().size();
            Image img = store.register(OciJson.write(cfg), cfg, refs, size, null, name == null ? List.of() : List.of(name));
            if (name != null) {
                store.publish("tag", img.id().toString(), name.familiarString());
            }
            return img;
        } finally {
            store.unpin(parentChains);
        }
    }

    private static String first(String a, String b, String c) {
        return a != null && !a.isEmpty() ? a : b != null && !b.isEmpty() ? b : c;
    }
}
