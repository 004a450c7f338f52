package dev.wharf.daemon.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShortLinksTest {
    @Test
    void namesAreStableShortAndDistinct() {
        String a = ShortLinks.nameFor(Path.of("/var/lib/wharf/layers/sha256/aaaa/diff"));
        assertEquals(a, ShortLinks.nameFor(Path.of("/var/lib/wharf/layers/sha256/aaaa/diff")));
        assertNotEquals(a, ShortLinks.nameFor(Path.of("/var/lib/wharf/layers/sha256/bbbb/diff")));
        assertEquals(ShortLinks.NAME_LENGTH, a.length());
        assertTrue(a.matches("[A-Z2-7]+"));
    }

    @Test
    void linkPointsAtTheLayerAndIsReused(@TempDir Path root) throws Exception {
        Path layer = Files.createDirectories(root.resolve("a-very/long/path/to/a/layer/with/many/components/diff"));
        ShortLinks links = new ShortLinks(root.resolve("l"));
        String rel = links.linkFor(layer);
        assertTrue(rel.startsWith("l/"));
        assertEquals(layer, Files.readSymbolicLink(root.resolve(rel)));
        assertEquals(rel, links.linkFor(layer));
        Files.delete(layer);
        links.pruneDangling();
        assertTrue(Files.notExists(root.resolve(rel), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
}
