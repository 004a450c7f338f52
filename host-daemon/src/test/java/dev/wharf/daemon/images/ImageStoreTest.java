package dev.wharf.daemon.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.events.EventBus;
import dev.wharf.daemon.registry.RegistryClient;
import dev.wharf.model.image.Digest;
import dev.wharf.model.image.ImageReference;
import dev.wharf.model.oci.ContainerConfig;
import dev.wharf.model.oci.History;
import dev.wharf.model.oci.ImageConfig;
import dev.wharf.model.oci.Layers;
import dev.wharf.testsupport.LayerTar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store as the containers code uses it: commit, find, layerDirs, and removal rules with containers in use. */
class ImageStoreTest {
    @TempDir
    Path dataRoot;

    private ImageStore store() throws IOException {
        return new ImageStore(dataRoot, new RegistryClient(List.of(), null), new EventBus());
    }

    private static ImageConfig config(String cmd) {
        ContainerConfig cc = new ContainerConfig(null, null, List.of("PATH=/bin"), null, List.of(cmd), null, null,
                Map.of("k", "v"), null, null, null, null, null);
        return new ImageConfig(Instant.parse("2025-02-03T04:05:06Z"), "tester", null, null, null, cc, null,
                List.of(new History(Instant.parse("2025-02-03T04:05:06Z"), "commit " + cmd, "tester", "c", null)));
    }

    @Test
    void commitsLayersFindsImagesAndSurvivesARestart() throws IOException {
        ImageStore store = store();
        byte[] base = LayerTar.create().dir("etc").file("etc/hostname", "base\n").file("etc/old", "x").build().tar();
        Image parent = store.commit(null, new ByteArrayInputStream(base), config("sh"), "wharf-test/base:1");
        assertEquals(Digest.sha256(base), parent.diffIds().get(0), "the DiffID is the tar's sha256");
        assertEquals(List.of("wharf-test/base:1"), parent.repoTags());
        assertEquals("amd64", parent.config().architecture());

        byte[] top = LayerTar.create().dir("etc").whiteout("etc/old").file("etc/new", "n\n").build().tar();
        Image child = store.commit(parent, new ByteArrayInputStream(top), config("httpd"), "registry.local:5000/team/app:v2");
        assertEquals(List.of(Digest.sha256(base), Digest.sha256(top)), child.diffIds());
        List<Path> dirs = store.layerDirs(child);
        assertEquals(2, dirs.size());
        assertEquals(store.layerDirs(parent).get(0), dirs.get(0), "lowest first, the parent's layer shared");
        assertEquals(dataRoot.resolve("layers").resolve(Layers.chainId(child.diffIds()).encoded()).resolve("diff"), dirs.get(1));
        assertEquals("n\n", Files.readString(dirs.get(1).resolve("etc/new")));
        assertEquals(0020000, (int) Files.getAttribute(dirs.get(1).resolve("etc/old"), "unix:mode") & 0170000, "whiteout device");

        String hex = child.id().encoded();
        assertEquals(child.id(), store.find(hex).orElseThrow().id());
        assertEquals(child.id(), store.find("sha256:" + hex).orElseThrow().id());
        assertEquals(child.id(), store.find(hex.substring(0, 7)).orElseThrow().id());
        assertEquals(child.id(), store.find("registry.local:5000/team/app:v2").orElseThrow().id());
        assertEquals(parent.id(), store.find("wharf-test/base:1").orElseThrow().id());
        assertEquals(parent.id(), store.find("docker.io/wharf-test/base:1").orElseThrow().id());
        assertTrue(store.find("wharf-test/base").isEmpty(), "no :latest tag");
        assertTrue(store.find("nope").isEmpty());

        store.tag(child, ImageReference.parse("wharf-test/base:latest"));
        assertEquals(child.id(), store.find("wharf-test/base").orElseThrow().id());

        Image current = store.find("registry.local:5000/team/app:v2").orElseThrow();
        assertEquals(List.of("wharf-test/base:latest", "registry.local:5000/team/app:v2"), current.repoTags());
        ImageStore again = store();
        Image reloaded = again.find("registry.local:5000/team/app:v2").orElseThrow();
        assertEquals(current, reloaded);
        assertEquals("httpd", reloaded.config().config().cmd().get(0));
    }

    @Test
    void removalHonoursContainersThatUseTheImage() throws IOException {
        ImageStore store = store();
        Image img = store.commit(null, new ByteArrayInputStream(LayerTar.create().file("f", "1").build().tar()),
                config("sh"), "wharf-test/used:1");
        ImageRemover remover = new ImageRemover(store);
        String container = "c0ffee0123456789c0ffee0123456789c0ffee0123456789c0ffee0123456789";

        store.setInUse(id -> id.equals(img.id()) ? Optional.of("running:" + container) : Optional.empty());
        ApiException running = assertThrows(ApiException.class, () -> remover.remove(img.id().toString(), true));
        assertEquals(409, running.status());
        assertEquals("conflict: unable to delete " + img.shortId() + " (cannot be forced) - image is being used by running"
                + " container c0ffee012345", running.getMessage());

        store.setInUse(id -> id.equals(img.id()) ? Optional.of(container) : Optional.empty());
        ApiException stopped = assertThrows(ApiException.class, () -> remover.remove(img.id().toString(), false));
        assertEquals("conflict: unable to delete " + img.shortId() + " (must be forced) - image is being used by stopped"
                + " container c0ffee012345", stopped.getMessage());
        ApiException byName = assertThrows(ApiException.class, () -> remover.remove("wharf-test/used:1", false));
        assertEquals(409, byName.status());

        List<Map<String, String>> removed = remover.remove("wharf-test/used:1", true);
        assertEquals(List.of(Map.of("Untagged", "wharf-test/used:1"), Map.of("Deleted", img.id().toString())), removed);
        assertTrue(store.list().isEmpty(), "gone from the list");
        assertTrue(store.find(img.id().toString()).isPresent(), "still there for its container");
        assertTrue(Files.isDirectory(store.layerDirs(img).get(0)), "its layer stays while the container exists");

        store.setInUse(id -> Optional.empty());
        remover.prune(true, i -> true);
        assertFalse(store.find(img.id().toString()).isPresent());
        assertFalse(Files.exists(store.layerDirs(img).get(0)), "the container is gone: so is the layer");
    }

    @Test
    void aCommitWithABadTarLeavesNothing() throws IOException {
        ImageStore store = store();
        byte[] evil = LayerTar.create().file("../escape", "x").build().tar();
        assertThrows(IOException.class, () -> store.commit(null, new ByteArrayInputStream(evil), config("sh"), "wharf-test/bad:1"));
        assertTrue(store.list().isEmpty());
        try (var s = Files.list(dataRoot.resolve("layers"))) {
            assertEquals(List.of(".tmp"), s.map(p -> p.getFileName().toString()).toList());
        }
        try (var s = Files.list(dataRoot.resolve("content/ingest"))) {
            assertEquals(List.of(), s.toList());
        }
    }
}
