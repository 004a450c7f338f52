package dev.wharf.webapp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged host daemon ({@code wharf.daemon.jar}) joined to the control plane under test, as root with private
 * data and exec roots (temp dirs named with the run id) and a private socket. {@link #close()} removes what it made:
 * its containers, its default bridge {@code wharf<6 hex of sha256(exec root)>}, the bridges of the networks it made,
 * its nft table {@code inet wharf-<same>}, its cgroup parent and the temp dirs.
 */
final class RealDaemon implements AutoCloseable {

    private final Path base;
    private final Path dataRoot;
    private final Path execRoot;
    private final Path socket;
    private final Path log;
    private final Process process;

    private RealDaemon(Path base, List<String> args) throws IOException {
        this.base = base;
        this.dataRoot = base.resolve("data");
        this.execRoot = base.resolve("exec");
        this.socket = execRoot.resolve("docker.sock");
        this.log = base.resolve("daemon.log");
        String jar = System.getProperty("wharf.daemon.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("system property wharf.daemon.jar must point at the built wharf-daemon.jar"
                    + " (got " + jar + ")");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dwharf.agent.interval-ms=1000", "-jar", jar, "--data-root", dataRoot.toString(),
                "--exec-root", execRoot.toString(), "-H", "unix://" + socket));
        cmd.addAll(args);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Starts the daemon joined to {@code controlPlane} and waits (generously: a loaded machine) for its socket. */
    static RealDaemon start(String run, String controlPlane, String joinToken, String registry, String nodeName,
                            Map<String, String> labels) throws Exception {
        Path base = Files.createTempDirectory("wharf-ui-" + run + "-");
        List<String> args = new ArrayList<>(List.of("--insecure-registry", registry, "--control-plane", controlPlane,
                "--join-token", joinToken, "--node-name", nodeName));
        labels.forEach((k, v) -> {
            args.add("--label");
            args.add(k + "=" + v);
        });
        RealDaemon d = new RealDaemon(base, args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!d.process.isAlive()) {
                String log = d.log();
                d.close();
                throw new IllegalStateException("the daemon exited with " + d.process.exitValue() + ":\n" + log);
            }
            if (Files.exists(d.socket) && d.docker("version", "--format", "{{.Server.Version}}").exitCode() == 0) {
                return d;
            }
            Thread.sleep(500);
        }
        String log = d.log();
        d.close();
        throw new IllegalStateException("the daemon did not answer within 120 s:\n" + log);
    }

    record Result(int exitCode, String out) {
    }

    /** The stock docker CLI against this daemon (the tests check what really runs on the host with it). */
    Result docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        return run(cmd, Map.of("DOCKER_HOST", "unix://" + socket, "DOCKER_CONFIG", base.resolve("docker-config").toString()));
    }

    private static Result run(List<String> cmd, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    private static Result sh(String... cmd) {
        return run(List.of(cmd), Map.of());
    }

    String log() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no daemon log: " + e.getMessage() + ")";
        }
    }

    private static String hash(Path p, int hexChars) throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(p.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(h).substring(0, hexChars);
    }

    @Override
    public void close() throws Exception {
        List<String> networkBridges = new ArrayList<>();
        if (process.isAlive()) {
            String ids = docker("ps", "-aq").out().trim();
            if (!ids.isEmpty()) {
                List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                rm.addAll(List.of(ids.split("\\s+")));
                docker(rm.toArray(String[]::new));
            }
            for (String id : docker("network", "ls", "--no-trunc", "-q").out().split("\\s+")) {
                if (id.matches("[0-9a-f]{12,}")) {
                    networkBridges.add("wh-" + id.substring(0, 12));
                }
            }
            process.destroy(); // SIGTERM, as an operator would
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        // anything still running under this daemon's private runc root (e.g. a test that failed midway)
        Path runcRoot = execRoot.resolve("runtime").resolve("runc");
        if (Files.isDirectory(runcRoot)) {
            for (String id : sh("runc", "--root", runcRoot.toString(), "list", "-q").out().split("\\s+")) {
                if (!id.isBlank()) {
                    sh("runc", "--root", runcRoot.toString(), "delete", "--force", id);
                }
            }
        }
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String mp = line.split(" ")[4];
            if (mp.startsWith(base + "/")) {
                mounts.add(mp);
            }
        }
        mounts.sort((a, b) -> b.length() - a.length());
        for (String mp : mounts) {
            sh("umount", "-l", mp);
        }
        String exec = hash(execRoot, 6);
        for (String link : networkBridges) {
            if (sh("ip", "link", "show", link).exitCode() == 0) {
                sh("ip", "link", "del", link);
            }
        }
        if (sh("ip", "link", "show", "wharf" + exec).exitCode() == 0) {
            sh("ip", "link", "del", "wharf" + exec);
        }
        if (sh("nft", "list", "table", "inet", "wharf-" + exec).exitCode() == 0) {
            sh("nft", "delete", "table", "inet", "wharf-" + exec);
        }
        // the daemon's (now empty) cgroup parent in each v1 hierarchy: wharf-<10 hex of sha256(data root)>
        String parent = "wharf-" + hash(dataRoot, 10);
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path hierarchy : hierarchies.toList()) {
                Path p = hierarchy.resolve(parent);
                if (Files.isDirectory(p)) {
                    sh("find", p.toString(), "-depth", "-type", "d", "-exec", "rmdir", "{}", ";");
                }
            }
        }
        sh("rm", "-rf", "--one-file-system", base.toString());
    }
}
