package dev.wharf.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

import dev.wharf.model.image.Digest;

class LayerTarTest {

    @Test
    void writesEveryEntryKindWithItsAttributes() throws IOException {
        Instant t = Instant.parse("2020-05-06T07:08:09Z");
        Layer layer = LayerTar.create()
                .dir("d", 0700).owner(5, 6)
                .file("d/f", "hello").mode(04755).owner(1000, 1001).mtime(t).xattr("user.note", "v1")
                .symlink("d/s", "f")
                .hardlink("d/h", "d/f")
                .charDevice("d/c", 1, 3)
                .blockDevice("d/b", 7, 0)
                .fifo("d/p")
                .build();
        List<TarArchiveEntry> es = read(layer.tar());
        assertEquals(List.of("d/", "d/f", "d/s", "d/h", "d/c", "d/b", "d/p"), es.stream().map(TarArchiveEntry::getName).toList());
        assertTrue(es.get(0).isDirectory());
        assertEquals(0700, es.get(0).getMode() & 07777);
        assertEquals(5, es.get(0).getLongUserId());
        TarArchiveEntry f = es.get(1);
        assertEquals(04755, f.getMode() & 07777);
        assertEquals(1000, f.getLongUserId());
        assertEquals(1001, f.getLongGroupId());
        assertEquals(t, f.getModTime().toInstant());
        assertEquals("v1", f.getExtraPaxHeader("SCHILY.xattr.user.note"));
        assertEquals(5, f.getSize());
        assertTrue(es.get(2).isSymbolicLink());
        assertEquals("f", es.get(2).getLinkName());
        assertTrue(es.get(3).isLink());
        assertEquals("d/f", es.get(3).getLinkName());
        assertTrue(es.get(4).isCharacterDevice());
        assertEquals(1, es.get(4).getDevMajor());
        assertEquals(3, es.get(4).getDevMinor());
        assertTrue(es.get(5).isBlockDevice());
        assertEquals(7, es.get(5).getDevMajor());
        assertTrue(es.get(6).isFIFO());
    }

    @Test
    void keepsHostileNamesExactlyAsGiven() throws IOException {
        Layer layer = LayerTar.create()
                .file("../evil", "x")
                .file("/abs", "x")
                .symlink("link", "/tmp/x")
                .file("link/through", "x")
                .hardlink("hl", "../../etc/passwd")
                .build();
        List<TarArchiveEntry> es = read(layer.tar());
        assertEquals(List.of("../evil", "/abs", "link", "link/through", "hl"), es.stream().map(TarArchiveEntry::getName).toList());
        assertEquals("/tmp/x", es.get(2).getLinkName());
        assertEquals("../../etc/passwd", es.get(4).getLinkName());
    }

    @Test
    void whiteoutAndOpaqueUseOciNames() throws IOException {
        Layer layer = LayerTar.create().whiteout("a/b/gone").whiteout("top").opaque("a/dir").opaque("").build();
        assertEquals(List.of("a/b/.wh.gone", ".wh.top", "a/dir/.wh..wh..opq", ".wh..wh..opq"),
                read(layer.tar()).stream().map(TarArchiveEntry::getName).toList());
    }

    @Test
    void digestsCoverTarAndGzipAndAreStable() throws IOException {
        Layer a = LayerTar.create().file("x", "1").build();
        Layer b = LayerTar.create().file("x", "1").build();
        assertEquals(Digest.sha256(a.tar()), a.diffId());
        assertEquals(Digest.sha256(a.gzip()), a.digest());
        assertEquals(a.diffId(), b.diffId());
        assertEquals(a.digest(), b.digest());
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(a.gzip()))) {
            assertArrayEquals(a.tar(), in.readAllBytes());
        }
    }

    @Test
    void longNamesSurvive() throws IOException {
        String name = "d/" + "x".repeat(200);
        assertEquals(name, read(LayerTar.create().file(name, "").build().tar()).get(0).getName());
    }

    static List<TarArchiveEntry> read(byte[] tar) throws IOException {
        List<TarArchiveEntry> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.add(e);
            }
        }
        return out;
    }
}
