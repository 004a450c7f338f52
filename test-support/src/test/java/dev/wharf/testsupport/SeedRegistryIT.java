package dev.wharf.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The self-contained seeding jar, run the way {@code scripts/wharf up} runs it. */
class SeedRegistryIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.seed.jar", "target/wharf-seed.jar"));

    @Test
    void seedsDemoImagesAndIsIdempotent() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " not built");
        try (RegistryServer registry = RegistryServer.start()) {
            Run first = seed("--registry", registry.address(), "--middle-size", "64K");
            assertEquals(0, first.exit, first.output);
            Run second = seed("--registry", registry.address(), "--middle-size", "64K");
            assertEquals(0, second.exit, second.output);
            assertEquals(first.output, second.output);
            String expected = Fixtures.multilayer(64 * 1024).manifestDigest(ImageFormat.DOCKER).toString();
            assertTrue(first.output.contains(registry.address() + "/multilayer:latest " + expected), first.output);
            assertEquals(expected, RegistryServerIT.inspect(registry, "multilayer:latest").get("Digest").asText());
            assertTrue(Skopeo.inspect(registry.address() + "/oci/busybox:latest", false, null, null).ok());
        }
    }

    @Test
    void seedsAProtectedRegistryWithCredentials() throws Exception {
        try (RegistryServer registry = RegistryServer.startWithHtpasswd()) {
            Run noCreds = seed("--registry", registry.address());
            assertEquals(1, noCreds.exit, noCreds.output);
            assertTrue(noCreds.output.contains("HTTP 401"), noCreds.output);
            Run run = seed("--registry", registry.address(), "--username", registry.username(), "--password", registry.password());
            assertEquals(0, run.exit, run.output);
        }
    }

    @Test
    void badArgumentsAreExplained() throws Exception {
        Run missing = seed();
        assertEquals(2, missing.exit);
        assertTrue(missing.output.contains("--registry HOST:PORT is required"), missing.output);
        Run badSize = seed("--registry", "127.0.0.1:1", "--middle-size", "lots");
        assertEquals(2, badSize.exit);
        assertTrue(badSize.output.contains("--middle-size must be a number"), badSize.output);
        Run unreachable = seed("--registry", "127.0.0.1:1", "--middle-size", "1K");
        assertEquals(1, unreachable.exit);
        assertTrue(unreachable.output.contains("pushing to 127.0.0.1:1 failed"), unreachable.output);
    }

    private record Run(int exit, String output) {
    }

    private static Run seed(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        return new Run(p.exitValue(), out);
    }
}
