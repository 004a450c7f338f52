package dev.wharf.model.agent;

import java.util.List;
import java.util.Map;

/**
 * How to create a container, as the control plane stores it and sends it to a daemon.
 *
 * @param image   image reference, e.g. {@code busybox} or {@code 127.0.0.1:5000/app:1.2}
 * @param command command and arguments replacing the image's default command; empty keeps the image's
 * @param env     environment entries {@code NAME=value}; never null after construction
 * @param labels  container labels; never null after construction
 */
public record ContainerSpec(
        String image,
        List<String> command,
        List<String> env,
        Map<String, String> labels) {

    public ContainerSpec {
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? List.of() : List.copyOf(env);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
