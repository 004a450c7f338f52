package dev.wharf.daemon.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.daemon.archive.TreeTar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code docker commit} and {@code docker cp} write (TreeTar) unpacks to the same files: sub-second mtimes
 * make commons-compress add a PAX header to nearly every entry, which the raw-PAX reader must follow exactly.
 */
class TreeTarRoundTripTest {
    @TempDir
    Path tmp;

    @Test
    void filesWithSubSecondTimesAndAnySizeComeBackIntact() throws IOException {
        Random random = new Random(42);
        Path src = Files.createDirectories(tmp.resolve("src"));
        int files = 400;
        byte[][] contents = new byte[files][];
        for (int i = 0; i < files; i++) {
            int size = switch (i % 5) {
                case 0 -> random.nextInt(4);
                case 1 -> 510 + random.nextInt(5);
                case 2 -> random.nextInt(2048);
                case 3 -> 1024 * random.nextInt(3);
                default -> random.nextInt(70_000);
            };
            contents[i] = new byte[size];
            random.nextBytes(contents[i]);
            Path f = src.resolve("f" + i);
            Files.write(f, contents[i]);
            long nanos = i % 7 == 0 ? 0 : random.nextInt(1_000_000_000);
            Files.setLastModifiedTime(f, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1 << 26), nanos)));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TreeTar tar = new TreeTar(out)) {
            tar.addTree(src, "root");
            tar.finish();
        }
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        LayerUnpacker.unpack(new ByteArrayInputStream(out.toByteArray()), dst);
        for (int i = 0; i < files; i++) {
            Path f = dst.resolve("root/f" + i);
            assertArrayEquals(contents[i], Files.readAllBytes(f), "content of f" + i);
            assertEquals(Files.getLastModifiedTime(src.resolve("f" + i)).toInstant().truncatedTo(ChronoUnit.MICROS),
                    Files.getLastModifiedTime(f).toInstant().truncatedTo(ChronoUnit.MICROS), "mtime of f" + i);
        }
    }
}
