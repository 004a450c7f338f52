package dev.wharf.daemon.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.model.image.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VerifyingInputStreamTest {
    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SplittableRandom(n).nextBytes(b);
        return b;
    }

    @Test
    void sha256MatchesTheJdkForAnySize() {
        for (int n : new int[] {0, 1, 63, 64, 65, 1000, (1 << 18) - 1, 1 << 18, (1 << 18) + 1, 3 << 20}) {
            byte[] b = random(n);
            Sha256 s = Sha256.create();
            int half = n / 3;
            s.update(b, 0, half);
            s.update(b, half, n - half);
            assertEquals(Digest.sha256(b), s.digest(), "size " + n);
        }
    }

    @Test
    void checksSizeThenDigest() throws IOException {
        byte[] data = random(100_000);
        Digest d = Digest.sha256(data);
        VerifyingInputStream ok = new VerifyingInputStream(new ByteArrayInputStream(data), d, data.length, "blob");
        ok.drain();
        assertEquals(d, ok.digest());
        assertEquals(data.length, ok.count());

        DigestMismatchException small = assertThrows(DigestMismatchException.class, () ->
                new VerifyingInputStream(new ByteArrayInputStream(data), d, data.length + 1, "layer x").drain());
        assertEquals("layer x has 100000 bytes, its descriptor states 100001", small.getMessage());
        DigestMismatchException large = assertThrows(DigestMismatchException.class, () ->
                new VerifyingInputStream(new ByteArrayInputStream(data), d, 10, "layer x").drain());
        assertTrue(large.getMessage().contains("larger than the 10 bytes"), large.getMessage());
        data[500] ^= 1;
        DigestMismatchException bad = assertThrows(DigestMismatchException.class, () ->
                new VerifyingInputStream(new ByteArrayInputStream(data), d, data.length, "layer x").drain());
        assertTrue(bad.getMessage().startsWith("digest mismatch: layer x should have digest " + d), bad.getMessage());
    }

    @Test
    void readAheadHandsOverDataAndTheSourcesFailure() throws IOException {
        byte[] data = random(5 << 20);
        Digest d = Digest.sha256(data);
        try (ReadAheadInputStream ahead = new ReadAheadInputStream(
                new VerifyingInputStream(new ByteArrayInputStream(data), d, data.length, "blob"), 1 << 16, 4, "t")) {
            assertEquals(d, Digest.sha256(ahead.readAllBytes()));
        }
        data[7] ^= 1;
        try (ReadAheadInputStream ahead = new ReadAheadInputStream(
                new VerifyingInputStream(new ByteArrayInputStream(data), d, data.length, "blob"), 1 << 16, 4, "t")) {
            assertThrows(DigestMismatchException.class, ahead::drain);
        }
    }
}
