package dev.wharf.daemon.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.daemon.linux.LibC;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overlay's upper dir → docker diff and an OCI layer tar (needs root: whiteouts are device nodes). */
class LayerDiffTest {
    @TempDir
    Path tmp;
    Path lower;
    Path upper;

    @BeforeEach
    void layers() throws Exception {
        lower = Files.createDirectories(tmp.resolve("lower"));
        upper = Files.createDirectories(tmp.resolve("upper"));
        Files.createDirectories(lower.resolve("etc"));
        Files.writeString(lower.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(lower.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.createDirectories(lower.resolve("var/cache/old"));
        Files.createDirectories(lower.resolve("usr/lib"));

        Files.createDirectories(upper.resolve("etc"));
        LibC.INSTANCE.mknod(upper.resolve("etc/group").toString(), LibC.S_IFCHR, 0); // rm /etc/group
        Files.writeString(upper.resolve("etc/passwd"), "changed\n");
        Files.writeString(upper.resolve("etc/hosts"), ""); // the runtime's bind target
        Files.createDirectories(upper.resolve("var/cache"));
        byte[] y = {'y'};
        LibC.INSTANCE.lsetxattr(upper.resolve("var/cache").toString(), "trusted.overlay.opaque", y, 1, 0); // rm -rf + mkdir
        Files.writeString(upper.resolve("var/cache/new"), "n\n");
        Files.createDirectories(upper.resolve("usr/lib")); // copied up only
        Files.createDirectories(upper.resolve("data/htdocs"));
        Files.writeString(upper.resolve("data/htdocs/index.html"), "<h1>hi</h1>\n");
        Files.createDirectories(upper.resolve("vol")); // a volume's mount point
        Files.createLink(upper.resolve("data/htdocs/again.html"), upper.resolve("data/htdocs/index.html"));
    }

    private LayerDiff diff() {
        return new LayerDiff(upper, List.of(lower), Set.of("/etc/hosts", "/vol"));
    }

    @Test
    void changesAsDockerDiffShowsThem() throws Exception {
        List<String> out = new ArrayList<>();
        for (LayerDiff.Change c : diff().changes()) {
            out.add("CAD".charAt(c.kind()) + " " + c.path());
        }
        assertEquals(List.of("A /data", "A /data/htdocs", "A /data/htdocs/again.html", "A /data/htdocs/index.html",
                "C /etc", "D /etc/group", "C /etc/passwd", "C /var", "C /var/cache", "A /var/cache/new"), out);
    }

    @Test
    void tarHasOciWhiteoutsAndHardLinks() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        diff().writeTar(bytes);
        List<String> entries = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String kind = e.isDirectory() ? "d" : e.isLink() ? "h>" + e.getLinkName() : "f" + e.getSize();
                entries.add(e.getName() + " " + kind);
                if (e.getName().equals("etc/passwd")) {
                    assertEquals("changed\n", new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
                if (e.getName().endsWith(".wh.group")) {
                    assertEquals(0600, e.getMode() & 07777);
                }
            }
        }
        assertEquals(List.of("data/ d", "data/htdocs/ d", "data/htdocs/again.html f12", "data/htdocs/index.html h>data/htdocs/again.html",
                "etc/ d", "etc/.wh.group f0", "etc/passwd f8", "var/ d", "var/cache/ d", "var/cache/.wh..wh..opq f0",
                "var/cache/new f2"), entries);
    }
}
