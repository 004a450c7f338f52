package dev.wharf.daemon.exec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.daemon.api.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /containers/{id}/exec}: what to run and how it is attached.
 *
 * @param consoleHeight 0 when not given; with {@code consoleWidth} the pty's first size
 */
public record ExecConfig(List<String> cmd, List<String> env, String user, String workingDir, boolean tty,
                         boolean attachStdin, boolean attachStdout, boolean attachStderr, boolean privileged,
                         int consoleHeight, int consoleWidth) {

    public ExecConfig {
        cmd = List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        user = user == null ? "" : user;
        workingDir = workingDir == null ? "" : workingDir;
    }

    static ExecConfig from(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("exec configuration cannot be empty");
        }
        List<String> cmd = strings(body.get("Cmd"));
        if (cmd == null || cmd.isEmpty()) {
            throw ApiException.badRequest("No exec command specified");
        }
        for (String e : strings(body.get("Env")) == null ? List.<String>of() : strings(body.get("Env"))) {
            if (e.isEmpty() || e.startsWith("=")) {
                throw ApiException.badRequest("invalid environment variable: \"" + e + "\"");
            }
        }
        String wd = body.path("WorkingDir").asText("");
        if (!wd.isEmpty() && !wd.startsWith("/")) {
            throw ApiException.badRequest("the working directory '" + wd + "' is invalid, it needs to be an absolute path");
        }
        JsonNode size = body.path("ConsoleSize");
        int h = size.isArray() && size.size() == 2 ? size.get(0).asInt(0) : 0;
        int w = size.isArray() && size.size() == 2 ? size.get(1).asInt(0) : 0;
        return new ExecConfig(cmd, strings(body.get("Env")), body.path("User").asText(""), wd,
                body.path("Tty").asBoolean(false), body.path("AttachStdin").asBoolean(false),
                body.path("AttachStdout").asBoolean(false), body.path("AttachStderr").asBoolean(false),
                body.path("Privileged").asBoolean(false), h, w);
    }

    private static List<String> strings(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(e -> out.add(e.asText()));
        } else {
            out.add(n.asText());
        }
        return out;
    }
}
