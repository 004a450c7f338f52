package dev.wharf.daemon.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.daemon.testing.DaemonProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a removed container (or a failed create) must not leave: mounts, cgroup dirs, netns handles, files under
 * the daemon's roots, its host-side veths, address leases in the network records, nft rules naming it.
 */
final class ContainerTraces {
    private ContainerTraces() {
    }

    static List<String> of(DaemonProcess d, String id) throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            if (line.contains(id)) {
                found.add("mount: " + line);
            }
        }
        try (Stream<Path> s = Files.walk(Path.of("/sys/fs/cgroup"), 3)) {
            s.filter(p -> p.getFileName() != null && p.getFileName().toString().equals(id)).forEach(p -> found.add("cgroup: " + p));
        }
        String shortId = id.substring(0, 16);
        for (Path root : List.of(d.dataRoot(), d.execRoot())) {
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.getFileName().toString().startsWith(shortId)).forEach(p -> found.add("file: " + p));
            }
        }
        String vethPrefix = "wv" + id.substring(0, 10); // network.NetworkNames.hostVeth
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            s.filter(p -> p.getFileName().toString().startsWith(vethPrefix)).forEach(p -> found.add("veth: " + p.getFileName()));
        }
        Path records = d.dataRoot().resolve("network");
        if (Files.isDirectory(records)) {
            try (Stream<Path> s = Files.walk(records)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    if (Files.readString(p).contains(id)) {
                        found.add("lease/endpoint in " + p);
                    }
                }
            }
        }
        try {
            String ruleset = dev.wharf.daemon.testing.Cli.run("nft", "list", "ruleset").stdout();
            if (ruleset.contains("wharf:" + id)) { // network.nat.NatTable's comment on a published port's rule
                found.add("nft rule for wharf:" + id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return found;
    }

    static void assertNone(DaemonProcess d, String id) throws IOException {
        assertEquals(List.of(), of(d, id), "traces of container " + id);
    }

    /** The cgroup dir of a running container in one v1 hierarchy (e.g. "memory"). */
    static Path cgroupDir(String hierarchy, String id) throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("/sys/fs/cgroup", hierarchy), 2)) {
            return s.filter(p -> p.getFileName().toString().equals(id)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + hierarchy + " cgroup for " + id));
        }
    }
}
