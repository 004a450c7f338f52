package dev.wharf.daemon.exec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One exec: made by {@code POST /containers/{id}/exec}, run once by {@code POST /exec/{id}/start}. */
final class ExecInstance {
    final String id;
    final String containerId;
    final ExecConfig config;
    final Path dir;
    private boolean started;
    private boolean running;
    private int pid;
    private Integer exitCode;
    private Instant endedAt;
    private int height;
    private int width;

    ExecInstance(String id, String containerId, ExecConfig config, Path dir) {
        this.id = id;
        this.containerId = containerId;
        this.config = config;
        this.dir = dir;
        this.height = config.consoleHeight();
        this.width = config.consoleWidth();
    }

    /** Claims the one start; false when it was started before. */
    synchronized boolean claimStart() {
        if (started) {
            return false;
        }
        started = true;
        return true;
    }

    synchronized void running(int pid) {
        this.pid = pid;
        this.running = true;
    }

    synchronized void exited(int code) {
        running = false;
        exitCode = code;
        endedAt = Instant.now();
    }

    synchronized boolean isRunning() {
        return running;
    }

    synchronized boolean hasRun() {
        return started;
    }

    synchronized Instant endedAt() {
        return endedAt;
    }

    /** The last size the client asked for (0 = none), applied once the pty exists. */
    synchronized void size(int h, int w) {
        height = h;
        width = w;
    }

    synchronized int[] size() {
        return new int[] {height, width};
    }

    /** {@code GET /exec/{id}/json}. */
    synchronized Map<String, Object> toApi() {
        Map<String, Object> pc = new LinkedHashMap<>();
        pc.put("tty", config.tty());
        pc.put("entrypoint", config.cmd().get(0));
        pc.put("arguments", config.cmd().subList(1, config.cmd().size()));
        pc.put("privileged", config.privileged());
        pc.put("user", config.user());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CanRemove", false);
        m.put("ContainerID", containerId);
        m.put("DetachKeys", "");
        m.put("ExitCode", exitCode);
        m.put("ID", id);
        m.put("OpenStderr", config.attachStderr());
        m.put("OpenStdin", config.attachStdin());
        m.put("OpenStdout", config.attachStdout());
        m.put("ProcessConfig", pc);
        m.put("Running", running);
        m.put("Pid", pid);
        return m;
    }

    String commandLine() {
        return String.join(" ", config.cmd());
    }

    List<String> cmd() {
        return config.cmd();
    }
}
