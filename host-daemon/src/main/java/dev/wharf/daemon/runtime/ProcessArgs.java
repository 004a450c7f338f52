package dev.wharf.daemon.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Docker's rules for the process a container runs, from the image's ENTRYPOINT/CMD and the request's
 * {@code Entrypoint}/{@code Cmd} (moby {@code daemon.merge} and {@code getEntrypointAndArgs}):
 * <ul>
 *   <li>no Entrypoint in the request: the image's Entrypoint, then the request's Cmd, or the image's Cmd when
 *   the request has none;</li>
 *   <li>an Entrypoint in the request replaces the image's and drops the image's Cmd (only the request's Cmd
 *   follows it);</li>
 *   <li>{@code Entrypoint: [""]} ({@code --entrypoint ""}) resets it to nothing.</li>
 * </ul>
 */
public final class ProcessArgs {
    private ProcessArgs() {
    }

    /** The effective Entrypoint and Cmd, as {@code docker inspect} shows them in Config. */
    public record Resolved(List<String> entrypoint, List<String> cmd) {
        /** Entrypoint followed by Cmd, what the container executes. */
        public List<String> argv() {
            List<String> out = new ArrayList<>();
            if (entrypoint != null) {
                out.addAll(entrypoint);
            }
            if (cmd != null) {
                out.addAll(cmd);
            }
            return out;
        }
    }

    /** {@code requestEntrypoint == null} means "not given"; an empty list means the same. */
    public static Resolved resolve(List<String> imageEntrypoint, List<String> imageCmd,
                                   List<String> requestEntrypoint, List<String> requestCmd) {
        List<String> entrypoint;
        List<String> cmd = requestCmd == null || requestCmd.isEmpty() ? null : requestCmd;
        if (requestEntrypoint == null || requestEntrypoint.isEmpty()) {
            entrypoint = empty(imageEntrypoint) ? null : imageEntrypoint;
            if (cmd == null) {
                cmd = empty(imageCmd) ? null : imageCmd;
            }
        } else if (requestEntrypoint.size() == 1 && requestEntrypoint.get(0).isEmpty()) {
            entrypoint = null;
        } else {
            entrypoint = requestEntrypoint;
        }
        return new Resolved(entrypoint == null ? null : List.copyOf(entrypoint), cmd == null ? null : List.copyOf(cmd));
    }

    /** The argv, or an error Docker would give when there is nothing to run. */
    public static List<String> argv(Resolved r) throws InvalidSpecException {
        List<String> argv = r.argv();
        if (argv.isEmpty() || argv.get(0).isEmpty()) {
            throw new InvalidSpecException("No command specified");
        }
        return argv;
    }

    private static boolean empty(List<String> l) {
        return l == null || l.isEmpty();
    }
}
