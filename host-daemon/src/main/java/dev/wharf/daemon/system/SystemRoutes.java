package dev.wharf.daemon.system;

import dev.wharf.daemon.DaemonConfig;
import dev.wharf.daemon.api.ApiExchange;
import dev.wharf.daemon.api.ApiVersion;
import dev.wharf.daemon.api.DaemonIdentity;
import dev.wharf.daemon.api.Router;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** {@code /_ping}, {@code /version} and {@code /info}: what {@code docker version} and {@code docker info} show. */
public final class SystemRoutes {
    private final DaemonConfig config;
    private final String engineId;
    private final Map<String, Supplier<Object>> contributions = new ConcurrentHashMap<>();

    public SystemRoutes(DaemonConfig config, String engineId) {
        this.config = config;
        this.engineId = engineId;
    }

    /** Lets a capability add or override an {@code /info} field (e.g. {@code Containers}, {@code Images}). */
    public void contribute(String field, Supplier<Object> value) {
        contributions.put(field, value);
    }

    public void register(Router router) {
        router.get("/_ping", this::ping);
        router.head("/_ping", this::ping);
        router.get("/version", ex -> ex.json(200, version()));
        router.get("/info", ex -> ex.json(200, info()));
    }

    private void ping(ApiExchange ex) {
        // the CLI reads Api-Version from these headers to pick its /v1.NN prefix
        ex.respond(200, "text/plain; charset=utf-8", "OK".getBytes(StandardCharsets.UTF_8));
    }

    Map<String, Object> version() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ApiVersion", ApiVersion.MAX);
        details.put("Arch", HostFacts.goArch());
        details.put("BuildTime", "");
        details.put("Experimental", "false");
        details.put("GitCommit", "");
        details.put("GoVersion", "java" + Runtime.version().feature());
        details.put("KernelVersion", HostFacts.kernelVersion());
        details.put("MinAPIVersion", ApiVersion.MIN);
        details.put("Os", "linux");
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Platform", Map.of("Name", "Wharf"));
        v.put("Components", List.of(Map.of("Name", "Engine", "Version", DaemonIdentity.VERSION, "Details", details)));
        v.put("Version", DaemonIdentity.VERSION);
        v.put("ApiVersion", ApiVersion.MAX);
        v.put("MinAPIVersion", ApiVersion.MIN);
        v.put("GitCommit", "");
        v.put("GoVersion", "java" + Runtime.version().feature());
        v.put("Os", "linux");
        v.put("Arch", HostFacts.goArch());
        v.put("KernelVersion", HostFacts.kernelVersion());
        v.put("BuildTime", Instant.now().toString());
        return v;
    }

    Map<String, Object> info() throws IOException {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("ID", engineId);
        i.put("Containers", 0);
        i.put("ContainersRunning", 0);
        i.put("ContainersPaused", 0);
        i.put("ContainersStopped", 0);
        i.put("Images", 0);
        i.put("Driver", "overlay2");
        i.put("DriverStatus", List.of(List.of("Backing Filesystem", backingFilesystem(config.dataRoot())),
                List.of("Supports d_type", "true")));
        i.put("Plugins", Map.of("Volume", List.of("local"), "Network", List.of("bridge", "host", "null"),
                "Log", List.of("json-file")));
        i.put("MemoryLimit", true);
        i.put("SwapLimit", true);
        i.put("CpuCfsPeriod", true);
        i.put("CpuCfsQuota", true);
        i.put("CPUShares", true);
        i.put("CPUSet", true);
        i.put("PidsLimit", true);
        i.put("IPv4Forwarding", true);
        i.put("Debug", "debug".equals(config.logLevel()));
        i.put("SystemTime", Instant.now().toString());
        i.put("LoggingDriver", "json-file");
        i.put("CgroupDriver", "cgroupfs");
        i.put("CgroupVersion", Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")) ? "2" : "1");
        i.put("KernelVersion", HostFacts.kernelVersion());
        i.put("OperatingSystem", HostFacts.operatingSystem());
        i.put("OSType", "linux");
        i.put("Architecture", HostFacts.unameArch());
        i.put("NCPU", HostFacts.cpus());
        i.put("MemTotal", HostFacts.memTotalBytes());
        i.put("DockerRootDir", config.dataRoot().toString());
        i.put("Name", HostFacts.hostname());
        i.put("Labels", config.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        i.put("ExperimentalBuild", false);
        i.put("ServerVersion", DaemonIdentity.VERSION);
        i.put("Runtimes", Map.of("runc", Map.of("path", "runc"), "crun", Map.of("path", "crun")));
        i.put("DefaultRuntime", config.runtime());
        i.put("Swarm", Map.of("NodeID", "", "NodeAddr", "", "LocalNodeState", "inactive", "ControlAvailable", false,
                "Error", "", "RemoteManagers", List.of()));
        i.put("LiveRestoreEnabled", true);
        i.put("Isolation", "");
        i.put("InitBinary", "");
        // containers get the built-in seccomp profile unless --privileged / seccomp=unconfined (runtime.OciSpec)
        i.put("SecurityOptions", dev.wharf.daemon.runtime.Seccomp.supported() ? List.of("name=seccomp,profile=builtin") : List.of());
        Map<String, Object> registry = new LinkedHashMap<>();
        registry.put("InsecureRegistryCIDRs", List.of("127.0.0.0/8", "::1/128"));
        Map<String, Object> index = new LinkedHashMap<>();
        for (String r : config.insecureRegistries()) {
            index.put(r, Map.of("Name", r, "Mirrors", List.of(), "Secure", false, "Official", false));
        }
        index.put("docker.io", Map.of("Name", "docker.io", "Mirrors", List.of(), "Secure", true, "Official", true));
        registry.put("IndexConfigs", index);
        registry.put("Mirrors", List.of());
        i.put("RegistryConfig", registry);
        i.put("Warnings", List.of());
        contributions.forEach((k, s) -> i.put(k, s.get()));
        return i;
    }

    /** The filesystem under the data root as dockerd names it ({@code extfs} for ext2/3/4). */
    static String backingFilesystem(Path dataRoot) {
        try {
            String type = Files.getFileStore(dataRoot).type();
            return type.startsWith("ext") ? "extfs" : type;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
