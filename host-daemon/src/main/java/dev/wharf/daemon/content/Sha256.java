package dev.wharf.daemon.content;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.wharf.model.image.Digest;
import java.lang.ref.Cleaner;
import java.security.MessageDigest;
import java.util.logging.Logger;

/**
 * An incremental SHA-256. Uses OpenSSL's libcrypto (SHA-NI: ~2.5x the JDK's speed here) when it loads, else the
 * JDK's MessageDigest. Pulls hash every byte twice (blob digest and DiffID), so this is on the pull's hot path.
 */
public abstract class Sha256 {
    private static final Logger LOG = Logger.getLogger(Sha256.class.getName());
    private static final boolean NATIVE = OpenSsl.load();

    public static Sha256 create() {
        return NATIVE ? new OpenSsl() : new Jdk();
    }

    public abstract void update(byte[] b, int off, int len);

    /** Finishes the hash; the instance must not be used afterwards. */
    public abstract Digest digest();

    private static final class Jdk extends Sha256 {
        private final MessageDigest md = Digest.newSha256();

        @Override
        public void update(byte[] b, int off, int len) {
            md.update(b, off, len);
        }

        @Override
        public Digest digest() {
            return Digest.fromSha256Hash(md.digest());
        }
    }

    /** libcrypto's EVP interface through JNA direct mapping; the context is freed on digest() or by the cleaner. */
    private static final class OpenSsl extends Sha256 {
        private static final Cleaner CLEANER = Cleaner.create();
        private static final int CHUNK = 1 << 18;
        private static Pointer sha256;

        static native Pointer EVP_MD_CTX_new();

        static native void EVP_MD_CTX_free(Pointer ctx);

        static native Pointer EVP_sha256();

        static native int EVP_DigestInit_ex(Pointer ctx, Pointer type, Pointer engine);

        static native int EVP_DigestUpdate(Pointer ctx, Pointer data, long count);

        static native int EVP_DigestFinal_ex(Pointer ctx, Pointer md, Pointer size);

        static boolean load() {
            for (String name : new String[] {"crypto", "libcrypto.so.3"}) {
                try {
                    Native.register(OpenSsl.class, NativeLibrary.getInstance(name));
                    sha256 = EVP_sha256();
                    OpenSsl probe = new OpenSsl();
                    probe.update("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 3);
                    if (probe.digest().equals(Digest.sha256("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))) {
                        return true;
                    }
                } catch (UnsatisfiedLinkError | RuntimeException e) {
                    LOG.fine("libcrypto " + name + " unavailable: " + e);
                }
            }
            return false;
        }

        private record State(Pointer ctx, Memory buf) implements Runnable {
            @Override
            public void run() {
                EVP_MD_CTX_free(ctx);
            }
        }

        private final State state;
        private final Cleaner.Cleanable cleanable;

        OpenSsl() {
            Pointer ctx = EVP_MD_CTX_new();
            if (ctx == null || EVP_DigestInit_ex(ctx, sha256, null) != 1) {
                throw new IllegalStateException("EVP_DigestInit_ex failed");
            }
            state = new State(ctx, new Memory(CHUNK));
            cleanable = CLEANER.register(this, state);
        }

        @Override
        public void update(byte[] b, int off, int len) {
            while (len > 0) {
                int n = Math.min(len, CHUNK);
                state.buf.write(0, b, off, n);
                EVP_DigestUpdate(state.ctx, state.buf, n);
                off += n;
                len -= n;
            }
        }

        @Override
        public Digest digest() {
            Memory out = new Memory(64);
            EVP_DigestFinal_ex(state.ctx, out, null);
            byte[] hash = out.getByteArray(0, 32);
            cleanable.clean();
            return Digest.fromSha256Hash(hash);
        }
    }
}
