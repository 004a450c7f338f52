package dev.wharf.daemon.agent;

import dev.wharf.daemon.api.DaemonIdentity;
import dev.wharf.daemon.system.HostFacts;
import dev.wharf.model.agent.DesiredState;
import dev.wharf.model.agent.Heartbeat;
import dev.wharf.model.agent.HostCredential;
import dev.wharf.model.agent.HostRegistration;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The daemon's link to the control plane. The daemon dials out (hosts behind NAT work): it joins once with the
 * join token, keeps the per-host credential it gets under the data root, then sends a heartbeat with the full
 * observed state every {@link #INTERVAL} and applies the complete desired state that comes back. A dropped
 * link or a restart on either side only delays convergence.
 */
public final class AgentLink implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AgentLink.class.getName());
    /** Heartbeat period; {@code -Dwharf.agent.interval-ms} shortens it (tests, simulators). */
    static final Duration INTERVAL = Duration.ofMillis(Long.getLong("wharf.agent.interval-ms", 5000));
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final ControlPlaneClient client;
    private final String joinToken;
    private final Path credentialFile;
    private final Map<String, String> labels;
    private final ObservedStateSource observed;
    private final DesiredStateApplier applier;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile HostCredential credential;
    private volatile Instant lastContact;
    private volatile String nodeName;
    private volatile String advertiseAddress;

    public AgentLink(String controlPlaneUrl, String joinToken, Path dataRoot, Map<String, String> labels,
                     ObservedStateSource observed, DesiredStateApplier applier) {
        this.client = new ControlPlaneClient(controlPlaneUrl);
        this.joinToken = joinToken;
        this.credentialFile = dataRoot.resolve("agent").resolve("credential.json");
        this.labels = labels;
        this.observed = observed;
        this.applier = applier;
        this.thread = new Thread(this::loop, "agent-link");
        this.thread.setDaemon(true);
    }

    /** The name and address to join with instead of the kernel hostname and the hostname's address. */
    public AgentLink identity(String name, String address) {
        this.nodeName = name;
        this.advertiseAddress = address;
        return this;
    }

    public void start() {
        thread.start();
    }

    /** The host id the control plane gave us, or null before the first join. */
    public String hostId() {
        HostCredential c = credential;
        return c == null ? null : c.hostId();
    }

    /** The per-host credential, or null before the first join (the tunnel waits for it). */
    public String credentialToken() {
        HostCredential c = credential;
        return c == null ? null : c.token();
    }

    public Instant lastContact() {
        return lastContact;
    }

    private void loop() {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            try {
                if (credential == null) {
                    credential = loadOrJoin();
                }
                DesiredState desired = client.heartbeat(credential.token(), heartbeat());
                lastContact = Instant.now();
                backoff = Duration.ofSeconds(1);
                if (desired != null) {
                    applier.apply(desired);
                }
                sleep(INTERVAL);
            } catch (ControlPlaneClient.RefusedException e) {
                if (e.status == 401 && credential != null && joinToken != null) {
                    LOG.warning("the control plane no longer accepts this host's credential; joining again");
                    credential = null;
                    deleteCredential();
                } else {
                    LOG.warning(e.getMessage());
                }
                backoff = sleepBackoff(backoff);
            } catch (IOException e) {
                LOG.log(Level.FINE, "control plane unreachable", e);
                LOG.warning("control plane unreachable: " + e.getMessage() + "; retrying in " + backoff.toSeconds() + " s");
                backoff = sleepBackoff(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "applying the desired state failed", e);
                backoff = sleepBackoff(backoff);
            }
        }
    }

    private HostCredential loadOrJoin() throws IOException, InterruptedException {
        if (Files.exists(credentialFile)) {
            return ControlPlaneClient.JSON.readValue(credentialFile.toFile(), HostCredential.class);
        }
        if (joinToken == null || joinToken.isBlank()) {
            throw new IOException("this host has not joined yet and no --join-token was given");
        }
        HostCredential c = client.register(new HostRegistration(joinToken,
                nodeName != null ? nodeName : HostFacts.hostname(), advertiseAddress != null ? advertiseAddress : address(),
                DaemonIdentity.VERSION, HostFacts.cpus(), HostFacts.memTotalBytes(), labels));
        Files.createDirectories(credentialFile.getParent());
        Path tmp = credentialFile.resolveSibling("credential.json.tmp");
        Files.deleteIfExists(tmp);
        // created 0600, never readable by others even for a moment
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, ControlPlaneClient.JSON.writeValueAsBytes(c));
        Files.move(tmp, credentialFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LOG.info("joined the control plane as host " + c.hostId());
        return c;
    }

    private void deleteCredential() {
        try {
            Files.deleteIfExists(credentialFile);
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot delete the stale credential", e);
        }
    }

    private Heartbeat heartbeat() {
        return new Heartbeat(credential.hostId(), Instant.now(), observed.containers(), observed.imageIds(),
                memoryUsedBytes(), loadAverage());
    }

    private static String address() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (IOException e) {
            return "127.0.0.1";
        }
    }

    private static long memoryUsedBytes() {
        try {
            long total = 0;
            long available = 0;
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    total = Long.parseLong(l.replaceAll("\\D", "")) * 1024;
                } else if (l.startsWith("MemAvailable:")) {
                    available = Long.parseLong(l.replaceAll("\\D", "")) * 1024;
                }
            }
            return total - available;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private Duration sleepBackoff(Duration current) {
        try {
            sleep(current);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        Duration next = current.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }

    private void sleep(Duration d) throws InterruptedException {
        synchronized (this) {
            if (running) {
                wait(d.toMillis());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        synchronized (this) {
            notifyAll();
        }
    }
}
