package dev.wharf.daemon.volumes;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A local volume: a directory under {@code <data-root>/volumes/<name>/_data} that outlives containers.
 *
 * @param anonymous made for one container (image {@code VOLUME}, {@code -v /path}); pruned by default and
 *                  removed with that container by {@code rm -v} or {@code --rm}
 */
public record Volume(String name, Instant createdAt, Map<String, String> labels, Map<String, String> options,
                     boolean anonymous, Path mountpoint) {
}
