package dev.wharf.model.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.model.image.Compression;
import dev.wharf.model.image.Digest;
import dev.wharf.model.image.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads realistic manifests, an index and a config from src/test/resources/oci and writes them back. */
class OciDocumentsTest {

    @Test
    void indexSelectsTheAskedPlatformAndKeepsItsBytes() throws IOException {
        byte[] bytes = resource("index.json");
        RawDocument<ImageIndex> doc = OciJson.read(bytes, ImageIndex.class);

        assertArrayEquals(bytes, doc.bytes(), "raw bytes kept byte for byte");
        assertEquals(Digest.sha256(bytes), doc.digest());
        assertNotEquals(doc.digest(), Digest.sha256(OciJson.write(doc.value())),
                "a re-serialization differs (whitespace), which is why the raw bytes are kept");

        ImageIndex index = doc.value();
        assertEquals(2, index.schemaVersion());
        assertEquals(MediaTypes.OCI_INDEX, index.mediaType());
        assertEquals(6, index.manifests().size());

        // the first linux/amd64 entry has an unknown media type and must be skipped, not fail
        Descriptor amd64 = index.select(Platform.LINUX_AMD64).orElseThrow();
        assertEquals("sha256:2919d0172f7524b2d8df9e50066a682669e6d170ac0f6a49676d54358fe970b5", amd64.digest().toString());
        assertEquals(610, amd64.size());
        assertEquals("amd64", amd64.annotation("com.docker.official-images.bashbrew.arch"));

        Descriptor arm64 = index.select(Platform.parse("linux/arm64")).orElseThrow();
        assertEquals("arm64", arm64.platform().architecture());
        assertEquals(arm64, index.select(Platform.parse("linux/arm64/v8")).orElseThrow());
        assertEquals("v7", index.select(Platform.parse("linux/arm/v7")).orElseThrow().platform().variant());
        assertTrue(index.select(Platform.parse("linux/arm/v6")).isEmpty());
        assertTrue(index.select(Platform.parse("linux/s390x")).isEmpty());

        Platform windows = index.manifests().get(5).platform();
        assertEquals("10.0.20348.2340", windows.osVersion());
        assertEquals(List.of("win32k"), windows.osFeatures());
        String written = new String(OciJson.write(windows), StandardCharsets.UTF_8);
        assertEquals("{\"architecture\":\"amd64\",\"os\":\"windows\",\"os.version\":\"10.0.20348.2340\","
                + "\"os.features\":[\"win32k\"]}", written);
    }

    @Test
    void dockerSchema2ManifestRoundTrips() throws IOException {
        byte[] bytes = resource("docker-manifest.json");
        RawDocument<ImageManifest> doc = OciJson.read(bytes, ImageManifest.class);
        assertArrayEquals(bytes, doc.bytes());
        assertEquals(Digest.sha256(bytes), doc.digest());
        assertEquals(bytes.length, doc.size());

        ImageManifest m = doc.value();
        assertEquals(2, m.schemaVersion());
        assertEquals(MediaTypes.DOCKER_MANIFEST_V2, m.mediaType());
        assertNull(m.artifactType());
        assertEquals(MediaTypes.DOCKER_CONFIG, m.config().mediaType());
        assertEquals("sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824",
                m.config().digest().toString());
        assertEquals(2, m.layers().size());
        assertEquals(Compression.GZIP, MediaTypes.compressionOf(m.layers().get(0).mediaType()));
        assertEquals(2220094L + 52428800L, m.layersSize());

        byte[] rewritten = OciJson.write(m);
        assertEquals(m, OciJson.read(rewritten, ImageManifest.class).value());
        assertArrayEquals(rewritten, OciJson.write(OciJson.read(rewritten, ImageManifest.class).value()),
                "writing is deterministic");
        String json = new String(rewritten, StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST_V2 + "\",\"config\":"
                + "{\"mediaType\":\"" + MediaTypes.DOCKER_CONFIG + "\",\"digest\":\"sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824\","
                + "\"size\":1457},\"layers\":["), json);
    }

    @Test
    void configWithHistoryAndDiffIds() throws IOException {
        byte[] bytes = resource("config.json");
        RawDocument<ImageConfig> doc = OciJson.read(bytes, ImageConfig.class);
        assertArrayEquals(bytes, doc.bytes());

        ImageConfig c = doc.value();
        assertEquals(Instant.parse("2024-05-22T18:18:12.052034407Z"), c.created());
        assertEquals(Platform.LINUX_AMD64, c.platform());
        ContainerConfig cc = c.config();
        assertEquals("app", cc.user());
        assertEquals(List.of("sh"), cc.cmd());
        assertNull(cc.entrypoint());
        assertEquals("/srv", cc.workingDir());
        assertEquals("SIGQUIT", cc.stopSignal());
        assertEquals(Boolean.TRUE, cc.argsEscaped());
        assertTrue(cc.exposedPorts().containsKey("8080/tcp"));
        assertTrue(cc.volumes().containsKey("/data"));
        assertEquals("demo", cc.labels().get("org.opencontainers.image.title"));
        assertEquals(30_000_000_000L, cc.healthcheck().interval());
        assertEquals(3, cc.healthcheck().retries());
        assertEquals("CMD-SHELL", cc.healthcheck().test().get(0));

        assertEquals(RootFs.LAYERS, c.rootfs().type());
        assertEquals(2, c.rootfs().diffIds().size());
        assertEquals(3, c.history().size());
        assertFalse(c.history().get(1).madeLayer());
        assertTrue(c.history().get(2).madeLayer());
        assertEquals("buildkit.dockerfile.v0", c.history().get(2).comment());
        assertEquals(Instant.parse("2024-05-23T07:00:00Z"), c.history().get(2).created(), "offsets are read");
        assertEquals(c.history().stream().filter(History::madeLayer).count(), c.rootfs().diffIds().size());

        String json = new String(OciJson.write(c), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"created\":\"2024-05-22T18:18:12.052034407Z\",\"architecture\":\"amd64\","
                + "\"os\":\"linux\",\"config\":{\"User\":\"app\",\"ExposedPorts\":{\"53/udp\":{},\"8080/tcp\":{}},"), json);
        assertTrue(json.contains("\"Labels\":{\"maintainer\":\"wharf\",\"org.opencontainers.image.title\":\"demo\"}"), json);
        assertTrue(json.contains("\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:4fbec69b"), json);
        assertTrue(json.contains("{\"created\":\"2024-05-22T18:18:12.052034407Z\",\"created_by\":\"/bin/sh -c #(nop)  CMD [\\\"sh\\\"]\",\"empty_layer\":true}"), json);
        assertFalse(json.contains("Entrypoint") || json.contains("docker_version") || json.contains("null"), json);
        assertEquals(c, OciJson.read(json.getBytes(StandardCharsets.UTF_8), ImageConfig.class).value());
    }

    @Test
    void malformedDocumentsGiveAClearErrorNamingTheDocumentType() {
        MalformedDocumentException e = assertThrows(MalformedDocumentException.class,
                () -> OciJson.read("{\"schemaVersion\": 2,".getBytes(StandardCharsets.UTF_8), ImageManifest.class));
        assertTrue(e.getMessage().startsWith("malformed image manifest: "), e.getMessage());

        e = assertThrows(MalformedDocumentException.class, () -> OciJson.read(
                "{\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"sha256:abc\",\"size\":1}]}".getBytes(StandardCharsets.UTF_8),
                ImageIndex.class));
        assertTrue(e.getMessage().startsWith("malformed image index: "), e.getMessage());
        assertTrue(e.getMessage().contains("invalid digest \"sha256:abc\""), e.getMessage());
        assertTrue(e.getMessage().contains("manifests[0].digest"), e.getMessage());

        e = assertThrows(MalformedDocumentException.class,
                () -> OciJson.read("{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8), ImageManifest.class));
        assertTrue(e.getMessage().contains("manifest has no config descriptor"), e.getMessage());
        e = assertThrows(MalformedDocumentException.class,
                () -> OciJson.read("{\"schemaVersion\":1,\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8), ImageManifest.class));
        assertTrue(e.getMessage().contains("schema 1 manifests are not supported"), e.getMessage());

        e = assertThrows(MalformedDocumentException.class,
                () -> OciJson.read("{\"created\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8), ImageConfig.class));
        assertTrue(e.getMessage().startsWith("malformed image config: "), e.getMessage());
        assertTrue(e.getMessage().contains("yesterday"), e.getMessage());

        assertThrows(MalformedDocumentException.class, () -> OciJson.read(new byte[0], ImageConfig.class));
        assertThrows(MalformedDocumentException.class, () -> OciJson.read("null".getBytes(StandardCharsets.UTF_8), ImageConfig.class));
    }

    @Test
    void documentOfAValueDigestsItsWrittenBytes() {
        Descriptor config = new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(new byte[] {1}), 1);
        Descriptor layer = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(new byte[] {2}), 2,
                null, Map.of("b", "2", "a", "1"), null);
        RawDocument<ImageManifest> doc = OciJson.document(ImageManifest.of(MediaTypes.OCI_MANIFEST, config, List.of(layer)));
        assertEquals(Digest.sha256(doc.bytes()), doc.digest());
        assertEquals(doc, OciJson.document(OciJson.read(doc.bytes(), ImageManifest.class).value()));
        String json = new String(doc.bytes(), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"annotations\":{\"a\":\"1\",\"b\":\"2\"}"), "map keys sorted: " + json);
        assertEquals(new Descriptor(MediaTypes.OCI_MANIFEST, doc.digest(), doc.size()), doc.descriptor(MediaTypes.OCI_MANIFEST));
    }

    @Test
    void rawDocumentBytesCannotBeChangedFromOutside() {
        byte[] bytes = "{\"manifests\":[]}".getBytes(StandardCharsets.UTF_8);
        RawDocument<ImageIndex> doc = OciJson.read(bytes, ImageIndex.class);
        Digest before = doc.digest();
        bytes[0] = ' ';
        assertEquals(before, doc.digest());
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = OciDocumentsTest.class.getResourceAsStream("/oci/" + name)) {
            return in.readAllBytes();
        }
    }
}
