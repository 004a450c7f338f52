package dev.wharf.controlplane.application;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.container.ContainerRepository;
import dev.wharf.controlplane.domain.container.DesiredContainerState;
import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.host.HostRepository;
import dev.wharf.controlplane.domain.shared.HostUnavailableException;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import dev.wharf.controlplane.domain.shared.NotFoundException;
import dev.wharf.controlplane.domain.shared.Validation;
import dev.wharf.controlplane.infrastructure.dockerapi.DockerRequest;
import dev.wharf.controlplane.infrastructure.dockerapi.DockerResponse;
import dev.wharf.controlplane.infrastructure.dockerapi.HostDockerClient;
import dev.wharf.controlplane.infrastructure.dockerapi.StdStreamReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What is done to a container on its host right now, through the host's Docker API tunnel: logs, exec, kill.
 * A host that is not connected answers {@link HostUnavailableException}. No transaction spans the host call.
 */
@ApplicationScoped
public class ContainerRuntimeService {

    /** Output kept per stream of an exec; the rest is cut and flagged. */
    public static final int EXEC_OUTPUT_LIMIT = 1 << 20;
    private static final Pattern SIGNAL = Pattern.compile("(SIG)?[A-Z][A-Z0-9+-]*|[0-9]{1,2}");
    private static final Set<String> STOPPING = Set.of("KILL", "TERM", "INT", "QUIT", "9", "15", "2", "3");

    @Inject
    ContainerRepository containers;

    @Inject
    HostRepository hosts;

    @Inject
    HostDockerClient docker;

    @Inject
    ContainerService containerService;

    /**
     * @param tail       {@code all} or a number of lines from the end
     * @param since      only lines after this Unix time (seconds), or null
     * @param follow     keep streaming new lines
     * @param timestamps prefix each line with its RFC 3339 time
     */
    public record LogOptions(String tail, Long since, boolean follow, boolean timestamps) {
    }

    /** A finished exec. {@code truncated} when output passed {@link #EXEC_OUTPUT_LIMIT}. */
    public record ExecResult(int exitCode, String stdout, String stderr, boolean truncated) {
    }

    /** A command to run in a running container. */
    public record ExecRequest(List<String> cmd, List<String> env, String user, String workingDir) {
        public ExecRequest {
            cmd = cmd == null ? List.of() : cmd;
            env = env == null ? List.of() : env;
        }
    }

    /**
     * Opens the container's log stream on its host. The caller reads it with {@link StdStreamReader} and closes
     * it; a followed stream has no read timeout.
     */
    public DockerResponse openLogs(String idOrName, LogOptions options) {
        Validation v = new Validation();
        String tail = options.tail() == null ? "all" : options.tail();
        v.require(tail.equals("all") || tail.matches("[0-9]{1,9}"), "tail", "must be 'all' or a number of lines");
        v.require(options.since() == null || options.since() >= 0, "since", "must not be before 1970");
        v.check();
        Container container = get(idOrName);
        Host host = hostOf(container);
        StringBuilder path = new StringBuilder("/containers/").append(container.id())
                .append("/logs?stdout=1&stderr=1&tail=").append(tail);
        if (options.since() != null) {
            path.append("&since=").append(options.since());
        }
        if (options.follow()) {
            path.append("&follow=1");
        }
        if (options.timestamps()) {
            path.append("&timestamps=1");
        }
        return HostDockerClient.expectSuccess(host, docker.send(host, DockerRequest.get(path.toString()),
                options.follow() ? Duration.ZERO : Duration.ofSeconds(60)));
    }

    /** Runs a command in the container and waits for it; its output comes back whole (up to 1 MiB each). */
    public ExecResult exec(String idOrName, ExecRequest request) {
        if (request == null) {
            throw InvalidInputException.of("body", "an exec request with 'cmd' is required");
        }
        Validation v = new Validation().require(!request.cmd().isEmpty(), "cmd", "must name a command");
        for (int i = 0; i < request.cmd().size(); i++) {
            v.require(request.cmd().get(i) != null, "cmd[" + i + "]", "must not be null");
        }
        for (int i = 0; i < request.env().size(); i++) {
            String e = request.env().get(i);
            v.require(e != null && e.indexOf('=') > 0, "env[" + i + "]", "must be NAME=value");
        }
        v.maxLength(request.user(), 255, "user").maxLength(request.workingDir(), 4096, "workingDir");
        v.require(request.workingDir() == null || request.workingDir().isEmpty() || request.workingDir().startsWith("/"),
                "workingDir", "must be an absolute path");
        v.check();
        Container container = get(idOrName);
        Host host = hostOf(container);
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("AttachStdin", false);
        create.put("AttachStdout", true);
        create.put("AttachStderr", true);
        create.put("Tty", false);
        create.put("Cmd", request.cmd());
        create.put("Env", request.env());
        if (request.user() != null) {
            create.put("User", request.user());
        }
        if (request.workingDir() != null) {
            create.put("WorkingDir", request.workingDir());
        }
        JsonNode created = docker.json(host, DockerRequest.postJson("/containers/" + container.id() + "/exec", create));
        String execId = created.path("Id").asText();
        if (execId.isEmpty()) {
            throw new HostUnavailableException(host.name(), "host '" + host.name() + "' created no exec instance");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        boolean truncated = false;
        DockerRequest start = DockerRequest.postJson("/exec/" + execId + "/start", Map.of("Detach", false, "Tty", false))
                .upgraded();
        try (DockerResponse stream = HostDockerClient.expectSuccess(host,
                docker.send(host, start, Duration.ofMinutes(10)))) {
            StdStreamReader reader = StdStreamReader.of(stream);
            for (StdStreamReader.Frame f = reader.next(); f != null; f = reader.next()) {
                ByteArrayOutputStream target = f.stream() == StdStreamReader.Kind.STDERR ? err : out;
                int room = EXEC_OUTPUT_LIMIT - target.size();
                if (f.data().length > room) {
                    truncated = true;
                }
                target.write(f.data(), 0, Math.max(0, Math.min(room, f.data().length)));
            }
        } catch (IOException e) {
            throw new HostUnavailableException(host.name(), "host '" + host.name() + "' broke off the exec: "
                    + e.getMessage());
        }
        return new ExecResult(exitCode(host, execId), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8), truncated);
    }

    /**
     * Sends a signal to the container's main process. A signal that ends it (KILL, TERM, INT, QUIT) also sets
     * the desired state to stopped, so the host does not start it again.
     *
     * @return the container as it is now desired
     */
    public Container kill(String idOrName, String signal) {
        String sig = signal == null || signal.isBlank() ? "KILL" : signal.trim().toUpperCase(Locale.ROOT);
        new Validation().require(SIGNAL.matcher(sig).matches(), "signal",
                "must be a signal name such as KILL or SIGTERM, or its number").check();
        Container container = get(idOrName);
        Host host = hostOf(container);
        try (DockerResponse response = HostDockerClient.expectSuccess(host, docker.send(host,
                DockerRequest.post("/containers/" + container.id() + "/kill?signal="
                        + URLEncoder.encode(sig, StandardCharsets.UTF_8))))) {
            response.body().readAllBytes();
        } catch (IOException e) {
            throw new HostUnavailableException(host.name(), "host '" + host.name() + "' did not answer: " + e.getMessage());
        }
        String bare = sig.startsWith("SIG") ? sig.substring(3) : sig;
        if (STOPPING.contains(bare) && container.desiredState() == DesiredContainerState.RUNNING) {
            return containerService.stop(container.id());
        }
        return container;
    }

    private int exitCode(Host host, String execId) {
        // the stream ends when the process closes its output; the exit code may follow a moment later
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            JsonNode inspect = docker.json(host, DockerRequest.get("/exec/" + execId + "/json"));
            if (!inspect.path("Running").asBoolean(false) && inspect.hasNonNull("ExitCode")) {
                return inspect.get("ExitCode").asInt();
            }
            if (System.nanoTime() > deadline) {
                throw new HostUnavailableException(host.name(), "host '" + host.name()
                        + "' did not report the exit code of exec " + execId);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HostUnavailableException(host.name(), "interrupted while waiting for the exec's exit code");
            }
        }
    }

    private Container get(String idOrName) {
        return containers.find(idOrName).or(() -> containers.findByName(idOrName))
                .orElseThrow(() -> new NotFoundException("container", idOrName));
    }

    private Host hostOf(Container container) {
        return hosts.find(container.hostId()).orElseThrow(() -> new NotFoundException("host", container.hostId()));
    }
}
