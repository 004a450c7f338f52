package dev.wharf.model.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The platform an image runs on, as in an index entry's {@code platform} object.
 *
 * @param architecture CPU architecture in Go's GOARCH terms, e.g. {@code amd64}, {@code arm64}
 * @param os           operating system in GOOS terms, e.g. {@code linux}
 * @param osVersion    {@code os.version}, used by Windows images; usually null
 * @param osFeatures   {@code os.features}; usually null
 * @param variant      CPU variant, e.g. {@code v8} for arm64, {@code v7} for arm; may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Platform(
        String architecture,
        String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> osFeatures,
        String variant) {

    /** linux/amd64, the platform Wharf pulls by default. */
    public static final Platform LINUX_AMD64 = new Platform("amd64", "linux", null, null, null);

    /** Copies the feature list. */
    public Platform {
        osFeatures = Immutable.list(osFeatures);
    }

    /** A platform with no os.version or os.features; note the argument order is os, architecture. */
    public static Platform of(String os, String architecture, String variant) {
        return new Platform(architecture, os, null, null, variant);
    }

    /**
     * Parses {@code os/arch[/variant]} as docker's {@code --platform} takes it, e.g. {@code linux/arm64/v8}.
     * Common architecture aliases are normalized ({@code x86_64} is {@code amd64}, {@code aarch64} is
     * {@code arm64}).
     *
     * @throws IllegalArgumentException if the string does not have two or three non-empty parts
     */
    public static Platform parse(String s) {
        String[] parts = s == null ? new String[0] : s.trim().toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length < 2 || parts.length > 3 || List.of(parts).contains("")) {
            throw new IllegalArgumentException("invalid platform \"" + s
                    + "\": expected os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8");
        }
        String arch = parts[1];
        String variant = parts.length == 3 ? parts[2] : null;
        switch (arch) {
            case "x86_64", "x86-64" -> arch = "amd64";
            case "aarch64" -> arch = "arm64";
            case "i386", "i686" -> arch = "386";
            case "armhf" -> {
                arch = "arm";
                variant = variant == null ? "v7" : variant;
            }
            default -> { }
        }
        return of(parts[0], arch, variant);
    }

    /**
     * True if an image built for this platform satisfies {@code wanted}: os and architecture must be equal;
     * the variant must be equal only if {@code wanted} names one (an absent variant counts as the default:
     * {@code v8} for arm64, {@code v7} for arm, {@code v1} for amd64).
     */
    public boolean matches(Platform wanted) {
        if (wanted == null) {
            return true;
        }
        if (!equalsIgnoreCase(os, wanted.os) || !equalsIgnoreCase(architecture, wanted.architecture)) {
            return false;
        }
        if (isBlank(wanted.variant)) {
            return true;
        }
        return Objects.equals(normalizedVariant(), wanted.normalizedVariant());
    }

    /** The variant, or the architecture's default variant when none is given. */
    public String normalizedVariant() {
        if (!isBlank(variant)) {
            return variant.toLowerCase(Locale.ROOT);
        }
        String arch = architecture == null ? "" : architecture.toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "arm64" -> "v8";
            case "arm" -> "v7";
            case "amd64" -> "v1";
            default -> null;
        };
    }

    /** {@code os/arch[/variant]}. */
    @Override
    public String toString() {
        return os + "/" + architecture + (isBlank(variant) ? "" : "/" + variant);
    }

    private static boolean equalsIgnoreCase(String a, String b) {
        return a != null && a.equalsIgnoreCase(b);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
