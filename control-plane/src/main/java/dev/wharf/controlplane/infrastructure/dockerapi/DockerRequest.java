package dev.wharf.controlplane.infrastructure.dockerapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request to a host's Docker Engine API. {@code path} is unversioned and already URL-encoded, e.g.
 * {@code /containers/abc/logs?stdout=1}; the client adds the API version.
 *
 * @param upgrade ask for {@code Upgrade: tcp} (exec/attach): the answer is {@code 101 UPGRADED} and a raw stream
 */
public record DockerRequest(String method, String path, Map<String, String> headers, byte[] body, boolean upgrade) {

    static final ObjectMapper JSON = new ObjectMapper();

    public DockerRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static DockerRequest get(String path) {
        return new DockerRequest("GET", path, Map.of(), null, false);
    }

    public static DockerRequest delete(String path) {
        return new DockerRequest("DELETE", path, Map.of(), null, false);
    }

    public static DockerRequest post(String path) {
        return new DockerRequest("POST", path, Map.of(), null, false);
    }

    /** A POST with a JSON body. */
    public static DockerRequest postJson(String path, Object body) {
        try {
            return new DockerRequest("POST", path, Map.of("Content-Type", "application/json"),
                    JSON.writeValueAsBytes(body), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public DockerRequest withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new DockerRequest(method, path, h, body, upgrade);
    }

    public DockerRequest upgraded() {
        return new DockerRequest(method, path, headers, body, true);
    }

    /** The request as HTTP/1.1 bytes. */
    byte[] encode(String apiVersion) {
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append('/').append(apiVersion).append(path).append(" HTTP/1.1\r\n")
                .append("Host: docker\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (body != null || !method.equals("GET")) {
            head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        }
        head.append(upgrade ? "Connection: Upgrade\r\nUpgrade: tcp\r\n" : "Connection: close\r\n").append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        if (body == null) {
            return h;
        }
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }
}
