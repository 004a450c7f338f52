package dev.wharf.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real host daemon (the built jar) running inside a host's network namespace:
 * {@code ip netns exec NS nsenter --mount=/proc/<test pid>/ns/mnt java -jar wharf-daemon.jar ...} — the network
 * namespace is the host's, the mount namespace stays the test's (ip netns exec would otherwise remount /sys and hide
 * the cgroup hierarchy runc needs, and a restarted daemon would not see its containers' mounts). Driven with the
 * stock docker CLI over its private socket.
 */
final class NetnsDaemon implements AutoCloseable {
    private final String ns;
    private final List<String> command;
    private final Path dir;
    private final Path socket;
    private Process process;

    NetnsDaemon(String ns, String nodeName, String address, Path dir, String controlPlane, String joinToken, String registry,
                Map<String, String> labels) {
        this.ns = ns;
        this.dir = dir;
        this.socket = Path.of("/run", ns, "docker.sock");
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "nsenter",
                "--mount=/proc/" + ProcessHandle.current().pid() + "/ns/mnt", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dwharf.agent.interval-ms=1000",
                "-jar", System.getProperty("wharf.daemon.jar"),
                "--data-root", dir.resolve("data").toString(), "--exec-root", "/run/" + ns, "-H", "unix://" + socket,
                "--control-plane", controlPlane, "--join-token", joinToken, "--advertise-address", address,
                "--node-name", nodeName, "--insecure-registry", registry));
        labels.forEach((k, v) -> {
            cmd.add("--label");
            cmd.add(k + "=" + v);
        });
        this.command = List.copyOf(cmd);
    }

    void start() throws Exception {
        Files.createDirectories(dir);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("daemon.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("daemon in " + ns + " exited: " + log());
            }
            if (Files.exists(socket) && docker("version", "--format", "{{.Server.Version}}").exitCode() == 0) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("daemon in " + ns + " did not answer: " + log());
    }

    Cmd.Result docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        return Cmd.run(cmd, Map.of("DOCKER_HOST", "unix://" + socket));
    }

    /** Commands inside the host's network namespace (ip, nft). */
    Cmd.Result inNs(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(args));
        return Cmd.run(cmd);
    }

    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    String log() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("daemon.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Removes every container, stops the daemon, and unmounts what is left under its dirs. */
    @Override
    public void close() throws Exception {
        if (alive()) {
            String ids = docker("ps", "-aq").out().trim();
            if (!ids.isEmpty()) {
                List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                rm.addAll(List.of(ids.split("\\s+")));
                docker(rm.toArray(String[]::new));
            }
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        // anything the runtime still runs under this daemon's private runc root (e.g. a crash mid-test)
        Path runcRoot = Path.of("/run", ns, "runtime", "runc");
        if (Files.isDirectory(runcRoot)) {
            for (String id : Cmd.sh("runc", "--root", runcRoot.toString(), "list", "-q").out().split("\\s+")) {
                if (!id.isBlank()) {
                    Cmd.sh("runc", "--root", runcRoot.toString(), "delete", "--force", id);
                }
            }
        }
        for (Path root : List.of(dir, Path.of("/run", ns))) {
            List<String> mounts = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String mp = line.split(" ")[4];
                if (mp.startsWith(root.toString())) {
                    mounts.add(mp);
                }
            }
            mounts.sort((a, b) -> b.length() - a.length());
            for (String mp : mounts) {
                Cmd.sh("umount", "-l", mp);
            }
        }
        // the daemon's (now empty) cgroup parent in each v1 hierarchy: wharf-<10 hex of sha256(data root)>
        byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                .digest(dir.resolve("data").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String parent = "wharf-" + java.util.HexFormat.of().formatHex(h).substring(0, 10);
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path hierarchy : hierarchies.toList()) {
                Path p = hierarchy.resolve(parent);
                if (Files.isDirectory(p)) {
                    Cmd.sh("find", p.toString(), "-depth", "-type", "d", "-exec", "rmdir", "{}", ";");
                }
            }
        }
        Cmd.sh("rm", "-rf", "/run/" + ns);
    }
}
