package dev.wharf.daemon.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.daemon.testing.CliResult;
import dev.wharf.daemon.testing.DaemonProcess;
import dev.wharf.daemon.testing.RunId;
import dev.wharf.model.image.Digest;
import dev.wharf.model.oci.Layers;
import dev.wharf.testsupport.Fixtures;
import dev.wharf.testsupport.ImageConfigBuilder;
import dev.wharf.testsupport.ImageFormat;
import dev.wharf.testsupport.ImagePusher;
import dev.wharf.testsupport.Layer;
import dev.wharf.testsupport.LayerTar;
import dev.wharf.testsupport.PushedImage;
import dev.wharf.testsupport.RegistryServer;
import dev.wharf.testsupport.TestImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Broken transfers, corrupt blobs and hostile layer tars: the pull fails cleanly and leaves nothing behind. */
class PullFaultsIT {
    private static RegistryServer registry;
    private static DaemonProcess daemon;
    private static ImagePusher pusher;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryServer.start();
        pusher = new ImagePusher(registry);
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

    private static PushedImage pushOneLayer(String repo, Layer layer) {
        TestImage img = ImageConfigBuilder.create().layer(layer, "/bin/sh -c #(nop) ADD " + repo).build();
        return pusher.push(repo, "v1", img, ImageFormat.DOCKER);
    }

    private static Path layersDir() {
        return daemon.dataRoot().resolve("layers");
    }

    /** Nothing half-made: no staging dir, no stray file in the layer store. */
    private static void assertNoLeftovers() throws IOException {
        try (Stream<Path> s = Files.list(layersDir().resolve(".tmp"))) {
            assertEquals(List.of(), s.toList(), "no unpack in progress is left");
        }
    }

    @Test
    void aCorruptBlobFailsWithADigestErrorAndLeavesNoLayer() throws Exception {
        Layer layer = LayerTar.create().dir("payload").file("payload/data.bin", Fixtures.pseudoRandom(3 << 20), 0644).build();
        PushedImage img = pushOneLayer("faults/corrupt", layer);
        Path blob = registry.blobPath(layer.digest());
        byte[] bytes = Files.readAllBytes(blob);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
            bytes[i] ^= 0x5a;
        }
        Files.write(blob, bytes);

        CliResult pull = daemon.docker("pull", img.reference());
        assertNotEquals(0, pull.exitCode());
        assertTrue(pull.stderr().contains("digest mismatch") && pull.stderr().contains(layer.digest().toString()), pull.stderr());
        Digest chain = Layers.chainId(img.diffIds());
        assertFalse(Files.exists(layersDir().resolve(chain.encoded())), "no layer for the corrupt blob");
        assertFalse(Files.exists(daemon.dataRoot().resolve("content/blobs/sha256").resolve(layer.digest().encoded())));
        assertFalse(Files.exists(daemon.dataRoot().resolve("content/ingest").resolve(layer.digest().encoded() + ".partial")));
        assertNoLeftovers();
        assertNotEquals(0, daemon.docker("image", "inspect", img.reference()).exitCode());
    }

    @Test
    void hostileLayerTarsFailAndWriteNothingOutside() throws Exception {
        Path outside = Files.createTempDirectory("wharf-it-" + RunId.get() + "-outside-");
        try {
            Path victim = Files.writeString(outside.resolve("victim.txt"), "untouched");
            String absolute = outside.resolve("absolute.txt").toString();
            List<Layer> evil = List.of(
                    LayerTar.create().file("../../../../../../../../.." + outside + "/dotdot.txt", "x").build(),
                    LayerTar.create().raw(absolute, org.apache.commons.compress.archivers.tar.TarConstants.LF_NORMAL,
                            0644, new byte[] {'x'}, null).build(),
                    LayerTar.create().symlink("escape", outside.toString()).file("escape/through-symlink.txt", "x").build(),
                    LayerTar.create().hardlink("hard", victim.toString()).build(),
                    LayerTar.create().hardlink("hard", "../../../../../../../.." + victim).build());
            List<String> expected = List.of("contains \"..\"", "is an absolute path", "would be written through the symlink",
                    "is an absolute path", "contains \"..\"");
            for (int i = 0; i < evil.size(); i++) {
                PushedImage img = pushOneLayer("faults/evil" + i, evil.get(i));
                CliResult pull = daemon.docker("pull", img.reference());
                assertNotEquals(0, pull.exitCode(), "evil tar " + i);
                assertTrue(pull.stderr().contains("invalid layer") && pull.stderr().contains(expected.get(i)),
                        "evil tar " + i + ": " + pull.stderr());
                assertFalse(Files.exists(layersDir().resolve(Layers.chainId(img.diffIds()).encoded())));
            }
            try (Stream<Path> s = Files.list(outside)) {
                assertEquals(List.of(victim), s.toList(), "nothing was written outside the layer");
            }
            assertEquals("untouched", Files.readString(victim));
            assertEquals(1, Files.getAttribute(victim, "unix:nlink"), "no hard link to the victim");
            assertNoLeftovers();
        } finally {
            ImagesCliIT.deleteTree(outside);
        }
    }

    @Test
    void aRegistryKilledMidBlobFailsThePullAndARetryResumesWithRange() throws Exception {
        long middle = 24L << 20;
        TestImage big = Fixtures.multilayer(middle);
        pusher.push("faults/big", "v1", big, ImageFormat.DOCKER);
        Layer middleLayer = big.layers().get(1);
        Path partial = daemon.dataRoot().resolve("content/ingest").resolve(middleLayer.digest().encoded() + ".partial");
        try (ThrottlingProxy proxy = new ThrottlingProxy(registry.port(), 6L << 20)) {
            String ref = proxy.address() + "/faults/big:v1";
            CompletableFuture<CliResult> pull = CompletableFuture.supplyAsync(() -> {
                try {
                    return daemon.docker("pull", ref);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(partial) && Files.size(partial) > (4L << 20))) {
                assertTrue(System.nanoTime() < deadline, "the middle blob never started arriving");
                assertFalse(pull.isDone(), "the pull ended before the registry was killed: " + pull.getNow(null));
                Thread.sleep(20);
            }
            registry.kill();
            CliResult failed = pull.get(60, TimeUnit.SECONDS);
            assertNotEquals(0, failed.exitCode());
            assertTrue(failed.stderr().contains("download of " + middleLayer.digest() + " failed"), failed.stderr());
            Digest middleChain = Layers.chainIds(big.diffIds()).get(1);
            assertFalse(Files.exists(layersDir().resolve(middleChain.encoded())), "no half layer");
            assertNoLeftovers();
            long kept = Files.size(partial);
            assertTrue(kept > (4L << 20) && kept < middleLayer.size(), "the partial download is kept: " + kept);

            registry.restart();
            CliResult retry = daemon.docker("pull", ref).ok();
            assertTrue(retry.out().contains("Downloaded newer image"), retry.out());
            String log = Files.readString(registry.logFile());
            assertTrue(log.contains("\"GET /v2/faults/big/blobs/" + middleLayer.digest() + " HTTP/1.1\" 206"),
                    "the retry asked for the rest with Range");
            assertFalse(Files.exists(partial));
            assertTrue(Files.exists(layersDir().resolve(middleChain.encoded()).resolve("diff/data/blob.bin")));
            assertEquals(middle, Files.size(layersDir().resolve(middleChain.encoded()).resolve("diff/data/blob.bin")));
        }
    }

    @Test
    void twoConcurrentPullsDownloadABlobOnce() throws Exception {
        TestImage img = ImageConfigBuilder.create()
                .layer(LayerTar.create().file("shared.bin", Fixtures.pseudoRandom(6 << 20), 0644).build(), "ADD shared")
                .build();
        pusher.push("faults/shared", "v1", img, ImageFormat.DOCKER);
        try (ThrottlingProxy proxy = new ThrottlingProxy(registry.port(), 8L << 20)) {
            String ref = proxy.address() + "/faults/shared:v1";
            List<CompletableFuture<CliResult>> pulls = List.of(1, 2).stream().map(i -> CompletableFuture.supplyAsync(() -> {
                try {
                    return daemon.docker("pull", ref);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            })).toList();
            for (CompletableFuture<CliResult> p : pulls) {
                p.get(120, TimeUnit.SECONDS).ok();
            }
        }
        String needle = "\"GET /v2/faults/shared/blobs/" + img.layers().get(0).digest() + " HTTP/1.1\" 200";
        long gets = Files.readAllLines(registry.logFile()).stream().filter(l -> l.contains(needle)).count();
        assertEquals(1, gets, "the layer blob was downloaded once");
    }

    static void append(Path p, byte[] b) throws IOException {
        Files.write(p, b, StandardOpenOption.APPEND);
    }
}
