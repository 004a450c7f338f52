package dev.wharf.controlplane.application;

import java.util.List;
import java.util.Map;

/**
 * A request to create a container.
 *
 * @param name          container name; generated when null
 * @param image         image reference
 * @param command       command and arguments, or empty for the image's default
 * @param env           environment entries {@code NAME=value}
 * @param labels        container labels
 * @param host          host id or name to place it on; the scheduler chooses when null
 * @param cpus          CPU request for placement (e.g. 0.5), or null
 * @param memoryBytes   memory request for placement, or null
 * @param ports         published ports {@code [hostIp:]hostPort:containerPort[/tcp|udp]}
 * @param constraints   placement rules: {@code label.zone == a}, {@code node.hostname != h1}, {@code label.disk =~ ssd.*}
 * @param group         placement group (spread over hosts), or null
 * @param maxPerHost    at most this many of {@code group} per host, or null
 * @param restartPolicy {@code no|always|unless-stopped|on-failure[:N]}; not {@code no}: moved when its host is lost
 * @param network       cluster network to attach to, or null for the host's default bridge
 * @param volumes       {@code name:/path[:ro]}, {@code /host/dir:/path[:ro]} (admins only) or {@code /path}
 */
public record CreateContainer(
        String name,
        String image,
        List<String> command,
        List<String> env,
        Map<String, String> labels,
        String host,
        Double cpus,
        Long memoryBytes,
        List<String> ports,
        List<String> constraints,
        String group,
        Integer maxPerHost,
        String restartPolicy,
        String network,
        List<String> volumes) {

    public CreateContainer {
        command = command == null ? List.of() : command;
        env = env == null ? List.of() : env;
        labels = labels == null ? Map.of() : labels;
        ports = ports == null ? List.of() : ports;
        constraints = constraints == null ? List.of() : constraints;
        volumes = volumes == null ? List.of() : volumes;
    }

    /** Without scheduling fields. */
    public CreateContainer(String name, String image, List<String> command, List<String> env,
                           Map<String, String> labels, String host) {
        this(name, image, command, env, labels, host, null, null, null, null, null, null, null, null, null);
    }
}
