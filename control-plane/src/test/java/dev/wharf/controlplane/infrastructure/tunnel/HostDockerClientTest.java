package dev.wharf.controlplane.infrastructure.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.shared.HostApiException;
import dev.wharf.controlplane.domain.shared.HostUnavailableException;
import dev.wharf.controlplane.infrastructure.dockerapi.DockerRequest;
import dev.wharf.controlplane.infrastructure.dockerapi.DockerResponse;
import dev.wharf.controlplane.infrastructure.dockerapi.HostDockerClient;
import dev.wharf.controlplane.infrastructure.dockerapi.JsonMessages;
import dev.wharf.controlplane.infrastructure.dockerapi.StdStreamReader;
import dev.wharf.controlplane.infrastructure.tunnel.FakeDaemonEnd.Answer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The control plane's end of the Docker API tunnel against a fake daemon end that answers like the real one. */
class HostDockerClientTest {

    private final Host host = new Host("host-1", "node-a", Instant.now());
    private final HostTunnels tunnels = new HostTunnels();
    private final HostDockerClient client = new HostDockerClient(tunnels);

    private FakeDaemonEnd connect(Function<FakeDaemonEnd.Request, Answer> handler, int piece) {
        FakeDaemonEnd daemon = new FakeDaemonEnd(handler, piece);
        daemon.tunnel = tunnels.connect(host.id(), daemon);
        return daemon;
    }

    @Test
    void aJsonAnswerWithContentLengthIsParsedAndTheRequestIsVersionedHttp() throws IOException {
        String body = "{\"Id\":\"abc\",\"State\":{\"Running\":true}}";
        FakeDaemonEnd daemon = connect(r -> Answer.of("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body), 7);
        JsonNode json = client.json(host, DockerRequest.get("/containers/abc/json"));
        assertEquals("abc", json.get("Id").asText());
        assertTrue(json.get("State").get("Running").asBoolean());
        assertEquals("GET /v1.43/containers/abc/json HTTP/1.1", daemon.requests.get(0));
    }

    @Test
    void aChunkedAnswerSplitAnywhereIsDechunked() throws IOException {
        FakeDaemonEnd daemon = connect(r -> Answer.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n"), 3);
        try (DockerResponse response = client.send(host, DockerRequest.get("/x"))) {
            assertEquals(200, response.status());
            assertEquals("hello, world", new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        assertTrue(daemon.resets.isEmpty(), "a fully read answer needs no reset: " + daemon.resets);
    }

    @Test
    void multiplexedLogFramesAreSplitIntoStdoutAndStderr() throws IOException {
        byte[] frames = FakeDaemonEnd.concat(List.of(FakeDaemonEnd.frame(1, "out line 1\n"),
                FakeDaemonEnd.frame(2, "err line\n"), FakeDaemonEnd.frame(1, "out line 2\n")));
        String chunked = Integer.toHexString(frames.length) + "\r\n";
        byte[] answer = FakeDaemonEnd.concat(List.of(("HTTP/1.1 200 OK\r\nContent-Type: "
                        + "application/vnd.docker.multiplexed-stream\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked)
                        .getBytes(StandardCharsets.ISO_8859_1), frames, "\r\n0\r\n\r\n".getBytes()));
        connect(r -> Answer.of(answer), 5);
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        try (DockerResponse response = client.send(host, DockerRequest.get("/containers/c/logs?stdout=1&stderr=1"))) {
            StdStreamReader reader = StdStreamReader.of(response);
            for (StdStreamReader.Frame f = reader.next(); f != null; f = reader.next()) {
                (f.stream() == StdStreamReader.Kind.STDERR ? err : out).append(new String(f.data(), StandardCharsets.UTF_8));
            }
        }
        assertEquals("out line 1\nout line 2\n", out.toString());
        assertEquals("err line\n", err.toString());
    }

    @Test
    void aTtyStreamIsAllStdout() throws IOException {
        connect(r -> Answer.of("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\nraw tty bytes"), 4);
        try (DockerResponse response = client.send(host, DockerRequest.get("/containers/c/logs"))) {
            StdStreamReader reader = StdStreamReader.of(response);
            StringBuilder all = new StringBuilder();
            for (StdStreamReader.Frame f = reader.next(); f != null; f = reader.next()) {
                assertEquals(StdStreamReader.Kind.STDOUT, f.stream());
                all.append(new String(f.data(), StandardCharsets.UTF_8));
            }
            assertEquals("raw tty bytes", all.toString());
        }
    }

    @Test
    void streamedJsonProgressLinesArriveOneByOne() throws IOException {
        String lines = "{\"status\":\"Pulling from library/busybox\",\"id\":\"latest\"}\r\n"
                + "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":10,\"total\":100},\"id\":\"abc\"}\r\n"
                + "{\"status\":\"Pull complete\",\"id\":\"abc\"}\r\n";
        connect(r -> Answer.of("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(lines.length()) + "\r\n" + lines + "\r\n0\r\n\r\n"), 11);
        List<JsonNode> messages = new ArrayList<>();
        try (DockerResponse response = client.send(host, DockerRequest.post("/images/create?fromImage=busybox"))) {
            JsonMessages.forEach(response.body(), messages::add);
        }
        assertEquals(3, messages.size());
        assertEquals(100, messages.get(1).get("progressDetail").get("total").asInt());
        assertEquals("Pull complete", messages.get(2).get("status").asText());
    }

    @Test
    void afterUpgradedTheStreamIsRawAndBidirectionalWithHalfClose() throws IOException {
        FakeDaemonEnd daemon = connect(r -> new Answer(("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                + "Content-Type: application/vnd.docker.raw-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1),
                in -> ("echo:" + new String(in, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)), 6);
        try (DockerResponse response = client.send(host, DockerRequest.post("/exec/e1/start").upgraded())) {
            assertTrue(response.isUpgraded());
            OutputStream out = response.rawOut();
            out.write("ls\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            byte[] first = response.body().readNBytes(8);
            assertEquals("echo:ls\n", new String(first, StandardCharsets.UTF_8));
            out.close(); // half-close: the daemon answers with its own EOF
            assertEquals(-1, response.body().read());
        }
        assertTrue(daemon.requests.get(0).startsWith("POST /v1.43/exec/e1/start"));
        assertTrue(daemon.resets.isEmpty(), "both sides ended cleanly: " + daemon.resets);
    }

    @Test
    void anErrorAnswerBecomesAHostApiExceptionWithTheDaemonsMessage() {
        String body = "{\"message\":\"No such container: nope\"}";
        connect(r -> Answer.of("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body), 9);
        HostApiException e = assertThrows(HostApiException.class,
                () -> client.json(host, DockerRequest.get("/containers/nope/json")));
        assertEquals(404, e.status());
        assertEquals("host 'node-a': No such container: nope", e.getMessage());
    }

    @Test
    void aHostWithoutTunnelIsUnavailableByName() {
        HostUnavailableException e = assertThrows(HostUnavailableException.class,
                () -> client.send(host, DockerRequest.get("/_ping")));
        assertEquals("node-a", e.host());
        assertTrue(e.getMessage().contains("'node-a' is not connected"), e.getMessage());
    }

    @Test
    void aResetFromTheDaemonFailsTheReadWithItsReason() throws IOException {
        FakeDaemonEnd[] holder = new FakeDaemonEnd[1];
        holder[0] = connect(r -> Answer.open("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\npart"), 50);
        try (DockerResponse response = client.send(host, DockerRequest.get("/containers/c/logs?follow=1"))) {
            assertEquals("part", new String(response.body().readNBytes(4), StandardCharsets.UTF_8));
            holder[0].sendLater(new TunnelFrame(response.stream().id(), TunnelFrame.RESET,
                    "read from the Docker API failed: broken pipe".getBytes(StandardCharsets.UTF_8)));
            IOException e = assertThrows(IOException.class, () -> response.body().read());
            assertTrue(e.getMessage().contains("broken pipe"), e.getMessage());
        }
    }

    @Test
    void aSilentHostTimesOutInsteadOfHangingAndItsStreamIsReset() {
        FakeDaemonEnd daemon = connect(r -> Answer.open("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), 50);
        DockerResponse response = client.send(host, DockerRequest.get("/containers/c/logs"), Duration.ofMillis(300));
        IOException e = assertThrows(IOException.class, () -> response.body().read());
        assertTrue(e.getMessage().contains("no answer"), e.getMessage());
        response.close();
        assertEquals(1, daemon.resets.size(), "closing an unfinished stream resets it: " + daemon.resets);
    }

    @Test
    void requestBodiesAreSentInMessagesOfAtMost64KiB() throws IOException {
        FakeDaemonEnd daemon = connect(r -> Answer.of("HTTP/1.1 200 OK\r\nContent-Length: " + ("" + r.body().length).length()
                + "\r\n\r\n" + r.body().length), 1000);
        byte[] big = new byte[200_000];
        java.util.Arrays.fill(big, (byte) 'x');
        DockerRequest request = new DockerRequest("POST", "/build", Map.of(), big, false);
        try (DockerResponse response = client.send(host, request)) {
            assertEquals("200000", response.text());
        }
        assertTrue(daemon.maxPayloads.stream().allMatch(n -> n <= 64 * 1024), daemon.maxPayloads.toString());
    }

    @Test
    void aMessageForAnUnknownStreamIsAnsweredWithReset() throws Exception {
        FakeDaemonEnd daemon = connect(r -> Answer.of("HTTP/1.1 204 No Content\r\n\r\n"), 10);
        daemon.tunnel.receive(new TunnelFrame(777, TunnelFrame.DATA, "late".getBytes()).encode());
        assertTrue(daemon.resets.contains("777:unknown stream"), daemon.resets.toString());
        try (DockerResponse response = client.send(host, DockerRequest.post("/containers/c/kill"))) {
            assertEquals(204, response.status());
            assertEquals(-1, response.body().read());
        }
    }

    @Test
    void aReconnectReplacesTheOldTunnelAndFailsItsStreams() throws IOException {
        FakeDaemonEnd old = connect(r -> Answer.open("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), 10);
        DockerResponse pending = client.send(host, DockerRequest.get("/containers/c/logs?follow=1"), Duration.ZERO);
        FakeDaemonEnd fresh = connect(r -> Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), 10);
        assertTrue(old.closed);
        IOException e = assertThrows(IOException.class, () -> pending.body().read());
        assertTrue(e.getMessage().contains("replaced"), e.getMessage());
        try (DockerResponse response = client.send(host, DockerRequest.get("/_ping"))) {
            assertEquals("ok", response.text());
        }
        assertFalse(fresh.closed);
        tunnels.disconnected(fresh.tunnel, "socket closed");
        assertFalse(tunnels.isConnected(host.id()));
        assertNull(tunnels.find(host.id()).orElse(null));
    }
}
