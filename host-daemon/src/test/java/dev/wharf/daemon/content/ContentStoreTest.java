package dev.wharf.daemon.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.model.image.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
    @TempDir
    Path root;

    @Test
    void startsOverTheUnpackDirOfALoadThatCrashedAndKeepsPartialDownloads() throws Exception {
        Path ingest = Files.createDirectories(root.resolve("ingest"));
        Path crashedLoad = Files.createDirectories(ingest.resolve("0b6f2c1e-crashed.tmp/blobs/sha256"));
        Files.writeString(crashedLoad.resolve("abc"), "half a layer");
        Path canary = Files.writeString(Files.createDirectories(root.resolve("elsewhere")).resolve("keep"), "k");
        Files.createSymbolicLink(ingest.resolve("0b6f2c1e-crashed.tmp/outside"), canary.getParent());
        Path tempBlob = Files.writeString(ingest.resolve("1f2e.tmp"), "x");
        Path partial = Files.writeString(ingest.resolve("ab12.partial"), "resume me");

        ContentStore store = new ContentStore(root);

        assertFalse(Files.exists(ingest.resolve("0b6f2c1e-crashed.tmp")));
        assertFalse(Files.exists(tempBlob));
        assertTrue(Files.exists(partial), "partial downloads stay for resume");
        assertTrue(Files.exists(canary), "the symlink was removed, not followed");
        Digest d = store.put("still works".getBytes(StandardCharsets.UTF_8));
        assertEquals("still works", new String(store.read(d), StandardCharsets.UTF_8));
    }
}
