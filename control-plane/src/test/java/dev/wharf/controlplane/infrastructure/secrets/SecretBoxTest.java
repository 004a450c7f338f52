package dev.wharf.controlplane.infrastructure.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

    @TempDir
    Path dir;

    @Test
    void theKeyIsCreatedOnceForTheOwnerOnlyAndSecretsRoundTrip() throws Exception {
        Path keyFile = dir.resolve("data/secret.key");
        SecretBox box = new SecretBox(keyFile);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        String sealed = box.encrypt("registry password");
        assertFalse(sealed.contains("registry"));
        assertNotEquals(sealed, box.encrypt("registry password"), "a fresh nonce every time");
        // a restart reads the same key
        assertEquals("registry password", new SecretBox(keyFile).decrypt(sealed));
    }

    @Test
    void anAlteredSecretOrAnotherKeyIsRefused() {
        SecretBox box = new SecretBox(dir.resolve("a.key"));
        String sealed = box.encrypt("s3cret");
        byte[] raw = Base64.getDecoder().decode(sealed);
        raw[raw.length - 1] ^= 1;
        String altered = Base64.getEncoder().encodeToString(raw);
        assertThrows(IllegalStateException.class, () -> box.decrypt(altered));
        assertThrows(IllegalStateException.class, () -> new SecretBox(dir.resolve("b.key")).decrypt(sealed));
    }
}
