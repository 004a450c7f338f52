package dev.wharf.daemon.runtime;

import dev.wharf.daemon.linux.FileTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OCI runtime binary (runc by default, crun with {@code --runtime crun}) with the daemon's private state
 * dir ({@code --root <exec-root>/runtime/<name>}), so its containers never mix with another tool's. Each call
 * is one short process; conmon (see {@link Conmon}) runs {@code create} and watches the container.
 */
public final class OciRuntime {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SEARCH = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/bin", "/usr/local/sbin");

    /** What {@code runc state} reports; {@code status} is created, running, paused or stopped. */
    public record State(String status, int pid) {
    }

    private final String name;
    private final Path binary;
    private final Path root;
    private final Spawner spawner;

    public OciRuntime(String name, Path binary, Path root, Spawner spawner) {
        this.name = name;
        this.binary = binary;
        this.root = root;
        this.spawner = spawner;
    }

    /**
     * {@code runc}, {@code crun} or a path to either. crun gets the cgroup v2 mount hidden on hybrid hosts
     * (see {@link Spawner#hidingCgroupV2()}); runc 1.1 works on them as is.
     */
    public static OciRuntime forName(String nameOrPath, Path execRoot) throws IOException {
        Path bin = nameOrPath.contains("/") ? Path.of(nameOrPath) : find(nameOrPath);
        if (bin == null || !Files.isExecutable(bin)) {
            throw new IOException("OCI runtime \"" + nameOrPath + "\" not found (install runc or crun, or pass --runtime PATH)");
        }
        String name = bin.getFileName().toString();
        Path root = execRoot.resolve("runtime").resolve(name);
        Files.createDirectories(root);
        Spawner spawner = name.startsWith("crun") && Spawner.hybridWithV2Controllers() ? Spawner.hidingCgroupV2() : Spawner.direct();
        return new OciRuntime(name, bin, root, spawner);
    }

    private static Path find(String name) {
        for (String dir : SEARCH) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    public String name() {
        return name;
    }

    public Path binary() {
        return binary;
    }

    public Path root() {
        return root;
    }

    public Spawner spawner() {
        return spawner;
    }

    public void start(String id) throws IOException {
        run("start", id);
    }

    /** Sends {@code signal} (a name such as {@code TERM} or a number) to the container's init. */
    public void kill(String id, String signal) throws IOException {
        run("kill", id, signal);
    }

    public void pause(String id) throws IOException {
        run("pause", id);
    }

    public void resume(String id) throws IOException {
        run("resume", id);
    }

    /** Deletes the runtime's record and cgroups; {@code force} kills a container that still runs. */
    public void delete(String id, boolean force) throws IOException {
        if (force) {
            run("delete", "--force", id);
        } else {
            run("delete", id);
        }
    }

    /** True when the runtime keeps state for {@code id} (a file check, no process). */
    public boolean knows(String id) {
        return Files.exists(root.resolve(id));
    }

    /**
     * Drops runc's record of a container whose processes are all gone and whose cgroups the caller removed: what
     * {@code runc delete} does then, minus a process spawn on the exit path of every container. Other runtimes
     * get a real {@code delete --force}.
     */
    public void forgetStopped(String id) throws IOException {
        if (!name.equals("runc")) {
            deleteIfPresent(id);
            return;
        }
        FileTrees.delete(root.resolve(id));
    }

    /** {@code delete --force} when the runtime knows the container; false when it did not. */
    public boolean deleteIfPresent(String id) throws IOException {
        if (!knows(id)) {
            return false;
        }
        try {
            delete(id, true);
        } catch (RuntimeFailure e) {
            if (!e.getMessage().contains("does not exist") && !e.getMessage().contains("No such file or directory")) {
                throw e;
            }
        }
        return true;
    }

    /** The runtime's view of a container, or null when it has no such container. */
    public State state(String id) throws IOException {
        Result r = exec(List.of("state", id));
        if (r.code != 0) {
            // runc: "container does not exist"; crun: "error opening file `.../status`: No such file or directory"
            if (r.err.contains("does not exist") || r.err.contains("No such file or directory")) {
                return null;
            }
            throw new RuntimeFailure(name + " state " + id + ": " + RuntimeFailure.clean(r.err));
        }
        JsonNode n = JSON.readTree(r.out);
        return new State(n.path("status").asText(), n.path("pid").asInt());
    }

    /** Pids of every process in the container (host pid namespace). */
    public List<Integer> pids(String id) throws IOException {
        Result r = exec(List.of("ps", "--format", "json", id));
        if (r.code != 0) {
            throw new RuntimeFailure(name + " ps " + id + ": " + RuntimeFailure.clean(r.err));
        }
        List<Integer> out = new ArrayList<>();
        JsonNode n = JSON.readTree(r.out);
        if (n != null) {
            n.forEach(p -> out.add(p.asInt()));
        }
        return out;
    }

    private void run(String... args) throws IOException {
        Result r = exec(List.of(args));
        if (r.code != 0) {
            throw new RuntimeFailure(RuntimeFailure.clean(r.err.isBlank() ? r.out : r.err));
        }
    }

    private record Result(int code, String out, String err) {
    }

    private Result exec(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--root", root.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        Process p = spawner.start(pb);
        p.getOutputStream().close();
        // the outputs are small (state JSON, an error line); reading both after exit cannot deadlock below 64 KiB
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RuntimeFailure(name + " " + String.join(" ", args) + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running " + name, e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.exitValue(), out, err);
    }
}
