package dev.wharf.daemon.runtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Docker's default capability set and the {@code --cap-add}/{@code --cap-drop} rules (names with or without CAP_, "ALL"). */
public final class Capabilities {
    /** moby's oci/caps DefaultCapabilities. */
    public static final List<String> DEFAULT = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    /** Every capability the kernel knows by name (up to 6.x), for ALL and for checking names. */
    public static final List<String> ALL = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
            "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
            "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN",
            "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
            "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
            "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");

    private Capabilities() {
    }

    public static List<String> effective(List<String> add, List<String> drop, boolean privileged) throws InvalidSpecException {
        if (privileged) {
            return ALL;
        }
        Set<String> caps = new LinkedHashSet<>(DEFAULT);
        List<String> adds = normalize(add);
        List<String> drops = normalize(drop);
        if (drops.contains("ALL")) {
            caps.clear();
        } else {
            caps.removeAll(drops);
        }
        if (adds.contains("ALL")) {
            caps.addAll(ALL);
        } else {
            caps.addAll(adds);
        }
        return List.copyOf(caps);
    }

    private static List<String> normalize(List<String> names) throws InvalidSpecException {
        List<String> out = new ArrayList<>();
        for (String n : names == null ? List.<String>of() : names) {
            String u = n.trim().toUpperCase(Locale.ROOT);
            if (u.equals("ALL")) {
                out.add(u);
                continue;
            }
            if (!u.startsWith("CAP_")) {
                u = "CAP_" + u;
            }
            if (!ALL.contains(u)) {
                throw new InvalidSpecException("unknown capability: \"" + n + "\"");
            }
            out.add(u);
        }
        return out;
    }
}
