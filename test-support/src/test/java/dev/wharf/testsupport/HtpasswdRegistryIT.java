package dev.wharf.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class HtpasswdRegistryIT {

    @Test
    void pullNeedsCredentialsAndPushUsesThem() throws Exception {
        Path dir;
        try (RegistryServer registry = RegistryServer.startWithHtpasswd()) {
            dir = registry.dir();
            assertTrue(registry.requiresAuth());
            assertEquals(401, RegistryServerIT.ping(registry));

            RegistryHttpException anonymous = assertThrows(RegistryHttpException.class,
                    () -> new ImagePusher(registry.address(), null, null).push("busybox", "latest", Fixtures.busybox(), ImageFormat.DOCKER));
            assertEquals(401, anonymous.status());
            RegistryHttpException wrong = assertThrows(RegistryHttpException.class,
                    () -> new ImagePusher(registry.address(), registry.username(), "wrong").pushBlob("busybox", new byte[] {1}));
            assertEquals(401, wrong.status());

            PushedImage image = Fixtures.pushBusybox(registry, "busybox", "latest", ImageFormat.DOCKER);

            Skopeo.Result noCreds = Skopeo.inspect(registry.address() + "/busybox:latest", false, null, null);
            assertFalse(noCreds.ok());
            assertTrue(noCreds.stderr().toLowerCase().contains("unauthorized")
                    || noCreds.stderr().toLowerCase().contains("authentication required"), noCreds.stderr());

            JsonNode inspected = RegistryServerIT.inspect(registry, "busybox:latest");
            assertEquals(image.manifestDigest().toString(), inspected.get("Digest").asText());
            assertEquals(List.of(image.layerDigests().get(0).toString()), RegistryServerIT.texts(inspected.get("Layers")));
        }
        assertTrue(Leaks.registriesUsing(dir).isEmpty());
        assertFalse(Files.exists(dir));
    }

    @Test
    void givenCredentialsAreUsed() throws Exception {
        try (RegistryServer registry = RegistryServer.startWithHtpasswd("alice", "s3cret!")) {
            assertEquals("alice", registry.username());
            Fixtures.pushBusybox(registry, "a/b", "t", ImageFormat.OCI);
            assertTrue(Skopeo.inspect(registry.address() + "/a/b:t", false, "alice", "s3cret!").ok());
            assertFalse(Skopeo.inspect(registry.address() + "/a/b:t", false, "alice", "nope").ok());
        }
    }
}
