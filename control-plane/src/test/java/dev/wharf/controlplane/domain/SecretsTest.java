package dev.wharf.controlplane.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.controlplane.domain.shared.Secrets;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void tokensAreLongRandomAndUrlSafe() {
        String a = Secrets.newToken();
        String b = Secrets.newToken();
        assertNotEquals(a, b);
        assertEquals(43, a.length()); // 32 bytes, base64url without padding
        assertTrue(a.matches("[A-Za-z0-9_-]+"), a);
    }

    @Test
    void theStoredFormIsTheSha256OfTheToken() {
        // sha256("abc"), a published test vector
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Secrets.hashToken("abc"));
    }

    @Test
    void passwordsHaveTheAskedLengthAndNoLookAlikeCharacters() {
        String password = Secrets.newPassword(24);
        assertEquals(24, password.length());
        assertTrue(password.matches("[A-HJ-NP-Za-km-z2-9]+"), password);
    }

    @Test
    void containerIdsLookLikeDockers() {
        assertTrue(Secrets.newHexId().matches("[0-9a-f]{64}"));
    }
}
