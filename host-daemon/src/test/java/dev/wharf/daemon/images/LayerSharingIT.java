package dev.wharf.daemon.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.daemon.testing.DaemonProcess;
import dev.wharf.model.image.Digest;
import dev.wharf.model.oci.Layers;
import dev.wharf.testsupport.Fixtures;
import dev.wharf.testsupport.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two images with the same base layer keep it once; removing one keeps what the other needs. */
class LayerSharingIT {
    private static RegistryServer registry;
    private static Fixtures.Pushed pushed;
    private static DaemonProcess daemon;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryServer.start();
        pushed = Fixtures.pushAll(registry);
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

    private static List<Path> layerDirsHolding(String file) throws Exception {
        try (Stream<Path> s = Files.list(daemon.dataRoot().resolve("layers"))) {
            return s.filter(d -> Files.exists(d.resolve("diff").resolve(file))).toList();
        }
    }

    private static List<String> layerNames() throws Exception {
        try (Stream<Path> s = Files.list(daemon.dataRoot().resolve("layers"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    @Test
    void aSharedBaseLayerIsStoredOnceAndOutlivesOneOfItsImages() throws Exception {
        String bb = pushed.busybox().reference();
        String ml = pushed.multilayer().reference();
        daemon.docker("pull", bb).ok();
        String second = daemon.docker("pull", ml).ok().out();
        assertTrue(second.contains(pushed.busybox().layerDigests().get(0).shortHex() + ": Already exists"), second);

        Digest base = Layers.chainIds(pushed.busybox().diffIds()).get(0);
        assertEquals(List.of(daemon.dataRoot().resolve("layers").resolve(base.encoded())), layerDirsHolding("bin/busybox"),
                "the busybox layer is on disk once");
        assertEquals(3, layerNames().size());

        daemon.docker("rmi", bb).ok();
        assertEquals(3, layerNames().size(), "the base layer stays for the multilayer image");
        assertEquals(pushed.multilayer().imageId().toString(),
                daemon.docker("image", "inspect", "-f", "{{.Id}}", ml).ok().out());
        assertTrue(Files.isRegularFile(daemon.dataRoot().resolve("layers").resolve(base.encoded()).resolve("diff/bin/busybox")));

        String rmi = daemon.docker("rmi", ml).ok().out();
        for (Digest chain : Layers.chainIds(pushed.multilayer().diffIds())) {
            assertTrue(rmi.contains("Deleted: " + chain), rmi);
        }
        assertEquals(List.of(), layerNames(), "the last image took its layers with it");
        try (Stream<Path> s = Files.list(daemon.dataRoot().resolve("content/blobs/sha256"))) {
            assertEquals(List.of(), s.toList(), "and its blobs");
        }
        assertEquals("", daemon.docker("images", "-q").ok().out());
    }
}
