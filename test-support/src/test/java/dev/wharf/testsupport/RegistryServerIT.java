package dev.wharf.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.wharf.model.image.Digest;
import dev.wharf.model.image.MediaTypes;

class RegistryServerIT {

    @Test
    void anonymousRegistryServesPushedFixturesToSkopeoAndStopsCleanly() throws Exception {
        Path dir;
        long pid;
        try (RegistryServer registry = RegistryServer.start()) {
            dir = registry.dir();
            pid = registry.pid();
            assertTrue(registry.address().matches("127\\.0\\.0\\.1:\\d+"));
            assertEquals(1, Leaks.registriesUsing(dir).size());
            Fixtures.Pushed pushed = Fixtures.pushAll(registry);

            JsonNode bb = inspect(registry, "busybox:latest");
            assertEquals(pushed.busybox().manifestDigest().toString(), bb.get("Digest").asText());
            assertEquals(List.of(Fixtures.busybox().layerDigests().get(0).toString()), texts(bb.get("Layers")));
            assertEquals("amd64", bb.get("Architecture").asText());

            JsonNode ml = inspect(registry, "multilayer:latest");
            assertEquals(3, ml.get("Layers").size());
            assertEquals(pushed.multilayer().layerDigests().stream().map(Digest::toString).toList(), texts(ml.get("Layers")));
            assertEquals("multilayer", ml.get("Labels").get("dev.wharf.fixture").asText());

            JsonNode ociRaw = Json.MAPPER.readTree(Skopeo.inspect(registry.address() + "/oci/busybox:latest", true, null, null).orThrow());
            assertEquals(MediaTypes.OCI_MANIFEST, ociRaw.get("mediaType").asText());
            assertEquals(Fixtures.busybox().configDigest().toString(), ociRaw.get("config").get("digest").asText());

            JsonNode config = Json.MAPPER.readTree(Skopeo.run(List.of("inspect", "--config", "--tls-verify=false",
                    "docker://" + registry.address() + "/oci/multilayer:latest")).orThrow());
            assertEquals(pushed.ociMultilayer().diffIds().stream().map(Digest::toString).toList(),
                    texts(config.get("rootfs").get("diff_ids")));
            assertEquals(List.of("sh"), texts(config.get("config").get("Cmd")));

            JsonNode index = Json.MAPPER.readTree(Skopeo.inspect(registry.address() + "/multiarch/busybox:latest", true, null, null).orThrow());
            assertEquals(MediaTypes.OCI_INDEX, index.get("mediaType").asText());
            assertEquals(List.of("amd64", "arm64"), index.get("manifests").findValuesAsText("architecture"));
            // skopeo resolves the index to this machine's platform: the amd64 image
            JsonNode resolved = inspect(registry, "multiarch/busybox-list:latest");
            assertEquals("amd64", resolved.get("Architecture").asText());
            assertEquals(pushed.multiarchList().forArchitecture("amd64").manifestDigest(),
                    Digest.sha256(Skopeo.run(List.of("inspect", "--raw", "--tls-verify=false",
                            "docker://" + registry.address() + "/multiarch/busybox-list@"
                                    + pushed.multiarchList().forArchitecture("amd64").manifestDigest())).orThrow()
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));

            // the storage layout tests corrupt blobs through
            Path blob = registry.blobPath(Fixtures.busybox().configDigest());
            assertTrue(Files.isRegularFile(blob), blob.toString());
            assertTrue(Fixtures.busybox().configDigest().matches(Files.readAllBytes(blob)));
            assertTrue(Files.readString(registry.logFile()).contains("listening on 127.0.0.1:" + registry.port()));

            // pushing again uploads no blob (HEAD finds them all) and gives the same digests
            long uploadsBefore = countUploads(registry);
            assertTrue(uploadsBefore >= 5, "expected upload POSTs in the access log, saw " + uploadsBefore);
            Fixtures.Pushed again = Fixtures.pushAll(registry);
            assertEquals(uploadsBefore, countUploads(registry));
            assertEquals(pushed.multilayer().manifestDigest(), again.multilayer().manifestDigest());
            assertEquals(pushed.multiarch().digest(), again.multiarch().digest());
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "registry process still alive");
        assertTrue(Leaks.registriesUsing(dir).isEmpty());
        assertFalse(Files.exists(dir), "registry dir not deleted");
    }

    @Test
    void killBreaksTheRegistryAndRestartBringsBackTheSameContentOnTheSamePort() throws Exception {
        try (RegistryServer registry = RegistryServer.start()) {
            PushedImage image = Fixtures.pushBusybox(registry, "fault/busybox", "v1", ImageFormat.DOCKER);
            long before = registry.pid();
            registry.kill();
            assertFalse(registry.isRunning());
            assertThrows(IOException.class, () -> ping(registry));
            registry.restart();
            assertTrue(registry.isRunning());
            assertNotEquals(before, registry.pid());
            assertEquals(200, ping(registry));
            assertEquals(image.manifestDigest().toString(),
                    inspect(registry, "fault/busybox:v1").get("Digest").asText());
        }
    }

    @Test
    void corruptBlobKeepsTheSizeButBreaksTheDigest() throws Exception {
        try (RegistryServer registry = RegistryServer.start()) {
            Layer layer = Fixtures.busyboxLayer();
            Fixtures.pushBusybox(registry, "corrupt/busybox", "latest", ImageFormat.OCI);
            registry.corruptBlob(layer.digest());
            HttpResponse<byte[]> got = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build().send(
                    HttpRequest.newBuilder(registry.baseUri().resolve("/v2/corrupt/busybox/blobs/" + layer.digest())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, got.statusCode());
            assertEquals(layer.size(), got.body().length);
            assertFalse(layer.digest().matches(got.body()));
        }
    }

    @Test
    void twoRegistriesGetTheirOwnPortsAndDirs() {
        try (RegistryServer a = RegistryServer.start(); RegistryServer b = RegistryServer.start()) {
            assertNotEquals(a.port(), b.port());
            assertNotEquals(a.dir(), b.dir());
        }
    }

    @Test
    void registryRejectsABlobWhoseBytesDoNotMatchTheClaimedDigest() {
        try (RegistryServer registry = RegistryServer.start()) {
            ImagePusher pusher = new ImagePusher(registry);
            RegistryHttpException e = assertThrows(RegistryHttpException.class,
                    () -> pusher.pushBlob("bad/blob", Digest.sha256("other".getBytes()), "bytes".getBytes()));
            assertEquals(400, e.status());
            assertTrue(e.body().contains("DIGEST_INVALID"), e.body());
        }
    }

    private static long countUploads(RegistryServer registry) throws IOException {
        return Files.readAllLines(registry.logFile()).stream().filter(l -> l.contains("\"POST /v2/")).count();
    }

    static int ping(RegistryServer registry) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + registry.address() + "/v2/")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static JsonNode inspect(RegistryServer registry, String repoTag) throws IOException {
        return Json.MAPPER.readTree(Skopeo.inspect(registry.address() + "/" + repoTag, false,
                registry.username(), registry.password()).orThrow());
    }

    static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
