package dev.wharf.daemon.volumes;

import dev.wharf.daemon.testing.DaemonProcess;
import dev.wharf.testsupport.BusyboxRootfs;
import dev.wharf.testsupport.ImageConfigBuilder;
import dev.wharf.testsupport.ImageFormat;
import dev.wharf.testsupport.ImagePusher;
import dev.wharf.testsupport.RegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A registry and a daemon with two local images for the exec, commit, cp and volume tests: {@code busybox} (the
 * fixture rootfs, applets in /bin as Docker Hub's busybox has them) and {@code volbox} (busybox with
 * {@code VOLUME /data} holding {@code /data/seed.txt}). Closing removes every container and volume first.
 */
public final class SeedFixture implements AutoCloseable {
    public static final String SEED_TXT = "seeded by the image\n";

    public final RegistryServer registry;
    public final DaemonProcess daemon;

    private SeedFixture(RegistryServer registry, DaemonProcess daemon) {
        this.registry = registry;
        this.daemon = daemon;
    }

    public static SeedFixture start() throws Exception {
        RegistryServer registry = RegistryServer.start();
        DaemonProcess daemon = null;
        try {
            ImagePusher pusher = new ImagePusher(registry);
            pusher.push("seed/busybox", "latest", ImageConfigBuilder.create()
                    .layer(BusyboxRootfs.tar().build(), "ADD rootfs")
                    .build(), ImageFormat.DOCKER);
            pusher.push("seed/volbox", "latest", ImageConfigBuilder.create()
                    .layer(BusyboxRootfs.tar().dir("data").file("data/seed.txt", SEED_TXT).build(), "ADD rootfs")
                    .volume("/data")
                    .build(), ImageFormat.DOCKER);
            daemon = DaemonProcess.start();
            for (String name : new String[] {"busybox", "volbox"}) {
                String remote = registry.address() + "/seed/" + name + ":latest";
                daemon.docker("pull", remote).ok();
                daemon.docker("tag", remote, name + ":latest").ok();
            }
            return new SeedFixture(registry, daemon);
        } catch (Exception | Error e) {
            if (daemon != null) {
                daemon.close();
            }
            registry.close();
            throw e;
        }
    }

    /** A fresh host directory under the daemon's temp dir (removed with it). */
    public Path hostDir(String name) throws Exception {
        return Files.createDirectories(daemon.dataRoot().getParent().resolve("host-" + name));
    }

    @Override
    public void close() throws Exception {
        try {
            for (String id : daemon.docker("ps", "-aq", "--no-trunc").out().split("\\s+")) {
                if (!id.isBlank()) {
                    daemon.docker("rm", "-f", "-v", id);
                }
            }
            daemon.docker("volume", "prune", "-af");
        } finally {
            try {
                daemon.close();
            } finally {
                registry.close();
            }
        }
    }
}
