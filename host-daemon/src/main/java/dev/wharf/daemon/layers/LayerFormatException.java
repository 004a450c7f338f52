package dev.wharf.daemon.layers;

import java.io.IOException;

/** A layer tar that cannot be applied safely or at all; the message names the offending entry. */
public final class LayerFormatException extends IOException {
    public LayerFormatException(String message) {
        super(message);
    }
}
