package dev.wharf.daemon.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a container's OCI runtime {@code config.json} the way dockerd's default spec does
 * (moby {@code oci/defaults.go} + {@code daemon/oci_linux.go}): default mounts with /sys read-only, Docker's
 * capability set, masked and read-only /proc paths, pid/ipc/uts/mount namespaces plus the network namespace
 * handed in by path, cgroup limits and RLIMIT_NOFILE.
 */
public final class OciSpec {
    public static final List<String> MASKED_PATHS = List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    public static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");
    static final long DEFAULT_SHM = 64L * 1024 * 1024;

    private OciSpec() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> build(BundleInput in) throws InvalidSpecException {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("ociVersion", "1.0.2-dev");
        spec.put("process", process(in));
        spec.put("root", Map.of("path", in.rootfs().toString(), "readonly", in.readonlyRootfs()));
        spec.put("hostname", in.hostname());
        spec.put("mounts", mounts(in));
        spec.put("linux", linux(in));
        Map<String, Object> seccomp = seccomp(in);
        if (seccomp != null) {
            ((Map<String, Object>) spec.get("linux")).put("seccomp", seccomp);
        }
        return spec;
    }

    /** The {@code process} object; also the base of an exec's process.json. */
    public static Map<String, Object> process(BundleInput in) throws InvalidSpecException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("terminal", in.tty());
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("uid", in.user().uid());
        user.put("gid", in.user().gid());
        if (!in.user().additionalGids().isEmpty()) {
            user.put("additionalGids", in.user().additionalGids());
        }
        p.put("user", user);
        p.put("args", in.args());
        p.put("env", in.env());
        p.put("cwd", in.cwd() == null || in.cwd().isEmpty() ? "/" : in.cwd());
        List<String> caps = Capabilities.effective(in.capAdd(), in.capDrop(), in.privileged());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("bounding", caps);
        c.put("effective", caps);
        c.put("permitted", caps);
        p.put("capabilities", c);
        p.put("rlimits", List.of(Map.of("type", "RLIMIT_NOFILE", "hard", in.nofile(), "soft", in.nofile())));
        if (in.oomScoreAdj() != 0) {
            p.put("oomScoreAdj", in.oomScoreAdj());
        }
        if (in.security() != null && in.security().noNewPrivileges()) {
            p.put("noNewPrivileges", true);
        }
        return p;
    }

    /** Docker's: none for --privileged or seccomp=unconfined, else the user's or the built-in profile. */
    private static Map<String, Object> seccomp(BundleInput in) throws InvalidSpecException {
        SecurityOpts sec = in.security() == null ? SecurityOpts.DEFAULT : in.security();
        if (in.privileged() || sec.seccompUnconfined() || !Seccomp.supported()) {
            return null;
        }
        List<String> caps = Capabilities.effective(in.capAdd(), in.capDrop(), in.privileged());
        return sec.seccompProfile() != null ? Seccomp.fromJson(sec.seccompProfile(), caps) : Seccomp.defaultFor(caps);
    }

    private static List<Map<String, Object>> mounts(BundleInput in) {
        long shm = in.shmSize() > 0 ? in.shmSize() : DEFAULT_SHM;
        List<OciMount> m = new ArrayList<>(List.of(
                new OciMount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new OciMount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new OciMount("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                new OciMount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")),
                new OciMount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("ro", "nosuid", "noexec", "nodev")),
                new OciMount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                new OciMount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=" + shm))));
        if (in.mounts() != null) {
            // a user mount on a default destination replaces it, as in dockerd
            for (OciMount extra : in.mounts()) {
                m.removeIf(d -> d.destination().equals(extra.destination()));
                m.add(extra);
            }
        }
        return m.stream().map(OciMount::toJson).toList();
    }

    private static Map<String, Object> linux(BundleInput in) {
        Map<String, Object> l = new LinkedHashMap<>();
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("devices", List.of(Map.of("allow", false, "access", "rwm")));
        resources.putAll(in.limits().toOci());
        l.put("resources", resources);
        l.put("cgroupsPath", in.cgroupsPath());
        List<Map<String, Object>> ns = new ArrayList<>();
        ns.add(Map.of("type", "pid"));
        ns.add(Map.of("type", "ipc"));
        ns.add(Map.of("type", "uts"));
        ns.add(Map.of("type", "mount"));
        if (in.netnsPath() != null) {
            ns.add(Map.of("type", "network", "path", in.netnsPath()));
        } // else the host's network (--network host)
        l.put("namespaces", ns);
        if (!in.privileged()) {
            l.put("maskedPaths", MASKED_PATHS);
            l.put("readonlyPaths", READONLY_PATHS);
        }
        return l;
    }
}
