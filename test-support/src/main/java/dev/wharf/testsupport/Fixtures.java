package dev.wharf.testsupport;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fixture images every image test uses, built deterministically (same bytes, same digests, every run):
 * <ul>
 *   <li>{@link #busybox()}: one layer, the busybox rootfs; Cmd {@code ["sh"]}.</li>
 *   <li>{@link #multilayer()}: three layers: the same busybox layer; a middle layer with {@code /data/blob.bin}
 *   (pseudo-random, {@link #DEFAULT_MIDDLE_SIZE} by default) plus {@code /data/old.txt}, {@code /data/dir/a.txt},
 *   {@code /data/dir/b.txt}, {@code /data/keep.txt}; a top layer that deletes {@code /data/old.txt}
 *   ({@code .wh.old.txt}) and makes {@code /data/dir} opaque holding only {@code c.txt}.</li>
 * </ul>
 * {@link #pushAll(RegistryServer)} pushes them under the repositories named by the constants here.
 */
public final class Fixtures {

    public static final long DEFAULT_MIDDLE_SIZE = 1024 * 1024;

    public static final String BUSYBOX_REPO = "busybox";
    public static final String MULTILAYER_REPO = "multilayer";
    public static final String OCI_BUSYBOX_REPO = "oci/busybox";
    public static final String OCI_MULTILAYER_REPO = "oci/multilayer";
    /** An OCI index: linux/amd64 and linux/arm64/v8. */
    public static final String MULTIARCH_REPO = "multiarch/busybox";
    /** A Docker manifest list: linux/amd64 and linux/arm64/v8. */
    public static final String MULTIARCH_LIST_REPO = "multiarch/busybox-list";
    public static final String TAG = "latest";

    /** Contents the multilayer image's merged view shows (for assertions). */
    public static final String KEEP_TXT = "keep\n";
    public static final String C_TXT = "c\n";

    private static final Map<Long, TestImage> MULTILAYER = new ConcurrentHashMap<>();
    private static volatile TestImage busybox;
    private static volatile Layer busyboxLayer;

    private Fixtures() {
    }

    /** The busybox rootfs layer (shared by both images). */
    public static Layer busyboxLayer() {
        if (busyboxLayer == null) {
            busyboxLayer = BusyboxRootfs.layer();
        }
        return busyboxLayer;
    }

    /** The one-layer busybox image, linux/amd64. */
    public static TestImage busybox() {
        if (busybox == null) {
            busybox = ImageConfigBuilder.create()
                    .layer(busyboxLayer(), "/bin/sh -c #(nop) ADD file:busybox-static in / ")
                    .history("/bin/sh -c #(nop)  CMD [\"sh\"]")
                    .build();
        }
        return busybox;
    }

    /** The three-layer image with a 1 MiB middle layer. */
    public static TestImage multilayer() {
        return multilayer(DEFAULT_MIDDLE_SIZE);
    }

    /** The three-layer image whose middle layer holds {@code middleSize} bytes of incompressible data. */
    public static TestImage multilayer(long middleSize) {
        return MULTILAYER.computeIfAbsent(middleSize, size -> ImageConfigBuilder.create()
                .layer(busyboxLayer(), "/bin/sh -c #(nop) ADD file:busybox-static in / ")
                .layer(middleLayer(size), "/bin/sh -c mkdir -p /data/dir && head -c " + size + " /dev/urandom > /data/blob.bin")
                .layer(topLayer(), "/bin/sh -c rm /data/old.txt && rm -rf /data/dir && mkdir /data/dir && echo c > /data/dir/c.txt")
                .history("/bin/sh -c #(nop)  CMD [\"sh\"]")
                .label("dev.wharf.fixture", "multilayer")
                .build());
    }

    /** Middle layer: {@code data/blob.bin} of {@code size} pseudo-random bytes and the small files. */
    public static Layer middleLayer(long size) {
        return LayerTar.create()
                .dir("data")
                .file("data/blob.bin", pseudoRandom(size), 0644)
                .file("data/old.txt", "old\n")
                .dir("data/dir")
                .file("data/dir/a.txt", "a\n")
                .file("data/dir/b.txt", "b\n")
                .file("data/keep.txt", KEEP_TXT)
                .build();
    }

    /** Top layer: whiteout of {@code data/old.txt}; {@code data/dir} opaque (marker first), then {@code c.txt}. */
    public static Layer topLayer() {
        return LayerTar.create()
                .dir("data")
                .whiteout("data/old.txt")
                .dir("data/dir")
                .opaque("data/dir")
                .file("data/dir/c.txt", C_TXT)
                .build();
    }

    /** Deterministic bytes that gzip cannot shrink (SplitMix64 with a fixed seed). */
    public static byte[] pseudoRandom(long size) {
        if (size < 0 || size > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException("middle layer size must be 0.." + (Integer.MAX_VALUE - 1024) + ", got " + size);
        }
        byte[] out = new byte[(int) size];
        SplittableRandom random = new SplittableRandom(0x5748415246L); // "WHARF"
        int i = 0;
        while (i < out.length) {
            long v = random.nextLong();
            for (int b = 0; b < 8 && i < out.length; b++, v >>>= 8) {
                out[i++] = (byte) v;
            }
        }
        return out;
    }

    /** Everything {@link #pushAll} pushed. */
    public record Pushed(PushedImage busybox, PushedImage multilayer, PushedImage ociBusybox,
                         PushedImage ociMultilayer, PushedIndex multiarch, PushedIndex multiarchList) {
    }

    /** Pushes all fixtures (1 MiB middle layer) to {@code registry}, with its credentials if any. */
    public static Pushed pushAll(RegistryServer registry) {
        return pushAll(new ImagePusher(registry), DEFAULT_MIDDLE_SIZE);
    }

    /** Pushes all fixtures; safe to repeat (present blobs are skipped, manifests are identical). */
    public static Pushed pushAll(ImagePusher pusher, long middleSize) {
        TestImage bb = busybox();
        TestImage ml = multilayer(middleSize);
        List<PlatformImage> platforms = List.of(
                PlatformImage.linux("amd64", null, bb),
                PlatformImage.linux("arm64", "v8", bb.forPlatform("arm64", "v8")));
        return new Pushed(
                pusher.push(BUSYBOX_REPO, TAG, bb, ImageFormat.DOCKER),
                pusher.push(MULTILAYER_REPO, TAG, ml, ImageFormat.DOCKER),
                pusher.push(OCI_BUSYBOX_REPO, TAG, bb, ImageFormat.OCI),
                pusher.push(OCI_MULTILAYER_REPO, TAG, ml, ImageFormat.OCI),
                pusher.pushIndex(MULTIARCH_REPO, TAG, ImageFormat.OCI, platforms),
                pusher.pushIndex(MULTIARCH_LIST_REPO, TAG, ImageFormat.DOCKER, platforms));
    }

    /** Pushes the busybox image to {@code registry} as {@code repository:tag} in {@code format}. */
    public static PushedImage pushBusybox(RegistryServer registry, String repository, String tag, ImageFormat format) {
        return new ImagePusher(registry).push(repository, tag, busybox(), format);
    }

    /** Pushes the three-layer image (1 MiB middle) as {@code repository:tag} in {@code format}. */
    public static PushedImage pushMultilayer(RegistryServer registry, String repository, String tag, ImageFormat format) {
        return new ImagePusher(registry).push(repository, tag, multilayer(), format);
    }
}
