package dev.wharf.daemon.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.daemon.runtime.Capabilities;
import dev.wharf.daemon.runtime.UserResolver;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code process.json} of an exec (runc exec {@code --process}): the container's own process object from its
 * config.json (capabilities, rlimits, user, env, cwd) with the exec's args, its Env laid over the container's,
 * its user and working dir when given, and a terminal when it asked for a TTY.
 */
final class ExecProcessSpec {
    private ExecProcessSpec() {
    }

    /**
     * @param containerProcess the {@code process} object of the container's config.json
     * @param user             the exec's user resolved in the container, or null to keep the container's
     * @param height           the console's rows when known (else 0); a resize follows otherwise
     */
    static ObjectNode build(JsonNode containerProcess, ExecConfig cfg, UserResolver.ExecUser user, int height, int width) {
        ObjectNode p = containerProcess.deepCopy();
        p.remove("consoleSize");
        p.put("terminal", cfg.tty());
        if (cfg.tty() && height > 0 && width > 0) {
            p.putObject("consoleSize").put("height", height).put("width", width); // the pty's size from its creation
        }
        ArrayNode args = p.putArray("args");
        cfg.cmd().forEach(args::add);
        List<String> env = new ArrayList<>();
        p.path("env").forEach(e -> env.add(e.asText()));
        List<String> overrides = new ArrayList<>(cfg.env());
        if (cfg.tty() && env.stream().noneMatch(e -> e.startsWith("TERM=")) && overrides.stream().noneMatch(e -> e.startsWith("TERM="))) {
            overrides.add(0, "TERM=xterm");
        }
        ArrayNode envNode = p.putArray("env");
        dev.wharf.daemon.runtime.EnvMerge.replaceOrAppend(env, overrides).forEach(envNode::add);
        if (!cfg.workingDir().isEmpty()) {
            p.put("cwd", cfg.workingDir());
        }
        if (user != null) {
            ObjectNode u = p.putObject("user");
            u.put("uid", user.uid());
            u.put("gid", user.gid());
            if (!user.additionalGids().isEmpty()) {
                ArrayNode g = u.putArray("additionalGids");
                user.additionalGids().forEach(g::add);
            }
        }
        if (cfg.privileged()) {
            ObjectNode caps = p.putObject("capabilities");
            for (String set : List.of("bounding", "effective", "permitted")) {
                ArrayNode a = caps.putArray(set);
                Capabilities.ALL.forEach(a::add);
            }
        }
        return p;
    }
}
