package dev.wharf.daemon.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.daemon.api.ApiException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a create request's mounts into {@link MountSpec}s with dockerd's rules and messages: {@code HostConfig.Binds}
 * ({@code src:dst[:mode]}, an absolute source is a bind, a name a volume), {@code HostConfig.Mounts} ({@code --mount}),
 * {@code HostConfig.Tmpfs} ({@code --tmpfs}), and every {@code Config.Volumes} path nothing else covers (an anonymous
 * volume). The result is sorted so that a parent directory is mounted before what is mounted inside it.
 */
public final class MountParser {
    /** moby's local driver name rule. */
    public static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final Set<String> PROPAGATIONS = Set.of("shared", "rshared", "slave", "rslave", "private", "rprivate");
    /** Docker's defaults for a tmpfs: no executables, no setuid, no devices. */
    static final List<String> TMPFS_DEFAULTS = List.of("noexec", "nosuid", "nodev");

    private MountParser() {
    }

    public static List<MountSpec> parse(JsonNode config, JsonNode hostConfig) {
        List<MountSpec> out = new ArrayList<>();
        for (JsonNode b : iter(hostConfig.path("Binds"))) {
            out.add(parseBind(b.asText()));
        }
        for (JsonNode m : iter(hostConfig.path("Mounts"))) {
            out.add(parseMount(m));
        }
        JsonNode tmpfs = hostConfig.path("Tmpfs");
        if (tmpfs.isObject()) {
            tmpfs.fields().forEachRemaining(e -> out.add(tmpfs(e.getKey(), e.getValue().asText(""))));
        }
        Set<String> seen = new HashSet<>();
        for (MountSpec m : out) {
            if (!seen.add(clean(m.destination()))) {
                throw ApiException.badRequest("Duplicate mount point: " + m.destination());
            }
        }
        JsonNode volumes = config.path("Volumes");
        if (volumes.isObject()) {
            volumes.fieldNames().forEachRemaining(dst -> {
                checkDestination(dst, MountSpec.VOLUME);
                if (seen.add(clean(dst))) {
                    out.add(new MountSpec(MountSpec.VOLUME, "", dst, false, "", "", false, true, null));
                }
            });
        }
        out.sort(Comparator.comparingInt(m -> depth(m.destination())));
        return out;
    }

    /** {@code -v}: {@code dst}, {@code src:dst} or {@code src:dst:mode}. */
    static MountSpec parseBind(String raw) {
        String[] parts = raw.split(":", -1);
        String src;
        String dst;
        String mode = "";
        switch (parts.length) {
            case 1 -> {
                src = "";
                dst = parts[0];
            }
            case 2 -> {
                if (validMode(parts[1])) {
                    throw ApiException.badRequest("invalid volume specification: '" + raw + "'"); // /foo:rw
                }
                src = parts[0];
                dst = parts[1];
            }
            case 3 -> {
                src = parts[0];
                dst = parts[1];
                mode = parts[2];
            }
            default -> throw ApiException.badRequest("invalid volume specification: '" + raw + "'");
        }
        if (dst.isEmpty()) {
            throw ApiException.badRequest("invalid volume specification: '" + raw + "'");
        }
        if (!mode.isEmpty() && !validMode(mode)) {
            throw ApiException.badRequest("invalid mode: " + mode);
        }
        Map<String, String> opts = modeOptions(mode);
        boolean bind = src.startsWith("/");
        String type = bind ? MountSpec.BIND : MountSpec.VOLUME;
        checkDestination(dst, type);
        if (!bind && !src.isEmpty()) {
            checkVolumeName(src);
        }
        if (bind && opts.containsKey("nocopy")) {
            throw ApiException.badRequest("invalid mode: " + mode);
        }
        if (!bind && opts.containsKey("propagation")) {
            throw ApiException.badRequest("invalid mount config for type \"volume\": propagation is not supported for volumes");
        }
        boolean ro = "ro".equals(opts.get("rw"));
        String propagation = bind ? opts.getOrDefault("propagation", "rprivate") : "";
        return new MountSpec(type, bind ? clean(src) : src, dst, ro, mode, propagation, opts.containsKey("nocopy"),
                src.isEmpty(), null);
    }

    /** {@code --mount type=...}: the API's Mount object. */
    static MountSpec parseMount(JsonNode m) {
        String type = m.path("Type").asText("");
        String src = m.path("Source").asText("");
        String dst = m.path("Target").asText("");
        boolean ro = m.path("ReadOnly").asBoolean(false);
        if (!List.of(MountSpec.BIND, MountSpec.VOLUME, MountSpec.TMPFS).contains(type)) {
            throw ApiException.badRequest(type.isEmpty() ? "invalid mount config: mount type unknown"
                    : "invalid mount config for type \"" + type + "\": mount type unknown");
        }
        String prefix = "invalid mount config for type \"" + type + "\": ";
        if (dst.isEmpty()) {
            throw ApiException.badRequest(prefix + "field Target must not be empty");
        }
        checkDestination(dst, type);
        switch (type) {
            case MountSpec.BIND -> {
                if (src.isEmpty()) {
                    throw ApiException.badRequest(prefix + "field Source must not be empty");
                }
                if (!src.startsWith("/")) {
                    throw ApiException.badRequest(prefix + "invalid mount path: '" + src + "' mount path must be absolute");
                }
                String propagation = m.path("BindOptions").path("Propagation").asText("");
                if (!propagation.isEmpty() && !PROPAGATIONS.contains(propagation)) {
                    throw ApiException.badRequest(prefix + "invalid propagation mode: " + propagation);
                }
                return new MountSpec(type, clean(src), dst, ro, ro ? "ro" : "", propagation.isEmpty() ? "rprivate" : propagation,
                        false, false, null);
            }
            case MountSpec.VOLUME -> {
                if (!src.isEmpty()) {
                    checkVolumeName(src);
                }
                boolean noCopy = m.path("VolumeOptions").path("NoCopy").asBoolean(false);
                return new MountSpec(type, src, dst, ro, ro ? "ro" : "z", "", noCopy, src.isEmpty(), null);
            }
            default -> {
                if (!src.isEmpty()) {
                    throw ApiException.badRequest(prefix + "field Source must not be specified");
                }
                List<String> opts = new ArrayList<>(TMPFS_DEFAULTS);
                long size = m.path("TmpfsOptions").path("SizeBytes").asLong(0);
                if (size < 0) {
                    throw ApiException.badRequest(prefix + "invalid tmpfs size " + size);
                }
                if (size > 0) {
                    opts.add("size=" + size);
                }
                int mode = m.path("TmpfsOptions").path("Mode").asInt(0);
                if (mode != 0) {
                    opts.add("mode=" + Integer.toOctalString(mode & 07777));
                }
                if (ro) {
                    opts.add("ro");
                }
                return new MountSpec(type, "", dst, ro, "", "", false, false, opts);
            }
        }
    }

    /** {@code --tmpfs /run:rw,size=64m}. */
    static MountSpec tmpfs(String dst, String options) {
        checkDestination(dst, MountSpec.TMPFS);
        List<String> opts = new ArrayList<>(TMPFS_DEFAULTS);
        boolean ro = false;
        for (String o : options.split(",")) {
            String t = o.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (t.equals("exec")) {
                opts.remove("noexec");
            } else if (t.equals("suid")) {
                opts.remove("nosuid");
            } else if (t.equals("dev")) {
                opts.remove("nodev");
            } else if (!opts.contains(t)) {
                opts.add(t);
            }
            ro |= t.equals("ro");
        }
        return new MountSpec(MountSpec.TMPFS, "", dst, ro, options, "", false, false, opts);
    }

    static void checkVolumeName(String name) {
        if (!VOLUME_NAME.matcher(name).matches()) {
            throw ApiException.badRequest("create " + name + ": \"" + name + "\" includes invalid characters for a local volume name, "
                    + "only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
        }
    }

    private static void checkDestination(String dst, String type) {
        if (!dst.startsWith("/")) {
            throw ApiException.badRequest("invalid mount config for type \"" + type + "\": invalid mount path: '" + dst
                    + "' mount path must be absolute");
        }
        if (clean(dst).equals("/")) {
            throw ApiException.badRequest("invalid specification: destination can't be '/'");
        }
    }

    /** dockerd's ValidMountMode: comma-separated, at most one of each kind. */
    static boolean validMode(String mode) {
        try {
            modeOptions(mode);
            return !mode.isEmpty();
        } catch (ApiException e) {
            return false;
        }
    }

    private static Map<String, String> modeOptions(String mode) {
        Map<String, String> kinds = new LinkedHashMap<>();
        if (mode.isEmpty()) {
            return kinds;
        }
        for (String o : mode.split(",")) {
            String kind = switch (o) {
                case "rw", "ro" -> "rw";
                case "z", "Z" -> "label";
                case "nocopy" -> "nocopy";
                case "consistent", "cached", "delegated" -> "consistency";
                default -> PROPAGATIONS.contains(o) ? "propagation" : null;
            };
            if (kind == null || kinds.put(kind, o) != null) {
                throw ApiException.badRequest("invalid mode: " + mode);
            }
        }
        return kinds;
    }

    /** A path without duplicate or trailing slashes (what dockerd compares destinations by). */
    static String clean(String p) {
        String s = p.replaceAll("/+", "/");
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static int depth(String p) {
        String c = clean(p);
        return c.equals("/") ? 0 : c.split("/").length - 1;
    }

    private static Iterable<JsonNode> iter(JsonNode n) {
        return n != null && n.isArray() ? n : List.of();
    }
}
