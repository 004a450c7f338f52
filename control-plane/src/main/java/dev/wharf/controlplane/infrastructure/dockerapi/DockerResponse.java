package dev.wharf.controlplane.infrastructure.dockerapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.controlplane.infrastructure.tunnel.TunnelStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A host's answer, its body still streaming from the tunnel. The body is de-chunked; after {@code 101 UPGRADED}
 * it is the raw stream and {@link #rawOut()} writes to the other direction. Close it to end the tunnel stream.
 */
public final class DockerResponse implements Closeable {

    private final int status;
    private final String reason;
    private final Map<String, List<String>> headers;
    private final InputStream body;
    private final TunnelStream stream;

    DockerResponse(int status, String reason, Map<String, List<String>> headers, InputStream body,
                   TunnelStream stream) {
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.body = body;
        this.stream = stream;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public boolean isUpgraded() {
        return status == 101;
    }

    /** The first value of a header (case-insensitive), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String contentType() {
        String type = header("Content-Type");
        return type == null ? "" : type;
    }

    /** The body (de-chunked), or the raw stream after an upgrade. */
    public InputStream body() {
        return body;
    }

    /** The upstream direction of an upgraded (hijacked) connection; closing it half-closes. */
    public OutputStream rawOut() {
        if (!isUpgraded()) {
            throw new IllegalStateException("only an upgraded connection has a raw output");
        }
        return stream.out();
    }

    /** The tunnel stream underneath, e.g. to change its read timeout for a followed stream. */
    public TunnelStream stream() {
        return stream;
    }

    /** Reads the whole body, at most {@code limit} bytes. */
    public byte[] bytes(int limit) throws IOException {
        byte[] data = body.readNBytes(limit + 1);
        if (data.length > limit) {
            throw new IOException("the host's answer is larger than " + limit + " bytes");
        }
        return data;
    }

    public String text() throws IOException {
        return new String(bytes(4 << 20), StandardCharsets.UTF_8);
    }

    public JsonNode json() throws IOException {
        byte[] data = bytes(16 << 20);
        return data.length == 0 ? DockerRequest.JSON.nullNode() : DockerRequest.JSON.readTree(data);
    }

    /** Docker's error message from an error body ({@code {"message": ...}}), or the status line. */
    public String errorMessage() {
        try {
            String text = text();
            JsonNode json = DockerRequest.JSON.readTree(text);
            if (json != null && json.hasNonNull("message")) {
                return json.get("message").asText();
            }
            return text.isBlank() ? status + " " + reason : text.strip();
        } catch (IOException e) {
            return status + " " + reason;
        }
    }

    @Override
    public void close() {
        if (!isUpgraded() && body instanceof FramedBody framed && framed.complete()) {
            stream.finish();
        } else {
            stream.close();
        }
    }

    /** A body whose framing tells when it is complete (Content-Length, chunked, none). */
    interface FramedBody {
        boolean complete();
    }
}
