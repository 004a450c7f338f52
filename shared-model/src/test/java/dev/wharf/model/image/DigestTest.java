package dev.wharf.model.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.model.oci.OciJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DigestTest {

    // sha256("abc") and sha512("abc"), computed with coreutils' sha256sum / sha512sum
    private static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String ABC_SHA512 = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

    @Test
    void sha256OfBytesMatchesTheKnownVector() {
        Digest d = Digest.sha256("abc".getBytes(StandardCharsets.US_ASCII));
        assertEquals("sha256:" + ABC_SHA256, d.toString());
        assertEquals("sha256", d.algorithm());
        assertEquals(ABC_SHA256, d.encoded());
        assertEquals("ba7816bf8f01", d.shortHex());
        assertEquals(d, Digest.sha256Hex(ABC_SHA256));
        assertEquals(d, Digest.parse("sha256:" + ABC_SHA256));
        assertTrue(d.matches("abc".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(d.matches("abd".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void acceptsSha512AndUnknownAlgorithmsWithTheirOwnEncoding() {
        assertEquals(ABC_SHA512, Digest.parse("sha512:" + ABC_SHA512).encoded());
        Digest custom = Digest.parse("multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8");
        assertEquals("multihash+base58", custom.algorithm());
        assertEquals("sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564",
                Digest.parse("sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564").toString());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "sha256:xyz                | invalid digest \"sha256:xyz\": sha256 digest must be 64 lowercase hex characters",
        "sha256:" + "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"
                + " | sha256 digest must be 64 lowercase hex characters",
        "sha256:ba7816bf          | sha256 digest must be 64 lowercase hex characters",
        "sha512:ba7816bf          | sha512 digest must be 128 lowercase hex characters",
        "ba7816bf                 | invalid digest \"ba7816bf\": expected <algorithm>:<encoded>",
        "sha256:                  | missing encoded hash",
        ":abc                     | missing algorithm",
        "SHA256:abc               | algorithm \"SHA256\" must be lowercase",
        "sha256+:abc              | algorithm \"sha256+\"",
        "foo:abc/def              | encoded hash may only hold",
    })
    void rejectsMalformedDigestsNamingTheProblemAndTheInput(String input, String expected) {
        InvalidDigestException e = assertThrows(InvalidDigestException.class, () -> Digest.parse(input));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("\"" + input + "\""), e.getMessage());
    }

    @Test
    void nullIsRejected() {
        assertThrows(InvalidDigestException.class, () -> Digest.parse(null));
        assertThrows(InvalidDigestException.class, () -> new Digest(null, ABC_SHA256));
        assertThrows(IllegalArgumentException.class, () -> Digest.fromSha256Hash(new byte[31]));
    }

    @Test
    void jsonFormIsTheDigestString() {
        Digest d = Digest.sha256Hex(ABC_SHA256);
        assertEquals("[\"sha256:" + ABC_SHA256 + "\"]", new String(OciJson.write(List.of(d)), StandardCharsets.UTF_8));
        Digest back = OciJson.mapper().convertValue("sha256:" + ABC_SHA256, Digest.class);
        assertEquals(d, back);
    }
}
