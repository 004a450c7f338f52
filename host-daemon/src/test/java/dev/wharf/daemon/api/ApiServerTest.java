package dev.wharf.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP layer on a real unix socket: JSON answers, streamed bodies, chunked streams and hijacked connections. */
class ApiServerTest {
    @TempDir
    Path dir;
    private ApiServer server;
    private Path sock;

    @BeforeEach
    void start() throws IOException {
        Router r = new Router()
                .post("/echo", ex -> ex.json(200, Map.of("got", new String(ex.bodyBytes(1 << 20), StandardCharsets.UTF_8))))
                .get("/stream", ex -> {
                    try (OutputStream out = ex.stream(200, "application/json")) {
                        for (int i = 0; i < 3; i++) {
                            out.write(("{\"n\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
                        }
                    }
                })
                .post("/attach", ex -> {
                    ApiExchange.RawStream raw = ex.hijack("application/vnd.docker.raw-stream");
                    try (InputStream in = raw.in(); OutputStream out = raw.out()) {
                        byte[] all = in.readAllBytes(); // until the client half-closes
                        out.write(("echo:" + new String(all, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                    }
                })
                .get("/boom", ex -> {
                    throw new IllegalStateException("disk on fire");
                });
        server = new ApiServer(r);
        sock = dir.resolve("api.sock");
        server.listen(new ListenAddress.Unix(sock));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String exchange(String request, boolean halfClose, String afterHead) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(sock));
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            if (afterHead != null) {
                // read the 101 head first, as the docker CLI does, then send stdin and half-close
                while (!got.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n") && ch.read(buf) > 0) {
                    got.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                ch.write(ByteBuffer.wrap(afterHead.getBytes(StandardCharsets.US_ASCII)));
            }
            if (halfClose) {
                ch.shutdownOutput();
            }
            while (ch.read(buf) > 0) {
                got.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void answersJsonWithTheRequestBody() throws IOException {
        String res = exchange("POST /v1.43/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello", false, null);
        assertTrue(res.startsWith("HTTP/1.1 200 OK"), res);
        assertTrue(res.endsWith("{\"got\":\"hello\"}"), res);
    }

    @Test
    void streamsChunks() throws IOException {
        String res = exchange("GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false, null);
        assertTrue(res.toLowerCase().contains("transfer-encoding: chunked"), res);
        assertTrue(res.contains("{\"n\":0}") && res.contains("{\"n\":2}"), res);
        assertTrue(res.endsWith("0\r\n\r\n"), "missing last chunk: " + res);
    }

    @Test
    void hijacksAfter101AndSeesTheHalfClose() throws IOException {
        String res = exchange("POST /attach HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n", true, "stdin-bytes");
        assertTrue(res.startsWith("HTTP/1.1 101 UPGRADED\r\n"), res);
        assertTrue(res.contains("Content-Type: application/vnd.docker.raw-stream"), res);
        assertTrue(res.endsWith("\r\n\r\necho:stdin-bytes"), res);
    }

    @Test
    void unexpectedFailureIsA500WithItsMessageAndNoStackTrace() throws IOException {
        String res = exchange("GET /boom HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false, null);
        assertTrue(res.startsWith("HTTP/1.1 500"), res);
        assertTrue(res.endsWith("{\"message\":\"disk on fire\"}"), res);
        assertEquals(-1, res.indexOf("at dev.wharf"));
    }
}
