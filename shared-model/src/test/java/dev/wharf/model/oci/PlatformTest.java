package dev.wharf.model.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlatformTest {

    @Test
    void parsesOsArchAndVariant() {
        assertEquals(Platform.LINUX_AMD64, Platform.parse("linux/amd64"));
        assertEquals(Platform.LINUX_AMD64, Platform.parse("linux/x86_64"));
        Platform p = Platform.parse("linux/arm64/v8");
        assertEquals("linux", p.os());
        assertEquals("arm64", p.architecture());
        assertEquals("v8", p.variant());
        assertEquals("linux/arm64/v8", p.toString());
        assertEquals("linux/arm64", Platform.parse("linux/aarch64").toString());
    }

    @Test
    void rejectsMalformedPlatforms() {
        for (String bad : new String[] {"linux", "linux/", "/amd64", "linux/arm/v7/x", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Platform.parse(bad));
            assertTrue(e.getMessage().contains("\"" + bad + "\""), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Platform.parse(null));
    }

    @Test
    void matchesOnOsAndArchAndOnVariantOnlyWhenAsked() {
        Platform arm64NoVariant = Platform.of("linux", "arm64", null);
        assertTrue(arm64NoVariant.matches(Platform.parse("linux/arm64")));
        assertTrue(arm64NoVariant.matches(Platform.parse("linux/arm64/v8")), "arm64 defaults to v8");
        assertFalse(arm64NoVariant.matches(Platform.parse("linux/arm64/v9")));
        assertTrue(Platform.of("linux", "arm", "v6").matches(Platform.parse("linux/arm")));
        assertFalse(Platform.of("linux", "arm", "v6").matches(Platform.parse("linux/arm/v7")));
        assertFalse(Platform.LINUX_AMD64.matches(Platform.parse("windows/amd64")));
        assertFalse(Platform.LINUX_AMD64.matches(Platform.parse("linux/arm64")));
    }
}
