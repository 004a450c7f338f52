package dev.wharf.controlplane.application;

import java.util.List;
import java.util.Map;

/**
 * A request to create a container.
 *
 * @param name    container name; generated when null
 * @param image   image reference
 * @param command command and arguments, or empty for the image's default
 * @param env     environment entries {@code NAME=value}
 * @param labels  container labels
 * @param host    host id or name to place it on; the least-loaded ready host when null
 */
public record CreateContainer(
        String name,
        String image,
        List<String> command,
        List<String> env,
        Map<String, String> labels,
        String host) {

    public CreateContainer {
        command = command == null ? List.of() : command;
        env = env == null ? List.of() : env;
        labels = labels == null ? Map.of() : labels;
    }
}
