package dev.wharf.controlplane.application;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.host.HostRepository;
import dev.wharf.controlplane.domain.shared.HostUnavailableException;
import dev.wharf.controlplane.domain.shared.NotFoundException;
import dev.wharf.controlplane.domain.shared.Validation;
import dev.wharf.controlplane.infrastructure.dockerapi.DockerRequest;
import dev.wharf.controlplane.infrastructure.dockerapi.DockerResponse;
import dev.wharf.controlplane.infrastructure.dockerapi.HostDockerClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Interactive consoles: an exec with a TTY in a running container, its bytes streamed both ways through the
 * host's Docker API tunnel (the dashboard's in-browser terminal uses it over a WebSocket). Whoever opens one
 * must hold a role that may change workloads; the caller checks that.
 */
@ApplicationScoped
public class ContainerConsoleService {

    @Inject
    ContainerService containers;

    @Inject
    HostRepository hosts;

    @Inject
    HostDockerClient docker;

    /** An open console: read {@link #output()}, write keystrokes to {@link #input()}, close when done. */
    public final class Console implements Closeable {
        private final Host host;
        private final String execId;
        private final DockerResponse stream;

        private Console(Host host, String execId, DockerResponse stream) {
            this.host = host;
            this.execId = execId;
            this.stream = stream;
        }

        /** What the terminal shows: the TTY's raw bytes. Ends when the command exits. */
        public InputStream output() {
            return stream.body();
        }

        /** Keystrokes for the TTY. */
        public OutputStream input() {
            return stream.rawOut();
        }

        /** Tells the TTY its new size, so full-screen programs redraw to fit. */
        public void resize(int cols, int rows) {
            if (cols < 1 || rows < 1 || cols > 1000 || rows > 1000) {
                return;
            }
            try (DockerResponse r = HostDockerClient.expectSuccess(host, docker.send(host,
                    DockerRequest.post("/exec/" + execId + "/resize?h=" + rows + "&w=" + cols)))) {
                r.body().readAllBytes();
            } catch (IOException e) {
                throw new HostUnavailableException(host.name(), "host '" + host.name() + "' did not resize the console: "
                        + e.getMessage());
            }
        }

        /** The command's exit code once it has ended, else null. */
        public Integer exitCode() {
            JsonNode inspect = docker.json(host, DockerRequest.get("/exec/" + execId + "/json"));
            return inspect.path("Running").asBoolean(false) || !inspect.hasNonNull("ExitCode") ? null
                    : inspect.get("ExitCode").asInt();
        }

        @Override
        public void close() {
            stream.close();
        }
    }

    /**
     * Starts {@code command} (default {@code /bin/sh}) with a TTY of {@code cols}x{@code rows} in the container.
     *
     * @throws HostUnavailableException when the host is not connected
     */
    public Console open(String idOrName, List<String> command, int cols, int rows) {
        List<String> cmd = command == null || command.isEmpty() ? List.of("/bin/sh") : command;
        Validation v = new Validation();
        for (int i = 0; i < cmd.size(); i++) {
            v.require(cmd.get(i) != null && !cmd.get(i).isEmpty(), "command[" + i + "]", "must not be empty");
        }
        v.check();
        Container container = containers.get(idOrName);
        Host host = hosts.find(container.hostId())
                .orElseThrow(() -> new NotFoundException("host", container.hostId()));
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("AttachStdin", true);
        create.put("AttachStdout", true);
        create.put("AttachStderr", true);
        create.put("Tty", true);
        create.put("Cmd", cmd);
        create.put("Env", List.of("TERM=xterm-256color"));
        if (cols > 0 && rows > 0) {
            create.put("ConsoleSize", List.of(rows, cols));
        }
        JsonNode created = docker.json(host, DockerRequest.postJson("/containers/" + container.id() + "/exec", create));
        String execId = created.path("Id").asText();
        if (execId.isEmpty()) {
            throw new HostUnavailableException(host.name(), "host '" + host.name() + "' created no exec instance");
        }
        DockerResponse stream = HostDockerClient.expectSuccess(host, docker.send(host,
                DockerRequest.postJson("/exec/" + execId + "/start", Map.of("Detach", false, "Tty", true)).upgraded(),
                Duration.ZERO));
        Console console = new Console(host, execId, stream);
        if (cols > 0 && rows > 0) {
            try {
                console.resize(cols, rows);
            } catch (RuntimeException e) {
                // ConsoleSize was set at create; an old daemon without resize still works
            }
        }
        return console;
    }
}
