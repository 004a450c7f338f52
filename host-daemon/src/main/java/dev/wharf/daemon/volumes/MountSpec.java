package dev.wharf.daemon.volumes;

import java.util.List;

/**
 * One mount of a container as the user asked for it ({@code -v}, {@code --mount}, {@code --tmpfs}, or an image
 * {@code VOLUME}), persisted with the container so that every start mounts the same volumes.
 *
 * @param type        {@code bind}, {@code volume} or {@code tmpfs}
 * @param source      the host path (bind), the volume name (volume; empty until an anonymous one is named), or empty
 * @param destination the absolute path in the container
 * @param mode        the mode as given ({@code ro}, {@code z}, {@code ro,rshared}...), shown by inspect
 * @param propagation bind propagation ({@code rprivate} unless given)
 * @param noCopy      do not copy the image's content into an empty volume
 * @param anonymous   the volume was made for this container (removed with {@code rm -v} and {@code --rm})
 * @param tmpfsOptions mount options of a tmpfs ({@code size=64m}, {@code mode=1777}...)
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record MountSpec(String type, String source, String destination, boolean readOnly, String mode,
                        String propagation, boolean noCopy, boolean anonymous, List<String> tmpfsOptions) {

    public static final String BIND = "bind";
    public static final String VOLUME = "volume";
    public static final String TMPFS = "tmpfs";

    public MountSpec {
        tmpfsOptions = tmpfsOptions == null ? List.of() : List.copyOf(tmpfsOptions);
        mode = mode == null ? "" : mode;
        propagation = propagation == null ? "" : propagation;
        source = source == null ? "" : source;
    }

    /** The same mount backed by the volume {@code name} (for an anonymous volume named at create). */
    public MountSpec withSource(String name) {
        return new MountSpec(type, name, destination, readOnly, mode, propagation, noCopy, anonymous, tmpfsOptions);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isVolume() {
        return VOLUME.equals(type);
    }
}
