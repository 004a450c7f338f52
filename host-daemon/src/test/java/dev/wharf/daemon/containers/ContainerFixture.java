package dev.wharf.daemon.containers;

import dev.wharf.daemon.testing.DaemonProcess;
import dev.wharf.testsupport.Fixtures;
import dev.wharf.testsupport.ImageFormat;
import dev.wharf.testsupport.RegistryServer;

/** One registry with the fixture images and one daemon that pulled busybox (and the 3-layer image). */
final class ContainerFixture implements AutoCloseable {
    final RegistryServer registry;
    final DaemonProcess daemon;
    final String busybox;
    final String multilayer;

    private ContainerFixture(RegistryServer registry, DaemonProcess daemon) {
        this.registry = registry;
        this.daemon = daemon;
        this.busybox = registry.address() + "/" + Fixtures.BUSYBOX_REPO;
        this.multilayer = registry.address() + "/" + Fixtures.MULTILAYER_REPO;
    }

    static ContainerFixture start(boolean withMultilayer, String... daemonArgs) throws Exception {
        RegistryServer registry = RegistryServer.start();
        DaemonProcess daemon = null;
        try {
            Fixtures.pushBusybox(registry, Fixtures.BUSYBOX_REPO, Fixtures.TAG, ImageFormat.DOCKER);
            if (withMultilayer) {
                Fixtures.pushMultilayer(registry, Fixtures.MULTILAYER_REPO, Fixtures.TAG, ImageFormat.DOCKER);
            }
            daemon = DaemonProcess.start(daemonArgs);
            ContainerFixture f = new ContainerFixture(registry, daemon);
            daemon.docker("pull", f.busybox).ok();
            if (withMultilayer) {
                daemon.docker("pull", f.multilayer).ok();
            }
            return f;
        } catch (Exception | Error e) {
            if (daemon != null) {
                daemon.close();
            }
            registry.close();
            throw e;
        }
    }

    /** Removes every container, then stops the daemon (which fails on leftover mounts) and the registry. */
    @Override
    public void close() throws Exception {
        try {
            String ids = daemon.docker("ps", "-aq", "--no-trunc").out();
            for (String id : ids.split("\\s+")) {
                if (!id.isBlank()) {
                    daemon.docker("rm", "-f", id);
                    ContainerTraces.assertNone(daemon, id);
                }
            }
            // with its last container gone, the daemon's cgroup parent goes too
            String parent = Containers.cgroupParent(daemon.dataRoot());
            try (var s = java.nio.file.Files.list(java.nio.file.Path.of("/sys/fs/cgroup"))) {
                for (var h : s.toList()) {
                    if (java.nio.file.Files.isDirectory(h.resolve(parent))) {
                        throw new AssertionError("cgroup parent left: " + h.resolve(parent));
                    }
                }
            }
        } finally {
            try {
                daemon.close();
            } finally {
                registry.close();
            }
        }
    }
}
