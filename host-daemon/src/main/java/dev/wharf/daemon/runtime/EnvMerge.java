package dev.wharf.daemon.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Environment variables the way dockerd builds them: the image's ENV, overridden key by key by the request's
 * {@code Env} (that is the container's Config.Env); at start, {@code PATH}, {@code HOSTNAME} and, with a TTY,
 * {@code TERM=xterm} come first and are replaced by any Config.Env entry of the same name.
 */
public final class EnvMerge {
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private EnvMerge() {
    }

    /** Config.Env of a new container: image entries, then request entries replacing same-named ones. */
    public static List<String> configEnv(List<String> imageEnv, List<String> requestEnv) {
        return replaceOrAppend(imageEnv == null ? List.of() : imageEnv, requestEnv == null ? List.of() : requestEnv);
    }

    /** The process environment at start. */
    public static List<String> processEnv(List<String> configEnv, String hostname, boolean tty) {
        List<String> base = new ArrayList<>();
        base.add("PATH=" + DEFAULT_PATH);
        base.add("HOSTNAME=" + hostname);
        if (tty) {
            base.add("TERM=xterm");
        }
        return replaceOrAppend(base, configEnv == null ? List.of() : configEnv);
    }

    /** moby's ReplaceOrAppendEnvValues: an override without {@code =} removes the variable. */
    public static List<String> replaceOrAppend(List<String> defaults, List<String> overrides) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String e : defaults) {
            byKey.put(key(e), e);
        }
        for (String e : overrides) {
            if (e.indexOf('=') < 0) {
                byKey.remove(e);
            } else {
                byKey.put(key(e), e);
            }
        }
        return List.copyOf(byKey.values());
    }

    private static String key(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }
}
