package dev.wharf.daemon.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Facts about this machine that {@code /info} and the control plane report. */
public final class HostFacts {
    private HostFacts() {
    }

    public static String kernelVersion() {
        return read("/proc/sys/kernel/osrelease", System.getProperty("os.version"));
    }

    public static String hostname() {
        return read("/proc/sys/kernel/hostname", "localhost");
    }

    public static String operatingSystem() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException ignored) {
            // fall through to the JVM's name
        }
        return System.getProperty("os.name");
    }

    public static long memTotalBytes() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/meminfo"));
            for (String l : lines) {
                if (l.startsWith("MemTotal:")) {
                    return Long.parseLong(l.replaceAll("\\D", "")) * 1024L;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // unknown
        }
        return 0;
    }

    public static int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The architecture in Go's names (amd64, arm64), as Docker reports it. */
    public static String goArch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }

    /** The architecture in uname's names (x86_64), as Docker's /info reports it. */
    public static String unameArch() {
        String a = goArch();
        return a.equals("amd64") ? "x86_64" : a.equals("arm64") ? "aarch64" : a;
    }

    private static String read(String path, String dflt) {
        try {
            return Files.readString(Path.of(path)).trim();
        } catch (IOException e) {
            return dflt;
        }
    }
}
