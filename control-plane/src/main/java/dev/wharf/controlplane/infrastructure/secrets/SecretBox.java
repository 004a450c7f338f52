package dev.wharf.controlplane.infrastructure.secrets;

import dev.wharf.controlplane.infrastructure.datadir.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (registry passwords, replayable responses) with AES-256-GCM. The key is generated at
 * first use into {@code <data dir>/secret.key}, mode 0600; the database alone never reveals a secret. The
 * stored form is base64 of {@code [12-byte nonce][ciphertext + 16-byte tag]}.
 */
public final class SecretBox {

    public static final String KEY_FILE = "secret.key";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile SecretBox instance;

    private final SecretKeySpec key;

    public SecretBox(Path keyFile) {
        this.key = new SecretKeySpec(loadOrCreate(keyFile), "AES");
    }

    /** The box keyed from the data directory's key file. */
    public static SecretBox get() {
        SecretBox box = instance;
        if (box == null) {
            synchronized (SecretBox.class) {
                box = instance;
                if (box == null) {
                    box = new SecretBox(DataDirectory.path().resolve(KEY_FILE));
                    instance = box;
                }
            }
        }
        return box;
    }

    public String encrypt(String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** @throws IllegalStateException if the text was not sealed with this key or was altered */
    public String decrypt(String sealedText) {
        try {
            byte[] all = Base64.getDecoder().decode(sealedText);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored secret cannot be decrypted with " + KEY_FILE
                    + " (wrong key or altered data)", e);
        }
    }

    private static byte[] loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.write(file, Base64.getEncoder().encode(fresh));
                    return fresh;
                } catch (FileAlreadyExistsException raced) {
                    // another thread or process made it first: use theirs
                }
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file).trim());
            if (key.length != 32) {
                throw new IllegalStateException(file + " does not hold a 256-bit key");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret key " + file, e);
        }
    }
}
