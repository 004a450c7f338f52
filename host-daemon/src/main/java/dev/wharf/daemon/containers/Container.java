package dev.wharf.daemon.containers;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.daemon.logs.LogRotator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One container: its identity, its settings as the Docker API shows them ({@code Config} and {@code HostConfig},
 * with the image's defaults merged in at create), and its {@link ContainerState}. Persisted as
 * {@code <data-root>/containers/<id>/config.v2.json} by {@link ContainerStore}.
 * <p>
 * Lock the container ({@code synchronized (c)}) to change it; readers get a consistent view under the same lock.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class Container {
    private String id;
    private String name;
    private Instant created;
    private String image;
    private String imageId;
    private ObjectNode config;
    private ObjectNode hostConfig;
    private ObjectNode networkingConfig;
    private String path;
    private List<String> args = List.of();
    private String runtime;
    private String cgroupsPath;
    private ContainerState state = new ContainerState();
    private int restartCount;
    private boolean manuallyStopped;
    private boolean hasBeenStarted;
    /** Whatever the networking capability keeps for this container (addresses, endpoint ids...). */
    private ObjectNode networkState;

    @JsonIgnore private transient ContainerPaths paths;
    @JsonIgnore private transient CompletableFuture<Integer> nextExit = new CompletableFuture<>();
    @JsonIgnore private final transient CompletableFuture<Integer> removed = new CompletableFuture<>();
    @JsonIgnore private final transient List<Consumer<Container>> onStart = new ArrayList<>();
    @JsonIgnore private transient LogRotator rotator;
    @JsonIgnore private transient long restartDelayMillis;
    @JsonIgnore private final transient java.util.concurrent.atomic.AtomicBoolean removalClaimed =
            new java.util.concurrent.atomic.AtomicBoolean();

    Container() {
        // for Jackson
    }

    Container(String id, String name, Instant created, String image, String imageId, ObjectNode config,
              ObjectNode hostConfig, String path, List<String> args, String runtime, String cgroupsPath) {
        this.id = id;
        this.name = name;
        this.created = created;
        this.image = image;
        this.imageId = imageId;
        this.config = config;
        this.hostConfig = hostConfig;
        this.path = path;
        this.args = List.copyOf(args);
        this.runtime = runtime;
        this.cgroupsPath = cgroupsPath;
    }

    public String id() {
        return id;
    }

    /** The name without Docker's leading slash. */
    public synchronized String name() {
        return name;
    }

    synchronized void rename(String newName) {
        this.name = newName;
    }

    public Instant created() {
        return created;
    }

    /** The image as the user named it ({@code Config.Image}). */
    public String image() {
        return image;
    }

    /** {@code sha256:<hex>}. */
    public String imageId() {
        return imageId;
    }

    /** Docker's {@code Config} (Cmd, Entrypoint, Env, WorkingDir, User, Labels, Tty, OpenStdin...). Do not mutate. */
    public ObjectNode config() {
        return config;
    }

    /** Docker's {@code HostConfig} as created (Binds, Mounts, limits, RestartPolicy, LogConfig...). Do not mutate. */
    public ObjectNode hostConfig() {
        return hostConfig;
    }

    /** Docker's {@code NetworkingConfig} of the create request ({@code EndpointsConfig}); may be null. */
    public ObjectNode networkingConfig() {
        return networkingConfig;
    }

    void networkingConfig(ObjectNode n) {
        networkingConfig = n;
    }

    /** The executable and its arguments ({@code Path}/{@code Args} of inspect). */
    public String path() {
        return path;
    }

    public List<String> args() {
        return args;
    }

    public String runtime() {
        return runtime;
    }

    public String cgroupsPath() {
        return cgroupsPath;
    }

    /** The live state; read it under the container's lock for a consistent view. */
    public ContainerState state() {
        return state;
    }

    public synchronized int restartCount() {
        return restartCount;
    }

    synchronized void restartCount(int n) {
        restartCount = n;
    }

    synchronized boolean manuallyStopped() {
        return manuallyStopped;
    }

    synchronized void manuallyStopped(boolean b) {
        manuallyStopped = b;
    }

    synchronized boolean hasBeenStarted() {
        return hasBeenStarted;
    }

    synchronized void hasBeenStarted(boolean b) {
        hasBeenStarted = b;
    }

    public synchronized ObjectNode networkState() {
        return networkState;
    }

    public synchronized void networkState(ObjectNode s) {
        networkState = s;
    }

    /** Where the container's files are: bundle, rootfs (the overlay's merged dir), log. */
    public ContainerPaths paths() {
        return paths;
    }

    void paths(ContainerPaths p) {
        paths = p;
    }

    public boolean tty() {
        return config.path("Tty").asBoolean(false);
    }

    /** Completes with the exit code at the next exit. */
    public synchronized CompletableFuture<Integer> nextExit() {
        return nextExit;
    }

    /** Completes the current next-exit future and arms a new one. */
    synchronized void exited(int code) {
        CompletableFuture<Integer> f = nextExit;
        nextExit = new CompletableFuture<>();
        f.complete(code);
    }

    /** Completes (with the last exit code) when the container is removed. */
    public CompletableFuture<Integer> removedFuture() {
        return removed;
    }

    /** Runs {@code action} right after the next start created the process, before it runs (attach). */
    synchronized void onNextStart(Consumer<Container> action) {
        onStart.add(action);
    }

    synchronized List<Consumer<Container>> takeStartActions() {
        List<Consumer<Container>> out = new ArrayList<>(onStart);
        onStart.clear();
        return out;
    }

    /** True for the one caller that may remove the container. */
    boolean claimRemoval() {
        return removalClaimed.compareAndSet(false, true);
    }

    void releaseRemoval() {
        removalClaimed.set(false);
    }

    synchronized LogRotator rotator() {
        return rotator;
    }

    synchronized void rotator(LogRotator r) {
        rotator = r;
    }

    synchronized long restartDelayMillis() {
        return restartDelayMillis;
    }

    synchronized void restartDelayMillis(long ms) {
        restartDelayMillis = ms;
    }

    @Override
    public String toString() {
        return "container " + id.substring(0, 12) + " (" + name + ")";
    }
}
