package dev.wharf.daemon.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RegistryAuthTest {
    private static String url(String json) {
        return Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesTheCliHeader() {
        RegistryAuth a = RegistryAuth.fromHeader(url("{\"username\":\"wharf\",\"password\":\"p?w>d~\",\"serveraddress\":\"127.0.0.1:5000\"}"));
        assertEquals("wharf", a.username());
        assertEquals("p?w>d~", a.password());
        assertEquals("127.0.0.1:5000", a.serverAddress());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("wharf:p?w>d~".getBytes(StandardCharsets.UTF_8)), a.basicHeader());
    }

    @Test
    void emptyObjectIsAnonymous() {
        assertNull(RegistryAuth.fromHeader("e30="));
        assertNull(RegistryAuth.fromHeader(null));
        assertNull(RegistryAuth.fromHeader(url("{\"username\":\"\",\"password\":\"\"}")));
    }

    @Test
    void readsTheAuthFieldAndIdentityTokens() {
        String auth = Base64.getEncoder().encodeToString("u:p:with:colons".getBytes(StandardCharsets.UTF_8));
        RegistryAuth a = RegistryAuth.fromHeader(url("{\"auth\":\"" + auth + "\"}"));
        assertEquals("u", a.username());
        assertEquals("p:with:colons", a.password());
        assertEquals("tok", RegistryAuth.fromHeader(url("{\"identitytoken\":\"tok\"}")).identityToken());
    }

    @Test
    void garbageIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegistryAuth.fromHeader("%%%"));
        assertEquals("invalid X-Registry-Auth header: not base64", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RegistryAuth.fromHeader(url("not json")));
    }
}
