package dev.wharf.daemon.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the OCI bundle of one container is built from, already resolved (args by {@link ProcessArgs},
 * env by {@link EnvMerge}, user by {@link UserResolver}).
 *
 * @param netnsPath   the network namespace to join, by path; null shares the host's (--network host)
 * @param cgroupsPath e.g. {@code /wharf/<id>}: the same path in every v1 hierarchy
 * @param nofile      RLIMIT_NOFILE soft and hard; must not exceed the daemon's own hard limit
 * @param mounts      mounts beyond the default set (volumes, /etc/hosts...), applied after it
 * @param security    seccomp and no-new-privileges from {@code --security-opt}
 */
public record BundleInput(
        List<String> args,
        List<String> env,
        String cwd,
        UserResolver.ExecUser user,
        String hostname,
        boolean tty,
        boolean readonlyRootfs,
        Path rootfs,
        String netnsPath,
        String cgroupsPath,
        ResourceLimits limits,
        long nofile,
        List<String> capAdd,
        List<String> capDrop,
        boolean privileged,
        long shmSize,
        int oomScoreAdj,
        List<OciMount> mounts,
        SecurityOpts security) {

    /** Without {@code --security-opt}s: the built-in seccomp profile. */
    public BundleInput(List<String> args, List<String> env, String cwd, UserResolver.ExecUser user, String hostname,
                       boolean tty, boolean readonlyRootfs, Path rootfs, String netnsPath, String cgroupsPath,
                       ResourceLimits limits, long nofile, List<String> capAdd, List<String> capDrop, boolean privileged,
                       long shmSize, int oomScoreAdj, List<OciMount> mounts) {
        this(args, env, cwd, user, hostname, tty, readonlyRootfs, rootfs, netnsPath, cgroupsPath, limits, nofile, capAdd,
                capDrop, privileged, shmSize, oomScoreAdj, mounts, SecurityOpts.DEFAULT);
    }
}
