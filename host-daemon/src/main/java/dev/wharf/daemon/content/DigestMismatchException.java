package dev.wharf.daemon.content;

import dev.wharf.model.image.Digest;
import java.io.IOException;

/** Content whose size or sha256 is not what its descriptor promised: never retried, never stored. */
public final class DigestMismatchException extends IOException {
    private final Digest expected;

    public DigestMismatchException(Digest expected, String message) {
        super(message);
        this.expected = expected;
    }

    public Digest expected() {
        return expected;
    }
}
