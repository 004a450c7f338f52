package dev.wharf.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.wharf.model.image.Digest;

/** skopeo copies the pushed three-layer image to an OCI layout; its top layer carries the whiteouts. */
class MultilayerLayoutIT {

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.MULTILAYER_REPO, Fixtures.OCI_MULTILAYER_REPO})
    void topLayerHoldsTheWhiteoutAndTheOpaqueMarkerBeforeItsSiblings(String repo, @TempDir Path tmp) throws Exception {
        try (RegistryServer registry = RegistryServer.start()) {
            Fixtures.pushAll(registry);
            Path layout = tmp.resolve("layout");
            Skopeo.copyFrom(registry.address() + "/" + repo + ":latest", "oci:" + layout + ":ml", null, null).orThrow();

            JsonNode index = Json.MAPPER.readTree(layout.resolve("index.json").toFile());
            JsonNode manifest = Json.MAPPER.readTree(blob(layout, index.get("manifests").get(0).get("digest").asText()));
            JsonNode layers = manifest.get("layers");
            assertEquals(3, layers.size());
            JsonNode config = Json.MAPPER.readTree(blob(layout, manifest.get("config").get("digest").asText()));
            List<String> diffIds = RegistryServerIT.texts(config.get("rootfs").get("diff_ids"));
            assertEquals(Fixtures.multilayer().diffIds().stream().map(Digest::toString).toList(), diffIds);

            byte[] top = gunzip(blob(layout, layers.get(2).get("digest").asText()));
            assertEquals(diffIds.get(2), Digest.sha256(top).toString());
            assertEquals(List.of("data/", "data/.wh.old.txt", "data/dir/", "data/dir/.wh..wh..opq", "data/dir/c.txt"),
                    LayerTarTest.read(top).stream().map(TarArchiveEntry::getName).toList());

            List<String> middle = LayerTarTest.read(gunzip(blob(layout, layers.get(1).get("digest").asText())))
                    .stream().map(TarArchiveEntry::getName).toList();
            assertTrue(middle.containsAll(List.of("data/old.txt", "data/dir/a.txt", "data/dir/b.txt", "data/keep.txt", "data/blob.bin")), middle.toString());
            assertEquals(Fixtures.busyboxLayer().digest().toString(), layers.get(0).get("digest").asText());
        }
    }

    private static byte[] blob(Path layout, String digest) throws IOException {
        return Files.readAllBytes(layout.resolve("blobs/sha256").resolve(Digest.parse(digest).encoded()));
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
