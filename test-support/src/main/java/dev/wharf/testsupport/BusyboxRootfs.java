package dev.wharf.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A minimal root filesystem as one layer, from Debian's busybox-static: {@code /bin/busybox}, a relative
 * symlink for every applet it lists, all in {@code bin/} as Docker Hub's busybox has them ({@code bin/sh -> busybox}),
 * /etc/passwd and /etc/group (root, nobody, www uid 1000), and the usual empty directories.
 */
public final class BusyboxRootfs {

    /** Where busybox-static installs its binary. */
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            daemon:x:1:1:daemon:/usr/sbin:/bin/false
            www:x:1000:1000:www:/home/www:/bin/sh
            nobody:x:65534:65534:nobody:/nonexistent:/bin/false
            """;
    static final String GROUP = """
            root:x:0:
            daemon:x:1:
            www:x:1000:
            nogroup:x:65534:
            """;

    private BusyboxRootfs() {
    }

    /** The rootfs layer. Deterministic for a given busybox binary. */
    public static Layer layer() {
        return tar().build();
    }

    /** The rootfs as a builder, so a test can add entries before building. */
    public static LayerTar tar() {
        byte[] binary = readBusybox();
        LayerTar tar = LayerTar.create();
        for (String dir : List.of("bin", "dev", "etc", "home", "proc", "root", "sbin", "sys", "usr", "usr/bin",
                "usr/sbin", "var", "var/log", "var/spool", "var/www")) {
            tar.dir(dir, dir.equals("root") ? 0700 : 0755);
        }
        tar.dir("tmp", 01777);
        tar.dir("var/tmp", 01777);
        tar.dir("home/www", 0755).owner(1000, 1000);
        tar.file("etc/passwd", PASSWD);
        tar.file("etc/group", GROUP);
        tar.file("etc/hostname", "busybox\n");
        tar.file("etc/os-release", "NAME=\"Wharf busybox fixture\"\nID=busybox\n");
        tar.file("bin/busybox", binary, 0755);
        for (String applet : applets()) {
            tar.symlink(applet, relativeTarget(applet));
        }
        return tar;
    }

    /**
     * Applet paths, sorted: every applet {@code busybox --list-full} names, in {@code bin/} as Docker Hub's busybox
     * image has them ({@code bin/sh}, {@code bin/httpd}), so the seeds' {@code CMD ["/bin/httpd", ...]} works.
     */
    static List<String> applets() {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (String line : run(BUSYBOX.toString(), "--list-full").split("\n")) {
            String path = line.strip();
            // linuxrc sits at the top level and is only meaningful for initrds.
            if (path.isEmpty() || path.equals("bin/busybox") || !path.contains("/")) {
                continue;
            }
            out.add("bin/" + path.substring(path.lastIndexOf('/') + 1));
        }
        return new ArrayList<>(out);
    }

    /** {@code bin/sh} → {@code busybox}; {@code usr/sbin/httpd} → {@code ../../bin/busybox}. */
    static String relativeTarget(String applet) {
        long depth = applet.chars().filter(c -> c == '/').count();
        if (applet.startsWith("bin/") && depth == 1) {
            return "busybox";
        }
        return "../".repeat((int) depth) + "bin/busybox";
    }

    private static byte[] readBusybox() {
        try {
            return Files.readAllBytes(BUSYBOX);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUSYBOX + " (apt-get install busybox-static)", e);
        }
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
