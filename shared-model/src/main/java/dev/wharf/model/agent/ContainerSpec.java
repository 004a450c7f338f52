package dev.wharf.model.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * How to create a container, as the control plane stores it and sends it to a daemon.
 *
 * <p>Everything after {@code labels} is optional and left out of the JSON when unset, so a spec written by an
 * older control plane reads the same and an older daemon ignores what it does not know.
 *
 * @param image         image reference, e.g. {@code busybox} or {@code 127.0.0.1:5000/app:1.2}
 * @param command       command and arguments replacing the image's default command; empty keeps the image's
 * @param env           environment entries {@code NAME=value}; never null after construction
 * @param labels        container labels; never null after construction
 * @param cpus          CPUs the container needs (a scheduling request, e.g. {@code 0.5}), or null for none
 * @param memoryBytes   memory the container needs in bytes (a scheduling request), or null for none
 * @param ports         published ports {@code [hostIp:]hostPort:containerPort[/tcp|udp]}; a host port must be
 *                      free on the chosen host; never null after construction
 * @param constraints   placement rules on host labels and attributes: {@code label.zone == a},
 *                      {@code node.hostname != h1}, {@code label.disk =~ ssd|nvme}; never null after construction
 * @param group         placement group (a service's replicas share one): spread over hosts, see {@code maxPerHost}
 * @param maxPerHost    at most this many containers of {@code group} on one host, or null for no limit
 * @param restartPolicy {@code no} (default), {@code always}, {@code unless-stopped} or {@code on-failure[:N]};
 *                      anything but {@code no} is also moved to another host when its host is lost
 * @param network       name of the cluster network to attach the container to, or null for the host's bridge
 * @param volumes       mounts as {@code docker run -v} writes them: {@code name:/path[:ro]} (a named volume on
 *                      the container's host, created when missing), {@code /host/dir:/path[:ro]} (a bind mount)
 *                      or {@code /path} (an anonymous volume); volumes stay on their host, a moved container
 *                      gets empty ones; never null after construction
 */
public record ContainerSpec(
        String image,
        List<String> command,
        List<String> env,
        Map<String, String> labels,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double cpus,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long memoryBytes,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> ports,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> constraints,
        @JsonInclude(JsonInclude.Include.NON_NULL) String group,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer maxPerHost,
        @JsonInclude(JsonInclude.Include.NON_NULL) String restartPolicy,
        @JsonInclude(JsonInclude.Include.NON_NULL) String network,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> volumes) {

    public ContainerSpec {
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? List.of() : List.copyOf(env);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        ports = ports == null ? List.of() : List.copyOf(ports);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }

    /** A spec with only the basics; no scheduling requests. */
    public ContainerSpec(String image, List<String> command, List<String> env, Map<String, String> labels) {
        this(image, command, env, labels, null, null, null, null, null, null, null, null, null);
    }

    /** The same spec with other labels. */
    public ContainerSpec withLabels(Map<String, String> newLabels) {
        return new ContainerSpec(image, command, env, newLabels, cpus, memoryBytes, ports, constraints, group,
                maxPerHost, restartPolicy, network, volumes);
    }

    /** The same spec in another placement group. */
    public ContainerSpec withGroup(String newGroup, Integer newMaxPerHost) {
        return new ContainerSpec(image, command, env, labels, cpus, memoryBytes, ports, constraints, newGroup,
                newMaxPerHost, restartPolicy, network, volumes);
    }

    /** Whether the control plane moves the container to another host when its host is lost. */
    public boolean movesOnHostLoss() {
        return restartPolicy != null && !restartPolicy.isBlank() && !"no".equals(restartPolicy);
    }
}
