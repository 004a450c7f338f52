package dev.wharf.daemon.runtime;

import java.util.List;

/**
 * A container's {@code --security-opt}s (HostConfig.SecurityOpt) that Wharf applies: {@code seccomp=unconfined},
 * {@code seccomp=<profile JSON>} (the CLI sends the file's content), {@code no-new-privileges[=|:true|false]}.
 * AppArmor and SELinux options are accepted and have nothing to apply on this host kind.
 *
 * @param seccompProfile a user's profile JSON, null for the built-in one
 */
public record SecurityOpts(boolean seccompUnconfined, String seccompProfile, boolean noNewPrivileges) {
    public static final SecurityOpts DEFAULT = new SecurityOpts(false, null, false);

    public static SecurityOpts parse(List<String> opts) throws InvalidSpecException {
        boolean unconfined = false;
        String profile = null;
        boolean nnp = false;
        for (String opt : opts == null ? List.<String>of() : opts) {
            int eq = opt.indexOf('=');
            int colon = opt.indexOf(':');
            int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            String key = sep < 0 ? opt : opt.substring(0, sep);
            String value = sep < 0 ? "" : opt.substring(sep + 1);
            switch (key) {
                case "no-new-privileges" -> {
                    if (value.isEmpty() || value.equals("true")) {
                        nnp = true;
                    } else if (value.equals("false")) {
                        nnp = false;
                    } else {
                        throw new InvalidSpecException("invalid --security-opt 2: \"" + opt + "\"");
                    }
                }
                case "seccomp" -> {
                    if (value.isEmpty()) {
                        throw new InvalidSpecException("invalid --security-opt 2: \"" + opt + "\"");
                    }
                    unconfined = value.equals("unconfined");
                    profile = unconfined || value.equals("builtin") ? null : value;
                }
                case "apparmor", "label" -> {
                    // no AppArmor/SELinux here: nothing to apply, as dockerd on such a host
                }
                default -> throw new InvalidSpecException("invalid --security-opt 1: \"" + opt + "\"");
            }
        }
        return new SecurityOpts(unconfined, profile, nnp);
    }
}
