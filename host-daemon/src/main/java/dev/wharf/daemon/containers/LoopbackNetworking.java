package dev.wharf.daemon.containers;

import dev.wharf.daemon.runtime.OciMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The networking used until the bridge networking lands: each container gets its own network namespace
 * ({@code <exec-root>/netns/<id>}) holding only {@code lo}, plus generated /etc/hostname and /etc/hosts.
 */
public final class LoopbackNetworking implements ContainerNetworking {
    private final Path netnsDir;

    public LoopbackNetworking(Path execRoot) {
        this.netnsDir = execRoot.resolve("netns");
    }

    @Override
    public Attachment setUp(Container c) throws IOException {
        Path ns = netnsDir.resolve(c.id());
        NetnsHandle.create(ns);
        String hostname = c.config().path("Hostname").asText(c.id().substring(0, 12));
        Path dir = c.paths().dir();
        Path hostnameFile = dir.resolve("hostname");
        Path hostsFile = dir.resolve("hosts");
        Files.writeString(hostnameFile, hostname + "\n", StandardCharsets.UTF_8);
        Files.writeString(hostsFile, "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t"
                + hostname + "\n", StandardCharsets.UTF_8);
        return new Attachment(ns.toString(), List.of(
                OciMount.bind(hostnameFile.toString(), "/etc/hostname", false),
                OciMount.bind(hostsFile.toString(), "/etc/hosts", false)));
    }

    @Override
    public void tearDown(Container c) throws IOException {
        NetnsHandle.delete(netnsDir.resolve(c.id()));
    }

    @Override
    public Map<String, Object> networkSettings(Container c) {
        Map<String, Object> m = new LinkedHashMap<>();
        Path ns = netnsDir.resolve(c.id());
        m.put("SandboxKey", Files.exists(ns) ? ns.toString() : "");
        m.put("Networks", Map.of());
        return m;
    }
}
