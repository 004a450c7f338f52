package dev.wharf.daemon.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Seccomp profiles in Docker's profile format (moby's {@code types.Seccomp}: {@code archMap}, rules with
 * {@code includes}/{@code excludes} by capability and architecture) turned into the OCI {@code linux.seccomp}
 * object for one container, as dockerd's {@code seccomp.setupSeccomp} does. The built-in default is
 * {@code seccomp-default.json} (see src/build/seccomp-default.py for where it comes from).
 */
public final class Seccomp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARCH = goArch(System.getProperty("os.arch"));
    private static volatile JsonNode defaultProfile;

    private Seccomp() {
    }

    /** True when the kernel filters syscalls (so /info may say so and specs may carry a profile). */
    public static boolean supported() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().anyMatch(l -> l.startsWith("Seccomp:"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The built-in profile for a process with capabilities {@code caps}. */
    public static Map<String, Object> defaultFor(List<String> caps) {
        try {
            return forProfile(defaultProfile(), caps);
        } catch (InvalidSpecException e) {
            throw new IllegalStateException("the built-in seccomp profile is broken: " + e.getMessage(), e);
        }
    }

    /** A user's profile ({@code --security-opt seccomp=profile.json}: the CLI sends the file's content). */
    public static Map<String, Object> fromJson(String profileJson, List<String> caps) throws InvalidSpecException {
        JsonNode p;
        try {
            p = JSON.readTree(profileJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidSpecException("invalid seccomp profile: " + e.getOriginalMessage());
        }
        if (p == null || !p.isObject()) {
            throw new InvalidSpecException("invalid seccomp profile: not a JSON object");
        }
        return forProfile(p, caps);
    }

    static Map<String, Object> forProfile(JsonNode p, List<String> caps) throws InvalidSpecException {
        String defaultAction = p.path("defaultAction").asText("");
        if (defaultAction.isEmpty()) {
            throw new InvalidSpecException("invalid seccomp profile: defaultAction is missing");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("defaultAction", defaultAction);
        if (p.hasNonNull("defaultErrnoRet")) {
            out.put("defaultErrnoRet", p.get("defaultErrnoRet").asInt());
        }
        out.put("architectures", architectures(p));
        List<Map<String, Object>> rules = new ArrayList<>();
        // libseccomp lets an unconditional rule replace the conditional ones of the same syscall, and refuses some
        // duplicates: the first unconditional rule per name wins, as the profile's order intends
        Set<String> unconditional = new HashSet<>();
        for (JsonNode r : p.path("syscalls")) {
            if (!applies(r, caps)) {
                continue;
            }
            boolean hasArgs = r.path("args").size() > 0;
            List<String> names = new ArrayList<>();
            r.path("names").forEach(n -> names.add(n.asText()));
            if (r.hasNonNull("name")) {
                names.add(r.get("name").asText());
            }
            names.removeIf(unconditional::contains);
            if (names.isEmpty()) {
                continue;
            }
            if (!hasArgs) {
                unconditional.addAll(names);
            }
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("names", names);
            rule.put("action", r.path("action").asText());
            if (r.hasNonNull("errnoRet")) {
                rule.put("errnoRet", r.get("errnoRet").asInt());
            }
            if (hasArgs) {
                List<Map<String, Object>> args = new ArrayList<>();
                for (JsonNode a : r.get("args")) {
                    Map<String, Object> arg = new LinkedHashMap<>();
                    arg.put("index", a.path("index").asInt());
                    arg.put("value", a.path("value").asLong());
                    arg.put("valueTwo", a.path("valueTwo").asLong());
                    arg.put("op", a.path("op").asText());
                    args.add(arg);
                }
                rule.put("args", args);
            }
            rules.add(rule);
        }
        out.put("syscalls", rules);
        return out;
    }

    private static boolean applies(JsonNode r, List<String> caps) {
        JsonNode inc = r.path("includes");
        for (JsonNode c : inc.path("caps")) {
            if (!caps.contains(c.asText())) {
                return false;
            }
        }
        if (inc.path("arches").size() > 0 && !contains(inc.path("arches"), ARCH)) {
            return false;
        }
        JsonNode exc = r.path("excludes");
        for (JsonNode c : exc.path("caps")) {
            if (caps.contains(c.asText())) {
                return false;
            }
        }
        return !contains(exc.path("arches"), ARCH);
    }

    private static boolean contains(JsonNode array, String s) {
        for (JsonNode x : array) {
            if (x.asText().equals(s)) {
                return true;
            }
        }
        return false;
    }

    /** The host's native architecture and its sub-architectures from the profile's archMap. */
    private static List<String> architectures(JsonNode p) {
        String native_ = switch (ARCH) {
            case "amd64" -> "SCMP_ARCH_X86_64";
            case "arm64" -> "SCMP_ARCH_AARCH64";
            default -> "SCMP_ARCH_" + ARCH.toUpperCase(java.util.Locale.ROOT);
        };
        List<String> out = new ArrayList<>();
        for (JsonNode m : p.path("archMap")) {
            if (m.path("architecture").asText().equals(native_)) {
                out.add(native_);
                m.path("subArchitectures").forEach(s -> out.add(s.asText()));
            }
        }
        if (out.isEmpty()) {
            p.path("architectures").forEach(a -> out.add(a.asText()));
        }
        return out;
    }

    private static String goArch(String javaArch) {
        return switch (javaArch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> javaArch;
        };
    }

    private static JsonNode defaultProfile() {
        JsonNode p = defaultProfile;
        if (p == null) {
            try (InputStream in = Seccomp.class.getResourceAsStream("seccomp-default.json")) {
                if (in == null) {
                    throw new IllegalStateException("seccomp-default.json is missing from the daemon jar");
                }
                p = JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            defaultProfile = p;
        }
        return p;
    }
}
