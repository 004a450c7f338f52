package dev.wharf.model.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MediaTypesTest {

    @Test
    void classifiesManifestsAndIndexes() {
        assertTrue(MediaTypes.isManifest(MediaTypes.DOCKER_MANIFEST_V2));
        assertTrue(MediaTypes.isManifest(MediaTypes.OCI_MANIFEST + "; charset=utf-8"));
        assertFalse(MediaTypes.isManifest(MediaTypes.OCI_INDEX));
        assertTrue(MediaTypes.isIndex(MediaTypes.OCI_INDEX));
        assertTrue(MediaTypes.isIndex(MediaTypes.DOCKER_MANIFEST_LIST));
        assertFalse(MediaTypes.isIndex(null));
        assertTrue(MediaTypes.isConfig(MediaTypes.DOCKER_CONFIG));
        assertEquals("application/vnd.docker.container.image.v1+json", MediaTypes.DOCKER_CONFIG);
    }

    @Test
    void layerCompression() {
        assertEquals(Compression.GZIP, MediaTypes.compressionOf(MediaTypes.DOCKER_LAYER_GZIP));
        assertEquals(Compression.GZIP, MediaTypes.compressionOf(MediaTypes.DOCKER_LAYER_FOREIGN_GZIP));
        assertEquals(Compression.GZIP, MediaTypes.compressionOf(MediaTypes.OCI_LAYER_GZIP));
        assertEquals(Compression.GZIP, MediaTypes.compressionOf(MediaTypes.OCI_LAYER_NONDIST_GZIP));
        assertEquals(Compression.ZSTD, MediaTypes.compressionOf(MediaTypes.OCI_LAYER_ZSTD));
        assertEquals(Compression.NONE, MediaTypes.compressionOf(MediaTypes.OCI_LAYER_TAR));
        assertEquals(Compression.NONE, MediaTypes.compressionOf(MediaTypes.OCI_LAYER_NONDIST_TAR));
        assertTrue(MediaTypes.isLayer(MediaTypes.OCI_LAYER_ZSTD));
        assertFalse(MediaTypes.isLayer(MediaTypes.OCI_CONFIG));
        assertFalse(MediaTypes.isLayer(MediaTypes.OCI_EMPTY));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MediaTypes.compressionOf("application/vnd.in-toto+json"));
        assertTrue(e.getMessage().contains("application/vnd.in-toto+json"), e.getMessage());
    }
}
