package dev.wharf.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.daemon.api.ListenAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Daemon settings, from dockerd-style flags and an optional JSON config file ({@code --config-file}, the same
 * keys as dockerd's daemon.json: {@code hosts}, {@code data-root}, {@code exec-root}, {@code insecure-registries},
 * {@code default-runtime}, ...). Flags win over the file.
 */
public record DaemonConfig(
        Path dataRoot,
        Path execRoot,
        List<ListenAddress> hosts,
        List<String> insecureRegistries,
        String runtime,
        Path pidFile,
        String logLevel,
        String controlPlaneUrl,
        String joinToken,
        String bridgeSubnet,
        Map<String, String> labels,
        String advertiseAddress,
        String nodeName) {

    public static final String USAGE = """
            Usage: java -jar wharf-daemon.jar [OPTIONS]

              --data-root DIR             persistent state (images, containers, volumes) [/var/lib/wharf]
              --exec-root DIR             runtime state (sockets, runc state, netns)   [/run/wharf]
              -H, --host ADDR             listen address, repeatable: unix:///path or tcp://HOST:PORT
                                          [unix:///run/wharf/docker.sock]
              --insecure-registry H:P     allow plain HTTP to this registry, repeatable (loopback always allowed)
              --runtime NAME|PATH         OCI runtime: runc (default) or crun
              --pidfile FILE              where to write the daemon's pid [EXEC_ROOT/wharf-daemon.pid]
              --config-file FILE          JSON settings with dockerd's daemon.json keys
              --log-level LEVEL           debug, info, warn, error [info]
              --control-plane URL         join this Wharf control plane
              --join-token TOKEN          the control plane's join token (first join only)
              --bridge-subnet CIDR        subnet of the default bridge network
              --label KEY=VALUE           host label reported to the control plane, repeatable
              --advertise-address IP      this host's address for the control plane and other hosts
                                          (cluster network routes, VXLAN) [the hostname's address]
              --node-name NAME            the host's name in the cluster [the kernel hostname]
              -h, --help                  this text
            """;

    /** Parses command-line flags (and the config file they name); a bad flag's message names it. */
    public static DaemonConfig parse(String[] args) throws IOException {
        Builder b = new Builder();
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            if (a.equals("-h") || a.equals("--help")) {
                throw new UsageException(null);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("flag needs an argument: " + a);
                }
                value = args[++i];
            }
            switch (a) {
                case "--data-root" -> b.dataRoot = Path.of(value);
                case "--exec-root" -> b.execRoot = Path.of(value);
                case "-H", "--host" -> b.hosts.add(parseHost(value));
                case "--insecure-registry" -> b.insecure.add(value);
                case "--runtime", "--default-runtime" -> b.runtime = value;
                case "--pidfile", "-p" -> b.pidFile = Path.of(value);
                case "--config-file" -> configFile = Path.of(value);
                case "--log-level", "-l" -> b.logLevel = value;
                case "--control-plane" -> b.controlPlaneUrl = value;
                case "--join-token" -> b.joinToken = value;
                case "--bridge-subnet" -> b.bridgeSubnet = value;
                case "--advertise-address" -> b.advertiseAddress = value;
                case "--node-name" -> b.nodeName = value;
                case "--label" -> {
                    int k = value.indexOf('=');
                    if (k <= 0) {
                        throw new UsageException("invalid --label \"" + value + "\": expected KEY=VALUE");
                    }
                    b.labels.put(value.substring(0, k), value.substring(k + 1));
                }
                default -> throw new UsageException("unknown flag: " + a);
            }
        }
        if (configFile != null) {
            b.applyFile(configFile);
        }
        return b.build();
    }

    private static ListenAddress parseHost(String value) {
        try {
            return ListenAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** A flag problem, shown with the usage text. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    private static final class Builder {
        Path dataRoot;
        Path execRoot;
        final List<ListenAddress> hosts = new ArrayList<>();
        final List<String> insecure = new ArrayList<>();
        String runtime;
        Path pidFile;
        String logLevel;
        String controlPlaneUrl;
        String joinToken;
        String bridgeSubnet;
        String advertiseAddress;
        String nodeName;
        final Map<String, String> labels = new java.util.TreeMap<>();

        void applyFile(Path file) throws IOException {
            JsonNode root;
            try {
                root = new ObjectMapper().readTree(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UsageException("cannot read config file " + file + ": " + e.getMessage());
            }
            if (root == null || !root.isObject()) {
                throw new UsageException("config file " + file + " must hold a JSON object");
            }
            dataRoot = orText(dataRoot, root, "data-root", Path::of);
            execRoot = orText(execRoot, root, "exec-root", Path::of);
            runtime = orText(runtime, root, "default-runtime", s -> s);
            pidFile = orText(pidFile, root, "pidfile", Path::of);
            logLevel = orText(logLevel, root, "log-level", s -> s);
            controlPlaneUrl = orText(controlPlaneUrl, root, "control-plane", s -> s);
            joinToken = orText(joinToken, root, "join-token", s -> s);
            bridgeSubnet = orText(bridgeSubnet, root, "bridge-subnet", s -> s);
            if (hosts.isEmpty()) {
                forEachText(root, "hosts", v -> hosts.add(parseHost(v)));
            }
            forEachText(root, "insecure-registries", insecure::add);
        }

        private static <T> T orText(T current, JsonNode root, String key, java.util.function.Function<String, T> f) {
            JsonNode n = root.get(key);
            return current != null || n == null || !n.isTextual() ? current : f.apply(n.asText());
        }

        private static void forEachText(JsonNode root, String key, Consumer<String> c) {
            JsonNode n = root.get(key);
            if (n != null && n.isArray()) {
                n.forEach(e -> c.accept(e.asText()));
            }
        }

        DaemonConfig build() {
            Path data = dataRoot != null ? dataRoot : Path.of("/var/lib/wharf");
            Path exec = execRoot != null ? execRoot : Path.of("/run/wharf");
            List<ListenAddress> h = hosts.isEmpty() ? List.of(new ListenAddress.Unix(exec.resolve("docker.sock"))) : List.copyOf(hosts);
            return new DaemonConfig(data.toAbsolutePath(), exec.toAbsolutePath(), h, List.copyOf(insecure),
                    runtime != null ? runtime : "runc",
                    pidFile != null ? pidFile : exec.resolve("wharf-daemon.pid"),
                    logLevel != null ? logLevel : "info", controlPlaneUrl, joinToken,
                    bridgeSubnet, Map.copyOf(labels), advertiseAddress, nodeName);
        }
    }
}
