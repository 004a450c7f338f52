package dev.wharf.daemon.network.nat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** Debian's libnftables1 ({@code libnftables.so.1}, nftables 1.0.6): the calls {@link Nftables} makes. */
interface LibNftables extends Library {
    int NFT_CTX_OUTPUT_HANDLE = 1 << 3;
    int NFT_CTX_OUTPUT_JSON = 1 << 4;

    static LibNftables load() {
        return Native.load("libnftables.so.1", LibNftables.class);
    }

    Pointer nft_ctx_new(int flags);

    void nft_ctx_free(Pointer ctx);

    void nft_ctx_output_set_flags(Pointer ctx, int flags);

    int nft_ctx_buffer_output(Pointer ctx);

    int nft_ctx_buffer_error(Pointer ctx);

    int nft_run_cmd_from_buffer(Pointer ctx, String buf);

    String nft_ctx_get_output_buffer(Pointer ctx);

    String nft_ctx_get_error_buffer(Pointer ctx);
}
