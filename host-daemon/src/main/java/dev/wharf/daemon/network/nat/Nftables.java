package dev.wharf.daemon.network.nat;

import com.sun.jna.Pointer;

/**
 * One libnftables context in JSON mode. In 1.0.6 JSON input is only parsed when the JSON output flag is set,
 * so the flag is always on. A batch is atomic: on error nothing of it applies. Calls are serialized.
 */
public final class Nftables implements AutoCloseable {
    private final LibNftables lib;
    private final Pointer ctx;

    public Nftables() {
        lib = LibNftables.load();
        ctx = lib.nft_ctx_new(0);
        if (ctx == null) {
            throw new IllegalStateException("nft_ctx_new failed");
        }
        lib.nft_ctx_output_set_flags(ctx, LibNftables.NFT_CTX_OUTPUT_JSON);
        lib.nft_ctx_buffer_output(ctx);
        lib.nft_ctx_buffer_error(ctx);
    }

    /** Runs a JSON document ({@code {"nftables": [...]}}) and returns its output; errors carry nft's text. */
    public synchronized String run(String json) {
        int rc = lib.nft_run_cmd_from_buffer(ctx, json);
        String out = lib.nft_ctx_get_output_buffer(ctx);
        String err = lib.nft_ctx_get_error_buffer(ctx);
        if (rc != 0) {
            throw new NftException(err == null || err.isBlank() ? "nft failed (rc " + rc + ")" : err.strip());
        }
        return out == null ? "" : out;
    }

    @Override
    public synchronized void close() {
        lib.nft_ctx_free(ctx);
    }

    /** nft refused a batch. */
    public static final class NftException extends RuntimeException {
        public NftException(String message) {
            super(message);
        }
    }
}
