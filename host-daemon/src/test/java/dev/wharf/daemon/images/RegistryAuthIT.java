package dev.wharf.daemon.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.daemon.testing.CliResult;
import dev.wharf.daemon.testing.DaemonProcess;
import dev.wharf.testsupport.Fixtures;
import dev.wharf.testsupport.ImageFormat;
import dev.wharf.testsupport.PushedImage;
import dev.wharf.testsupport.RegistryServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A registry behind htpasswd: no credentials is a clear failure; docker login, X-Registry-Auth or the daemon's file pass. */
class RegistryAuthIT {
    private static RegistryServer registry;
    private static DaemonProcess daemon;
    private static PushedImage image;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryServer.startWithHtpasswd();
        image = Fixtures.pushBusybox(registry, "private/busybox", "v1", ImageFormat.DOCKER);
        daemon = DaemonProcess.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void pullNeedsCredentialsAndWorksWithThem() throws Exception {
        CliResult anonymous = daemon.docker("pull", image.reference());
        assertNotEquals(0, anonymous.exitCode());
        assertTrue(anonymous.stderr().contains("unauthorized: authentication required")
                && anonymous.stderr().contains("docker login " + registry.address()), anonymous.stderr());

        CliResult wrong = daemon.dockerWithInput("nope\n".getBytes(StandardCharsets.UTF_8), "login", "-u",
                registry.username(), "--password-stdin", registry.address());
        assertNotEquals(0, wrong.exitCode());
        assertTrue(wrong.stderr().contains("401"), wrong.stderr());

        daemon.dockerWithInput((registry.password() + "\n").getBytes(StandardCharsets.UTF_8), "login", "-u",
                registry.username(), "--password-stdin", registry.address()).ok();
        CliResult pull = daemon.docker("pull", image.reference()).ok();
        assertTrue(pull.out().contains("Downloaded newer image for " + image.reference()), pull.out());
        assertEquals(image.imageId().toString(), daemon.docker("image", "inspect", "-f", "{{.Id}}", image.reference()).ok().out());

        // pushing with the same login (X-Registry-Auth with push scope)
        String copy = registry.address() + "/private/copy:v1";
        daemon.docker("tag", image.reference(), copy).ok();
        daemon.docker("push", copy).ok();

        daemon.docker("logout", registry.address()).ok();
        daemon.docker("rmi", image.reference(), copy).ok();
        assertNotEquals(0, daemon.docker("pull", image.reference()).exitCode());

        // the daemon's own credentials file serves pulls that bring none
        String auth = Base64.getEncoder().encodeToString((registry.username() + ":" + registry.password())
                .getBytes(StandardCharsets.UTF_8));
        Files.writeString(daemon.dataRoot().resolve("registry-auth.json"),
                "{\"auths\":{\"" + registry.address() + "\":{\"auth\":\"" + auth + "\"}}}");
        daemon.docker("pull", image.reference()).ok();
    }
}
