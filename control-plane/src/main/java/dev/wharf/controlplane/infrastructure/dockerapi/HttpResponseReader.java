package dev.wharf.controlplane.infrastructure.dockerapi;

import dev.wharf.controlplane.infrastructure.tunnel.TunnelStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parses a raw HTTP/1.1 response head and frames its body (chunked, Content-Length, until EOF, or raw). */
final class HttpResponseReader {

    private static final int MAX_HEAD = 64 * 1024;

    private HttpResponseReader() {
    }

    static DockerResponse read(InputStream in, String method, TunnelStream stream) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("the host's Docker API did not answer with HTTP (got "
                    + (statusLine == null ? "nothing" : "'" + abbreviate(statusLine) + "'") + ")");
        }
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new IOException("bad HTTP status line from the host: '" + abbreviate(statusLine) + "'");
        }
        String reason = parts.length > 2 ? parts[2] : "";
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int headBytes = statusLine.length();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            headBytes += line.length();
            if (headBytes > MAX_HEAD) {
                throw new IOException("the host's HTTP response head exceeds 64 KiB");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        return new DockerResponse(status, reason, headers, body(in, method, status, headers), stream);
    }

    private static InputStream body(InputStream in, String method, int status, Map<String, List<String>> headers) {
        if (status == 101) {
            return in; // the raw stream follows
        }
        if (method.equals("HEAD") || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            return new BoundedInputStream(in, 0);
        }
        List<String> te = headers.get("transfer-encoding");
        if (te != null && te.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            return new ChunkedInputStream(in);
        }
        List<String> length = headers.get("content-length");
        if (length != null && !length.isEmpty()) {
            try {
                return new BoundedInputStream(in, Long.parseLong(length.get(0)));
            } catch (NumberFormatException e) {
                return in;
            }
        }
        return in; // until the daemon closes the connection
    }

    /** One CRLF- (or LF-) terminated line without its terminator; null at EOF before any byte. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = buf.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            buf.write(b);
            if (buf.size() > MAX_HEAD) {
                throw new IOException("an HTTP line from the host exceeds 64 KiB");
            }
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
