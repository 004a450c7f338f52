package dev.wharf.model.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wharf.model.image.Digest;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayersTest {

    // DiffIDs are sha256("layer0"), sha256("layer1"), sha256("layer2"); the ChainIDs were computed with
    // coreutils: printf '%s %s' "$CHAIN" "$DIFF" | sha256sum
    private static final Digest L0 = Digest.parse("sha256:4fbec69b941195fd56f8212a5000e304129451d82efca94ff0e0fb2d5355472e");
    private static final Digest L1 = Digest.parse("sha256:77ea7eee3d80b1a38f83906dd3048e2689457eb90e18a7d12f839c5ae37106a2");
    private static final Digest L2 = Digest.parse("sha256:95cf1a2e1698fe3ca1fcc3f653119146b271d0b62e487ec264441e886a11bd06");
    private static final Digest C01 = Digest.parse("sha256:ef232af0eb422cdfd7917631657cd8ed2bfd5b9461b37c427aa0d3e0a19adf79");
    private static final Digest C012 = Digest.parse("sha256:7ad3896338947cc04ee0b35b50d400ff32538d63f42f85ec87feac78bf71a54d");

    @Test
    void chainIdOfOneLayerIsItsDiffId() {
        assertEquals(L0, Layers.chainId(List.of(L0)));
    }

    @Test
    void chainIdMatchesTheKnownVector() {
        assertEquals(C01, Layers.chainId(List.of(L0, L1)));
        assertEquals(C012, Layers.chainId(List.of(L0, L1, L2)));
        assertEquals(List.of(L0, C01, C012), Layers.chainIds(List.of(L0, L1, L2)));
    }

    @Test
    void orderMatters() {
        assertEquals(false, Layers.chainId(List.of(L1, L0)).equals(C01));
    }

    @Test
    void emptyStackHasNoChainId() {
        assertThrows(IllegalArgumentException.class, () -> Layers.chainId(List.of()));
    }
}
