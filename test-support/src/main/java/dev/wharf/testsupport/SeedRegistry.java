package dev.wharf.testsupport;

import java.util.List;

/**
 * Pushes the demo images into a running registry, for {@code scripts/wharf up} and the bench:
 * {@code java -jar test-support/target/wharf-seed.jar --registry 127.0.0.1:5000 [--middle-size BYTES]
 * [--username U --password P]}. Idempotent: running it again uploads nothing new.
 * Exit status 0 on success, 2 on bad arguments, 1 if the push failed.
 */
public final class SeedRegistry {

    private SeedRegistry() {
    }

    public static void main(String[] args) {
        String registry = null;
        String username = null;
        String password = null;
        long middleSize = Fixtures.DEFAULT_MIDDLE_SIZE;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--registry" -> registry = value(args, ++i);
                    case "--middle-size" -> middleSize = parseSize(value(args, ++i));
                    case "--username" -> username = value(args, ++i);
                    case "--password" -> password = value(args, ++i);
                    case "-h", "--help" -> {
                        System.out.println(usage());
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
            if (registry == null || !registry.matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d+")) {
                throw new IllegalArgumentException("--registry HOST:PORT is required");
            }
            if ((username == null) != (password == null)) {
                throw new IllegalArgumentException("--username and --password go together");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("wharf-seed: " + e.getMessage() + "\n" + usage());
            System.exit(2);
            return;
        }
        try {
            Fixtures.Pushed pushed = Fixtures.pushAll(new ImagePusher(registry, username, password), middleSize);
            for (PushedImage image : List.of(pushed.busybox(), pushed.multilayer(), pushed.ociBusybox(),
                    pushed.ociMultilayer())) {
                System.out.println(image.reference() + " " + image.manifestDigest() + " (image "
                        + image.imageId().shortHex() + ", " + image.image().layers().size() + " layers)");
            }
            for (PushedIndex index : List.of(pushed.multiarch(), pushed.multiarchList())) {
                System.out.println(index.reference() + " " + index.digest() + " (index, "
                        + index.platforms().size() + " platforms)");
            }
        } catch (RuntimeException e) {
            System.err.println("wharf-seed: pushing to " + registry + " failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** Bytes, or with a K/M suffix (binary: 50M = 50 MiB). */
    static long parseSize(String s) {
        String t = s.trim().toUpperCase();
        long unit = 1;
        if (t.endsWith("K")) {
            unit = 1024;
        } else if (t.endsWith("M")) {
            unit = 1024 * 1024;
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long v = Long.parseLong(digits) * unit;
            if (v < 0 || v > 1024L * 1024 * 1024) {
                throw new IllegalArgumentException("--middle-size must be between 0 and 1G, got " + s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--middle-size must be a number of bytes (or with K/M), got " + s);
        }
    }

    private static String usage() {
        return "usage: wharf-seed --registry HOST:PORT [--middle-size BYTES|NK|NM] [--username U --password P]";
    }
}
