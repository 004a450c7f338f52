package dev.wharf.daemon.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.daemon.linux.LibC;
import dev.wharf.testsupport.LayerTar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking real tars into a real directory (runs as root: owners, device nodes, trusted xattrs). */
class LayerUnpackerTest {
    @TempDir
    Path tmp;

    private Path layer() throws IOException {
        return Files.createDirectories(tmp.resolve("layer/diff"));
    }

    private static long unpack(LayerTar tar, Path dir) throws IOException {
        return LayerUnpacker.unpack(new ByteArrayInputStream(tar.build().tar()), dir);
    }

    @Test
    void keepsModesOwnersTimesLinksXattrsAndDevices() throws IOException {
        Instant t = Instant.parse("2021-02-03T04:05:06Z");
        Instant dirTime = Instant.parse("2019-01-01T00:00:00Z");
        Path dir = layer();
        long size = unpack(LayerTar.create()
                .dir("d", 0750).owner(5, 6).mtime(dirTime)
                .file("d/f", "hello").mode(04755).owner(1000, 1001).mtime(t).xattr("user.note", "v1")
                .symlink("d/s", "f").owner(7, 8).mtime(t)
                .symlink("abs", "/etc/passwd")
                .hardlink("d/h", "d/f")
                .charDevice("d/c", 1, 3)
                .blockDevice("d/b", 7, 0)
                .fifo("d/p"), dir);
        assertEquals(5, size);
        Path d = dir.resolve("d");
        Path f = d.resolve("f");
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)));
        assertEquals(5, Files.getAttribute(d, "unix:uid"));
        assertEquals(dirTime, ((FileTime) Files.getAttribute(d, "lastModifiedTime")).toInstant(), "dir mtime set after its children");
        assertEquals(04755, (int) Files.getAttribute(f, "unix:mode") & 07777, "setuid survives the chown");
        assertEquals(1000, Files.getAttribute(f, "unix:uid"));
        assertEquals(1001, Files.getAttribute(f, "unix:gid"));
        assertEquals(t, Files.getLastModifiedTime(f).toInstant());
        assertEquals("hello", Files.readString(f));
        assertArrayEquals("v1".getBytes(StandardCharsets.UTF_8), xattr(f, "user.note"));
        assertEquals(Path.of("f"), Files.readSymbolicLink(d.resolve("s")));
        assertEquals(7, Files.getAttribute(d.resolve("s"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(t, Files.getLastModifiedTime(d.resolve("s"), LinkOption.NOFOLLOW_LINKS).toInstant(), "symlink mtime");
        assertEquals(Path.of("/etc/passwd"), Files.readSymbolicLink(dir.resolve("abs")), "absolute symlink targets are kept as is");
        assertEquals(Files.getAttribute(f, "unix:ino"), Files.getAttribute(d.resolve("h"), "unix:ino"), "hard link shares the inode");
        assertEquals(0020000, (int) Files.getAttribute(d.resolve("c"), "unix:mode") & 0170000);
        assertEquals(makedev(1, 3), ((Long) Files.getAttribute(d.resolve("c"), "unix:rdev")).longValue());
        assertEquals(0060000, (int) Files.getAttribute(d.resolve("b"), "unix:mode") & 0170000);
        assertEquals(0010000, (int) Files.getAttribute(d.resolve("p"), "unix:mode") & 0170000);
    }

    @Test
    void convertsWhiteoutsToOverlayForm() throws IOException {
        Path dir = layer();
        unpack(LayerTar.create()
                .dir("data")
                .whiteout("data/old.txt")
                .opaque("data/dir") // marker before its directory entry and siblings
                .dir("data/dir")
                .file("data/dir/c.txt", "c\n")
                .file("data/.wh..wh.plnk", ""), dir);
        Path wh = dir.resolve("data/old.txt");
        int mode = (int) Files.getAttribute(wh, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        assertEquals(0020000, mode & 0170000, "a whiteout is a character device");
        assertEquals(0L, ((Long) Files.getAttribute(wh, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).longValue(), "with device 0/0");
        assertArrayEquals(new byte[] {'y'}, xattr(dir.resolve("data/dir"), LayerUnpacker.OPAQUE_XATTR));
        assertEquals("c\n", Files.readString(dir.resolve("data/dir/c.txt")), "siblings of the opaque marker stay");
        try (Stream<Path> s = Files.walk(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".wh.")), "no .wh. file is written");
        }
        assertThrows(LayerFormatException.class, () -> unpack(LayerTar.create().file("x/.wh.", ""), layer2()));
        assertThrows(LayerFormatException.class, () -> unpack(LayerTar.create().file("x/.wh...", ""), layer2()));
    }

    private Path layer2() throws IOException {
        return Files.createDirectories(Files.createTempDirectory(tmp, "l2").resolve("diff"));
    }

    @Test
    void refusesEntriesThatLeaveTheLayer() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path victim = Files.writeString(outside.resolve("victim.txt"), "untouched");
        List<LayerTar> evil = List.of(
                LayerTar.create().file("../evil.txt", "x"),
                LayerTar.create().dir("a").file("a/../../evil.txt", "x"),
                LayerTar.create().raw(tmp.resolve("evil.txt").toString(), TarConstants.LF_NORMAL, 0644, new byte[] {'x'}, null),
                LayerTar.create().symlink("link", outside.toString()).file("link/evil.txt", "x"),
                LayerTar.create().symlink("rel", "../../outside").file("rel/victim.txt", "overwritten"),
                LayerTar.create().hardlink("hl", victim.toString()),
                LayerTar.create().hardlink("hl", "../../outside/victim.txt"),
                LayerTar.create().symlink("ln", outside.toString()).hardlink("hl", "ln/victim.txt"));
        for (LayerTar tar : evil) {
            Path dir = layer2();
            LayerFormatException e = assertThrows(LayerFormatException.class, () -> unpack(tar, dir));
            assertTrue(e.getMessage().startsWith("invalid layer: "), e.getMessage());
        }
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(List.of(victim), s.toList(), "nothing was written outside the layer");
        }
        assertEquals("untouched", Files.readString(victim));
        assertEquals(1, Files.getAttribute(victim, "unix:nlink"), "no hard link to the outside file was made");
        assertFalse(Files.exists(tmp.resolve("evil.txt")));
    }

    @Test
    void laterEntriesReplaceEarlierOnes() throws IOException {
        Path dir = layer();
        unpack(LayerTar.create()
                .file("a", "first")
                .file("a", "second")
                .symlink("b", "a")
                .dir("b")
                .file("b/inner", "ok"), dir);
        assertEquals("second", Files.readString(dir.resolve("a")));
        assertTrue(Files.isDirectory(dir.resolve("b"), LinkOption.NOFOLLOW_LINKS), "a directory replaced the symlink");
        assertEquals("ok", Files.readString(dir.resolve("b/inner")));
    }

    @Test
    void pathComponentsAreChecked() throws IOException {
        assertEquals(List.of("a", "b"), TarPaths.components("./a//b/"));
        assertEquals(List.of(), TarPaths.components("./"));
        assertThrows(LayerFormatException.class, () -> TarPaths.components("/etc/passwd"));
        assertThrows(LayerFormatException.class, () -> TarPaths.components("a/../../b"));
        assertThrows(LayerFormatException.class, () -> TarPaths.components("a\0b"));
    }

    @Test
    void binaryXattrsFromPaxHeadersArriveByteForByte() throws IOException {
        // VFS_CAP_REVISION_2 | effective, permitted = CAP_SETUID (0x80) | CAP_NET_BIND_SERVICE: not valid UTF-8
        byte[] cap = {0x01, 0x00, 0x00, 0x02, (byte) 0x80, 0x04, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] user = {(byte) 0xff, 0x00, (byte) 0xc3, '=', '\n'};
        var tar = new java.io.ByteArrayOutputStream();
        tar.writeBytes(paxHeader(paxRecord("SCHILY.xattr.security.capability", cap), paxRecord("SCHILY.xattr.user.bin", user)));
        tar.writeBytes(ustar("bin/ping", '0', 5));
        tar.writeBytes(padded("ping!".getBytes(StandardCharsets.US_ASCII)));
        tar.writeBytes(ustar("bin/plain", '0', 0));
        tar.writeBytes(new byte[1024]);
        Path dir = layer();
        LayerUnpacker.unpack(new ByteArrayInputStream(tar.toByteArray()), dir);
        assertArrayEquals(cap, xattr(dir.resolve("bin/ping"), "security.capability"));
        assertArrayEquals(user, xattr(dir.resolve("bin/ping"), "user.bin"));
        assertEquals("ping!", Files.readString(dir.resolve("bin/ping")));
        assertEquals(-1, xattrSize(dir.resolve("bin/plain"), "user.bin"), "the next entry does not inherit them");
    }

    private static byte[] paxRecord(String key, byte[] value) {
        byte[] k = (" " + key + "=").getBytes(StandardCharsets.UTF_8);
        int body = k.length + value.length + 1;
        int len = body + Integer.toString(body).length();
        if (Integer.toString(len).length() != Integer.toString(body).length()) {
            len++;
        }
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(Integer.toString(len).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(k);
        out.writeBytes(value);
        out.write('\n');
        return out.toByteArray();
    }

    private static byte[] paxHeader(byte[]... records) {
        var body = new java.io.ByteArrayOutputStream();
        for (byte[] r : records) {
            body.writeBytes(r);
        }
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(ustar("PaxHeaders/x", 'x', body.size()));
        out.writeBytes(padded(body.toByteArray()));
        return out.toByteArray();
    }

    private static byte[] ustar(String name, char type, long size) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000755");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, String.format("%011o", 1_600_000_000L));
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        return h;
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }

    private static byte[] padded(byte[] b) {
        return Arrays.copyOf(b, (b.length + 511) / 512 * 512);
    }

    private static long xattrSize(Path p, String name) {
        try {
            return LibC.INSTANCE.lgetxattr(p.toString(), name, new byte[64], 64);
        } catch (com.sun.jna.LastErrorException e) {
            return -1;
        }
    }

    private static byte[] xattr(Path p, String name) {
        byte[] buf = new byte[256];
        long n = LibC.INSTANCE.lgetxattr(p.toString(), name, buf, buf.length);
        return Arrays.copyOf(buf, (int) n);
    }

    private static long makedev(int major, int minor) {
        return LayerUnpacker.makedev(major, minor);
    }
}
