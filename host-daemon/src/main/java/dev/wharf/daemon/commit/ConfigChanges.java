package dev.wharf.daemon.commit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.daemon.api.ApiException;
import dev.wharf.model.oci.ContainerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies {@code docker commit --change} instructions to an image config the way dockerd's {@code BuildFromConfig}
 * does: CMD, ENTRYPOINT (JSON or shell form; an ENTRYPOINT resets an inherited CMD), ENV and LABEL
 * ({@code k=v ...} with quotes, or the legacy {@code k v}), WORKDIR (relative to the current one), EXPOSE (ports and
 * ranges, {@code /tcp} by default), USER, VOLUME and STOPSIGNAL.
 */
public final class ConfigChanges {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContainerConfig c;
    private boolean cmdSet;

    private ConfigChanges(ContainerConfig base) {
        this.c = base == null ? ContainerConfig.EMPTY : base;
    }

    /** {@code changes} as the API passes them: one instruction per value, or several separated by newlines. */
    public static ContainerConfig apply(ContainerConfig base, List<String> changes) {
        ConfigChanges cc = new ConfigChanges(base);
        for (String value : changes) {
            for (String line : value.split("\n")) {
                if (!line.isBlank()) {
                    cc.one(line.trim());
                }
            }
        }
        return cc.c;
    }

    private void one(String line) {
        int sp = indexOfSpace(line);
        String instr = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
        String rest = sp < 0 ? "" : line.substring(sp).trim();
        switch (instr) {
            case "CMD" -> {
                c = with(c, "Cmd", command(rest, instr));
                cmdSet = true;
            }
            case "ENTRYPOINT" -> {
                c = with(c, "Entrypoint", command(rest, instr));
                if (!cmdSet) {
                    c = with(c, "Cmd", null);
                }
            }
            case "ENV" -> {
                Map<String, String> kv = pairs(rest, instr);
                List<String> env = new ArrayList<>(c.env() == null ? List.of() : c.env());
                kv.forEach((k, v) -> {
                    env.removeIf(e -> e.equals(k) || e.startsWith(k + "="));
                    env.add(k + "=" + v);
                });
                c = with(c, "Env", env);
            }
            case "LABEL" -> {
                Map<String, String> labels = new LinkedHashMap<>(c.labels() == null ? Map.of() : c.labels());
                labels.putAll(pairs(rest, instr));
                c = with(c, "Labels", labels);
            }
            case "WORKDIR" -> {
                String dir = unquote(rest);
                if (dir.isEmpty()) {
                    throw ApiException.badRequest("WORKDIR requires exactly one argument");
                }
                String cur = c.workingDir() == null || c.workingDir().isEmpty() ? "/" : c.workingDir();
                c = with(c, "WorkingDir", Path.of(dir.startsWith("/") ? dir : cur + "/" + dir).normalize().toString());
            }
            case "EXPOSE" -> {
                Map<String, Object> ports = new LinkedHashMap<>(c.exposedPorts() == null ? Map.of() : c.exposedPorts());
                for (String p : words(rest, instr)) {
                    for (String port : ports(p)) {
                        ports.put(port, Map.of());
                    }
                }
                c = with(c, "ExposedPorts", ports);
            }
            case "USER" -> {
                if (rest.isEmpty()) {
                    throw ApiException.badRequest("USER requires exactly one argument");
                }
                c = with(c, "User", unquote(rest));
            }
            case "VOLUME" -> {
                Map<String, Object> vols = new LinkedHashMap<>(c.volumes() == null ? Map.of() : c.volumes());
                List<String> paths = rest.startsWith("[") ? jsonArray(rest, instr) : words(rest, instr);
                for (String v : paths) {
                    if (v.isBlank()) {
                        throw ApiException.badRequest("VOLUME specified can not be an empty string");
                    }
                    vols.put(v, Map.of());
                }
                c = with(c, "Volumes", vols);
            }
            case "STOPSIGNAL" -> c = with(c, "StopSignal", unquote(rest));
            default -> throw ApiException.badRequest(instr + " is not a valid change command");
        }
    }

    /** JSON form {@code ["a","b"]}, else the shell form {@code /bin/sh -c "..."}. */
    private static List<String> command(String rest, String instr) {
        if (rest.startsWith("[")) {
            try {
                return JSON.readValue(rest, new TypeReference<List<String>>() {
                });
            } catch (IOException e) {
                // not JSON after all: dockerd falls back to the shell form
            }
        }
        if (rest.isEmpty()) {
            return null; // "CMD" alone clears it
        }
        return List.of("/bin/sh", "-c", rest);
    }

    private static List<String> jsonArray(String rest, String instr) {
        try {
            return JSON.readValue(rest, new TypeReference<List<String>>() {
            });
        } catch (IOException e) {
            return words(rest, instr);
        }
    }

    /** {@code k=v k2="v 2"}, or the legacy {@code k v w} (one variable, value "v w"). */
    static Map<String, String> pairs(String rest, String instr) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> words = words(rest, instr);
        if (words.isEmpty()) {
            throw ApiException.badRequest(instr + " requires at least one argument");
        }
        if (!words.get(0).contains("=")) {
            int sp = indexOfSpace(rest);
            if (sp < 0) {
                throw ApiException.badRequest(instr + " names can not be blank");
            }
            out.put(words.get(0), unquote(rest.substring(sp).trim()));
            return out;
        }
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw ApiException.badRequest("Syntax error - can't find = in \"" + w + "\". Must be of the form: name=value");
            }
            out.put(w.substring(0, eq), w.substring(eq + 1));
        }
        return out;
    }

    /** Splits on unquoted whitespace, removing quotes and backslash escapes as the Dockerfile word parser does. */
    static List<String> words(String s, String instr) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else if (ch == '\\' && quote == '"' && i + 1 < s.length()) {
                    cur.append(s.charAt(++i));
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
                inWord = true;
            } else if (ch == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(ch);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw ApiException.badRequest(instr + ": unmatched quote in \"" + s + "\"");
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }

    private static String unquote(String s) {
        List<String> w = words(s, "");
        return String.join(" ", w);
    }

    /** {@code 80}, {@code 53/udp}, {@code 8000-8002/tcp} → {@code 80/tcp}, ... */
    static List<String> ports(String spec) {
        String proto = "tcp";
        String p = spec;
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            proto = spec.substring(slash + 1).toLowerCase(Locale.ROOT);
            p = spec.substring(0, slash);
        }
        if (!List.of("tcp", "udp", "sctp").contains(proto)) {
            throw ApiException.badRequest("invalid proto: " + proto);
        }
        List<String> out = new ArrayList<>();
        try {
            int dash = p.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
            if (from < 1 || to > 65535 || to < from) {
                throw new NumberFormatException();
            }
            for (int i = from; i <= to; i++) {
                out.add(i + "/" + proto);
            }
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid containerPort: " + p);
        }
        return out;
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** A copy of {@code c} with one field replaced (the record has 13 of them). */
    private static ContainerConfig with(ContainerConfig c, String field, Object v) {
        @SuppressWarnings("unchecked")
        List<String> list = v instanceof List<?> l ? (List<String>) l : null;
        @SuppressWarnings("unchecked")
        Map<String, Object> objMap = v instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        @SuppressWarnings("unchecked")
        Map<String, String> strMap = v instanceof Map<?, ?> m ? (Map<String, String>) m : null;
        String s = v instanceof String str ? str : null;
        return new ContainerConfig(
                field.equals("User") ? s : c.user(),
                field.equals("ExposedPorts") ? objMap : c.exposedPorts(),
                field.equals("Env") ? list : c.env(),
                field.equals("Entrypoint") ? list : c.entrypoint(),
                field.equals("Cmd") ? list : c.cmd(),
                field.equals("Volumes") ? objMap : c.volumes(),
                field.equals("WorkingDir") ? s : c.workingDir(),
                field.equals("Labels") ? strMap : c.labels(),
                field.equals("StopSignal") ? s : c.stopSignal(),
                c.argsEscaped(), c.healthcheck(), c.onBuild(), c.shell());
    }
}
