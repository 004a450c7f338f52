package dev.wharf.daemon.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real overlay mounts (the daemon runs as root; so do its tests). */
class OverlaySnapshotterTest {
    @TempDir
    Path tmp;

    private List<Path> layers(int n) throws IOException {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // deep, long paths: without short links 128 of them would not fit in the mount options
            Path d = Files.createDirectories(tmp.resolve("layers/sha256/" + "x".repeat(60) + i + "/diff"));
            Files.writeString(d.resolve("layer.txt"), "layer " + i);
            Files.writeString(d.resolve("only-" + i), "");
            out.add(d);
        }
        return out;
    }

    @Test
    void mounts128LayersUppermostWinsAndRemovesEverything() throws Exception {
        try (OverlaySnapshotter s = new OverlaySnapshotter(tmp.resolve("snapshots"))) {
            List<Path> layers = layers(128);
            Snapshot snap = s.prepare("c1", layers);
            assertTrue(OverlaySnapshotter.isMounted(snap.mergedDir()));
            assertEquals("layer 127", Files.readString(snap.mergedDir().resolve("layer.txt")));
            assertTrue(Files.exists(snap.mergedDir().resolve("only-0")));
            Files.writeString(snap.mergedDir().resolve("new.txt"), "rw");
            Files.delete(snap.mergedDir().resolve("only-5"));
            assertEquals("rw", Files.readString(snap.upperDir().resolve("new.txt")));
            assertTrue(Files.exists(layers.get(5).resolve("only-5")), "lower layers stay unchanged");
            assertFalse(Files.exists(layers.get(0).resolve("new.txt")));
            s.remove("c1");
            assertFalse(OverlaySnapshotter.isMounted(snap.mergedDir()));
            assertFalse(Files.exists(tmp.resolve("snapshots/c1")));
        }
    }

    @Test
    void refusesMoreThan128AndLeavesNothing() throws Exception {
        try (OverlaySnapshotter s = new OverlaySnapshotter(tmp.resolve("snapshots"))) {
            List<Path> many = new ArrayList<>();
            for (int i = 0; i < 129; i++) {
                many.add(tmp);
            }
            assertThrows(IOException.class, () -> s.prepare("c2", many));
            assertThrows(IOException.class, () -> s.prepare("c3", List.of(tmp.resolve("missing"))));
            assertFalse(Files.exists(tmp.resolve("snapshots/c3")));
        }
    }

    @Test
    void remountsAfterTheMountWentAway() throws Exception {
        try (OverlaySnapshotter s = new OverlaySnapshotter(tmp.resolve("snapshots"))) {
            Snapshot snap = s.prepare("c4", layers(2));
            Files.writeString(snap.mergedDir().resolve("kept"), "x");
            dev.wharf.daemon.linux.LibC.INSTANCE.umount2(snap.mergedDir().toString(), 0); // as after a reboot
            s.ensureMounted("c4");
            assertEquals("x", Files.readString(snap.mergedDir().resolve("kept")));
            s.remove("c4");
        }
    }
}
