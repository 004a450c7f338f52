package dev.wharf.model.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest as the OCI image spec defines it: {@code algorithm ":" encoded}.
 *
 * <p>The canonical constructor validates both parts: the algorithm must match
 * {@code [a-z0-9]+([+._-][a-z0-9]+)*}; {@code sha256}, {@code sha384} and {@code sha512} must carry
 * exactly 64, 96 or 128 lowercase hex characters; any other algorithm is accepted when its encoded part
 * matches {@code [a-zA-Z0-9=_-]+}. In JSON a digest is its string form.
 *
 * @param algorithm the algorithm, e.g. {@code sha256}
 * @param encoded   the encoded hash, e.g. 64 lowercase hex characters for sha256
 */
public record Digest(String algorithm, String encoded) {

    /** The algorithm every implementation must support, and the only one Wharf computes. */
    public static final String SHA256 = "sha256";

    private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*");
    private static final Pattern ENCODED = Pattern.compile("[a-zA-Z0-9=_-]+");
    private static final Pattern LOWER_HEX = Pattern.compile("[a-f0-9]+");
    private static final HexFormat HEX = HexFormat.of();

    /** Validates both parts; see the class comment for the rules. */
    public Digest {
        String input = algorithm + ":" + encoded;
        if (algorithm == null || algorithm.isEmpty()) {
            throw new InvalidDigestException(input, "missing algorithm");
        }
        if (encoded == null || encoded.isEmpty()) {
            throw new InvalidDigestException(input, "missing encoded hash after the algorithm");
        }
        if (!ALGORITHM.matcher(algorithm).matches()) {
            throw new InvalidDigestException(input, "algorithm \"" + algorithm
                    + "\" must be lowercase letters and digits, separated by one of + . _ -");
        }
        int hexLength = hexLength(algorithm);
        if (hexLength > 0) {
            if (encoded.length() != hexLength || !LOWER_HEX.matcher(encoded).matches()) {
                throw new InvalidDigestException(input,
                        algorithm + " digest must be " + hexLength + " lowercase hex characters");
            }
        } else if (!ENCODED.matcher(encoded).matches()) {
            throw new InvalidDigestException(input, "encoded hash may only hold letters, digits, =, _ and -");
        }
    }

    /**
     * Parses {@code "sha256:<hex>"}.
     *
     * @throws InvalidDigestException if the string is not a valid digest
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Digest parse(String s) {
        if (s == null) {
            throw new InvalidDigestException("null", "a digest is required");
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new InvalidDigestException(s, "expected <algorithm>:<encoded>, e.g. sha256:<64 hex characters>");
        }
        return new Digest(s.substring(0, colon), s.substring(colon + 1));
    }

    /** The sha256 digest of {@code bytes}. */
    public static Digest sha256(byte[] bytes) {
        return fromSha256Hash(newSha256().digest(bytes));
    }

    /**
     * A sha256 digest from its hex form (what {@code docker images --no-trunc} shows after "sha256:").
     *
     * @throws InvalidDigestException unless {@code hex} is 64 lowercase hex characters
     */
    public static Digest sha256Hex(String hex) {
        return new Digest(SHA256, hex);
    }

    /** A sha256 digest from the 32 raw bytes a {@link MessageDigest} produced, for digests computed while streaming. */
    public static Digest fromSha256Hash(byte[] hash) {
        if (hash == null || hash.length != 32) {
            throw new IllegalArgumentException("a sha256 hash is 32 bytes, got "
                    + (hash == null ? "null" : hash.length));
        }
        return new Digest(SHA256, HEX.formatHex(hash));
    }

    /** A fresh SHA-256 {@link MessageDigest}; every JVM has one. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256", e);
        }
    }

    /** True if this is a sha256 digest and {@code bytes} hash to it. */
    public boolean matches(byte[] bytes) {
        return SHA256.equals(algorithm) && equals(sha256(bytes));
    }

    /** The first 12 characters of the encoded hash, as docker shows short image IDs. */
    public String shortHex() {
        return encoded.length() <= 12 ? encoded : encoded.substring(0, 12);
    }

    /** {@code algorithm:encoded}, e.g. {@code sha256:<64 hex>}. */
    @JsonValue
    @Override
    public String toString() {
        return algorithm + ":" + encoded;
    }

    private static int hexLength(String algorithm) {
        return switch (algorithm) {
            case "sha256" -> 64;
            case "sha384" -> 96;
            case "sha512" -> 128;
            default -> 0;
        };
    }
}
