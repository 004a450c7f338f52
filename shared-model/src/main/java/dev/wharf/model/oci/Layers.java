package dev.wharf.model.oci;

import dev.wharf.model.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Layer identities derived from DiffIDs (the digests of the uncompressed layer tars). */
public final class Layers {

    private Layers() {
    }

    /**
     * The ChainID of a stack of layers, base first: ChainID(L0) = DiffID(L0);
     * ChainID(L0..Ln) = sha256(ChainID(L0..Ln-1) + " " + DiffID(Ln)). It names the filesystem that results
     * from applying the layers in order, so equal stacks share storage.
     *
     * @throws IllegalArgumentException if {@code diffIds} is empty
     */
    public static Digest chainId(List<Digest> diffIds) {
        List<Digest> all = chainIds(diffIds);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("a ChainID needs at least one DiffID");
        }
        return all.get(all.size() - 1);
    }

    /** The ChainID of every prefix of the stack: element i is the ChainID of layers 0..i. */
    public static List<Digest> chainIds(List<Digest> diffIds) {
        List<Digest> out = new ArrayList<>(diffIds.size());
        Digest chain = null;
        for (Digest diffId : diffIds) {
            chain = chain == null ? diffId
                    : Digest.sha256((chain + " " + diffId).getBytes(StandardCharsets.US_ASCII));
            out.add(chain);
        }
        return List.copyOf(out);
    }
}
