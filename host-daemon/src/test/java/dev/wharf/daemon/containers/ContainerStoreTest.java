package dev.wharf.daemon.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wharf.daemon.snapshots.OverlaySnapshotter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerStoreTest {
    @TempDir
    Path tmp;

    @Test
    void concurrentSavesAndARemoveOfOneContainerNeitherFailNorLeaveFiles() throws Exception {
        try (OverlaySnapshotter snaps = new OverlaySnapshotter(tmp.resolve("snapshots"))) {
            ContainerStore store = new ContainerStore(tmp.resolve("data"), tmp.resolve("exec"), snaps);
            String id = "ab".repeat(32);
            Container c = new Container(id, "busy", Instant.now(), "busybox", "sha256:" + "cd".repeat(32),
                    JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(), "sh", List.of(),
                    "runc", "/wharf-test/" + id);
            store.add(c);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<Void>> saves = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    saves.add(() -> {
                        for (int k = 0; k < 300; k++) {
                            store.save(c);
                        }
                        return null;
                    });
                }
                for (Future<Void> f : pool.invokeAll(saves)) {
                    f.get(); // a shared temp name made one save rename the file another had just renamed
                }
                try (var files = Files.list(c.paths().dir())) {
                    assertEquals(List.of("config.v2.json"), files.map(p -> p.getFileName().toString()).toList());
                }
                Future<?> saving = pool.submit(() -> {
                    for (int k = 0; k < 300; k++) {
                        store.save(c);
                    }
                    return null;
                });
                store.remove(c);
                saving.get();
                assertFalse(Files.exists(c.paths().dir()), "a save racing the removal re-created nothing");
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
