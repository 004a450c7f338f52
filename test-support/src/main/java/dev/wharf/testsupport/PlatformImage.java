package dev.wharf.testsupport;

/**
 * An image and the platform an index entry advertises for it.
 *
 * @param os           e.g. {@code linux}
 * @param architecture e.g. {@code amd64}, {@code arm64}
 * @param variant      e.g. {@code v8}, or null
 * @param image        the image
 */
public record PlatformImage(String os, String architecture, String variant, TestImage image) {

    public static PlatformImage linux(String architecture, String variant, TestImage image) {
        return new PlatformImage("linux", architecture, variant, image);
    }
}
