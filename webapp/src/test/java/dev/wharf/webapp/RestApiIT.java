package dev.wharf.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.webapp.Api.Answer;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The REST API beyond desired state: work done on hosts through the Docker API tunnel (logs, exec, kill, image
 * pull/tag/remove) against a fake daemon that holds a real tunnel WebSocket, host operations, volumes, registry
 * credentials, API tokens, idempotency keys, limits and the live event stream. One Payara boot for all; runs on
 * H2 and (failsafe execution {@code postgresql}) on PostgreSQL.
 */
@ExtendWith({TestPostgres.class, ArquillianExtension.class})
@RunAsClient
class RestApiIT {

    private static final Path DATA_DIR = Path.of(System.getProperty("wharf.data.dir"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("wharf.war")));
    }

    @ArquillianResource
    URL base;

    Api api;
    String admin;

    @BeforeEach
    void client() throws Exception {
        api = new Api(base.toURI());
        admin = WharfFixtures.login(api, "admin", WharfFixtures.adminCredentials(DATA_DIR).getProperty("WHARF_ADMIN_PASSWORD"));
    }

    /** A fresh host with a heartbeat (so it is ready) and a fake daemon on its tunnel. */
    private record Node(String name, String id, JsonNode credential, FakeDaemon daemon) implements AutoCloseable {
        @Override
        public void close() {
            daemon.close();
        }
    }

    private Node node(Function<FakeDaemon.Request, FakeDaemon.Answer> handler) throws Exception {
        String name = "node-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode credential = WharfFixtures.register(api, WharfFixtures.joinToken(DATA_DIR), name);
        WharfFixtures.heartbeat(api, credential, List.of()).expect(200);
        FakeDaemon daemon = FakeDaemon.connect(base.toURI(), credential.get("token").asText(), handler);
        Node node = new Node(name, credential.get("hostId").asText(), credential, daemon);
        // the tunnel registers when the WebSocket opens; wait until the API sees it
        for (int i = 0; i < 50 && !api.get("/api/v1/hosts/" + name, admin).json().get("connected").asBoolean(); i++) {
            Thread.sleep(100);
        }
        assertTrue(api.get("/api/v1/hosts/" + name, admin).json().get("connected").asBoolean());
        return node;
    }

    private String container(Node node) {
        WharfFixtures.heartbeat(api, node.credential(), List.of()).expect(200);
        return api.post("/api/v1/containers", admin, Map.of("image", "busybox", "host", node.name(),
                "command", List.of("sh", "-c", "echo hello"))).expect(201).json().get("id").asText();
    }

    @Test
    void theTunnelRefusesAMissingOrWrongHostCredentialWith401() {
        URI tunnel = URI.create(base.toString().replaceFirst("^http", "ws") + "api/v1/agent/tunnel");
        for (String credential : new String[] {null, "wrong"}) {
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
            if (credential != null) {
                builder.header("Authorization", "Bearer " + credential);
            }
            try {
                builder.buildAsync(tunnel, new WebSocket.Listener() { }).join().abort();
                throw new AssertionError("the tunnel accepted credential " + credential);
            } catch (CompletionException e) {
                assertTrue(e.getCause() instanceof WebSocketHandshakeException, e.toString());
                assertEquals(401, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
            }
        }
    }

    @Test
    void logsStreamFromTheHostAsTextOrServerSentEvents() throws Exception {
        byte[] frames = FakeDaemon.concat(FakeDaemon.frame(1, "hello\n"), FakeDaemon.frame(2, "oops\n"),
                FakeDaemon.frame(1, "second line\n"));
        try (Node node = node(r -> FakeDaemon.Answer.chunked("application/vnd.docker.multiplexed-stream", frames,
                r.line().contains("follow=1")))) {
            String id = container(node);
            Answer text = api.get("/api/v1/containers/" + id + "/logs?tail=10&timestamps=true&since=2026-01-01T00:00:00Z", admin)
                    .expect(200);
            assertTrue(text.contentType().startsWith("text/plain"), text.contentType());
            assertEquals("hello\noops\nsecond line\n", text.body());
            String sent = node.daemon().requests.get(node.daemon().requests.size() - 1).line();
            assertTrue(sent.startsWith("GET /v1.43/containers/" + id + "/logs?stdout=1&stderr=1&tail=10&since=1767225600"
                    + "&timestamps=1 HTTP/1.1"), sent);

            HttpRequest sse = api.builder("/api/v1/containers/" + id + "/logs?follow=true", admin)
                    .header("Accept", "text/event-stream").GET().build();
            HttpResponse<java.util.stream.Stream<String>> response = api.http.send(sse, HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, response.statusCode());
            List<String> lines = response.body().filter(l -> !l.isEmpty()).limit(6).toList();
            assertEquals(List.of("event: stdout", "data: hello", "event: stderr", "data: oops", "event: stdout",
                    "data: second line"), lines);
            response.body().close();

            Answer badTail = api.get("/api/v1/containers/" + id + "/logs?tail=ten", admin).expect(400);
            assertEquals("tail", badTail.json().get("errors").get(0).get("field").asText());
            Answer badFollow = api.get("/api/v1/containers/" + id + "/logs?follow=maybe", admin).expect(400);
            assertEquals("follow", badFollow.json().get("errors").get(0).get("field").asText());
        }
    }

    @Test
    void aHostThatIsNotConnectedIsA503NamingIt() throws Exception {
        Node node = node(r -> FakeDaemon.Answer.json(200, "{}"));
        String id = container(node);
        node.close();
        for (int i = 0; i < 50 && api.get("/api/v1/hosts/" + node.name(), admin).json().get("connected").asBoolean(); i++) {
            Thread.sleep(100);
        }
        Answer logs = api.get("/api/v1/containers/" + id + "/logs", admin).expect(503);
        assertTrue(logs.contentType().startsWith("application/problem+json"), logs.contentType());
        assertEquals(node.name(), logs.json().get("host").asText());
        assertTrue(logs.json().get("detail").asText().contains("'" + node.name() + "' is not connected"), logs.body());
        api.post("/api/v1/containers/" + id + "/exec", admin, Map.of("cmd", List.of("true"))).expect(503);
        api.post("/api/v1/images/pull", admin, Map.of("image", "busybox", "host", node.name())).expect(503);
    }

    @Test
    void execRunsOnTheHostAndAnswersExitCodeAndOutput() throws Exception {
        byte[] output = FakeDaemon.concat(FakeDaemon.frame(1, "hi\n"), FakeDaemon.frame(2, "warn\n"));
        try (Node node = node(r -> {
            if (r.line().startsWith("POST /v1.43/containers/")) {
                return FakeDaemon.Answer.json(201, "{\"Id\":\"exec-1\"}");
            }
            if (r.line().startsWith("POST /v1.43/exec/exec-1/start")) {
                return new FakeDaemon.Answer(FakeDaemon.concat(("HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\n"
                        + "Upgrade: tcp\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1), output), false);
            }
            return FakeDaemon.Answer.json(200, "{\"ID\":\"exec-1\",\"Running\":false,\"ExitCode\":3}");
        })) {
            String id = container(node);
            JsonNode result = api.post("/api/v1/containers/" + id + "/exec", admin, Map.of("cmd", List.of("sh", "-c",
                    "echo hi; echo warn >&2; exit 3"), "env", List.of("A=1"), "workingDir", "/tmp")).expect(200).json();
            assertEquals(3, result.get("exitCode").asInt());
            assertEquals("hi\n", result.get("stdout").asText());
            assertEquals("warn\n", result.get("stderr").asText());
            FakeDaemon.Request create = node.daemon().requests.stream()
                    .filter(r -> r.line().startsWith("POST /v1.43/containers/" + id + "/exec")).findFirst().orElseThrow();
            JsonNode sent = Api.JSON.readTree(create.body());
            assertEquals("sh", sent.get("Cmd").get(0).asText());
            assertEquals("/tmp", sent.get("WorkingDir").asText());
            assertTrue(node.daemon().requests.stream().anyMatch(r -> r.line().startsWith("POST /v1.43/exec/exec-1/start")
                    && "tcp".equals(r.header("Upgrade"))));

            Answer noCmd = api.post("/api/v1/containers/" + id + "/exec", admin, Map.of("env", List.of("BAD"))).expect(400);
            assertEquals("cmd", noCmd.json().get("errors").get(0).get("field").asText());
            assertEquals("env[0]", noCmd.json().get("errors").get(1).get("field").asText());
            api.post("/api/v1/containers/no-such-container/exec", admin, Map.of("cmd", List.of("true"))).expect(404);
        }
    }

    @Test
    void killSignalsTheHostAndAStoppingSignalStopsTheDesiredState() throws Exception {
        try (Node node = node(r -> FakeDaemon.Answer.of("HTTP/1.1 204 No Content\r\n\r\n"))) {
            String id = container(node);
            api.post("/api/v1/containers/" + id + "/start", admin, "").expect(200);
            JsonNode hup = api.post("/api/v1/containers/" + id + "/kill?signal=HUP", admin, "").expect(200).json();
            assertEquals("running", hup.get("desiredState").asText());
            JsonNode killed = api.post("/api/v1/containers/" + id + "/kill", admin, "").expect(200).json();
            assertEquals("stopped", killed.get("desiredState").asText());
            List<String> lines = node.daemon().requests.stream().map(FakeDaemon.Request::line).toList();
            assertTrue(lines.contains("POST /v1.43/containers/" + id + "/kill?signal=HUP HTTP/1.1"), lines.toString());
            assertTrue(lines.contains("POST /v1.43/containers/" + id + "/kill?signal=KILL HTTP/1.1"), lines.toString());
            Answer bad = api.post("/api/v1/containers/" + id + "/kill?signal=not%20a%20signal", admin, "").expect(400);
            assertEquals("signal", bad.json().get("errors").get(0).get("field").asText());
        }
    }

    @Test
    void aPullRunsAsAJobWithPerLayerProgressAndUsesTheStoredRegistryCredential() throws Exception {
        String registry = "reg-" + UUID.randomUUID().toString().substring(0, 6) + ".test:5000";
        JsonNode credential = api.post("/api/v1/registries", admin, Map.of("registry", registry, "username", "ci",
                "password", "s3cret-pass")).expect(201).json();
        assertFalse(credential.toString().contains("s3cret-pass"), credential.toString());
        assertFalse(api.get("/api/v1/registries", admin).expect(200).body().contains("s3cret-pass"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(DATA_DIR.resolve("secret.key"))));
        api.post("/api/v1/registries", admin, Map.of("registry", registry, "username", "x", "password", "y")).expect(409);

        String progress = "{\"status\":\"Pulling from app\",\"id\":\"1\"}\r\n"
                + "{\"status\":\"Pulling fs layer\",\"id\":\"layer1\"}\r\n"
                + "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":512,\"total\":1024},\"id\":\"layer1\"}\r\n"
                + "{\"status\":\"Pull complete\",\"id\":\"layer1\"}\r\n"
                + "{\"status\":\"Status: Downloaded newer image for " + registry + "/app:1\"}\r\n";
        try (Node node = node(r -> FakeDaemon.Answer.chunked("application/json",
                progress.getBytes(StandardCharsets.UTF_8), false))) {
            Answer started = api.post("/api/v1/images/pull", admin, Map.of("image", registry + "/app:1", "host", node.name()))
                    .expect(202);
            String location = started.raw().headers().firstValue("Location").orElseThrow();
            String jobId = started.json().get("id").asText();
            assertTrue(location.endsWith("/api/v1/images/pulls/" + jobId), location);
            JsonNode job = started.json();
            for (int i = 0; i < 100 && job.get("state").asText().equals("running"); i++) {
                Thread.sleep(100);
                job = api.get("/api/v1/images/pulls/" + jobId, admin).expect(200).json();
            }
            assertEquals("succeeded", job.get("state").asText(), job.toString());
            JsonNode hostPull = job.get("hosts").get(0);
            assertEquals(node.name(), hostPull.get("host").asText());
            assertEquals("done", hostPull.get("state").asText());
            assertEquals("layer1", hostPull.get("layers").get(0).get("id").asText());
            assertEquals("Pull complete", hostPull.get("layers").get(0).get("status").asText());

            FakeDaemon.Request pull = node.daemon().requests.get(node.daemon().requests.size() - 1);
            assertTrue(pull.line().startsWith("POST /v1.43/images/create?fromImage=" + registry.replace(":", "%3A")
                    + "%2Fapp&tag=1 "), pull.line());
            JsonNode auth = Api.JSON.readTree(Base64.getUrlDecoder().decode(pull.header("X-Registry-Auth")));
            assertEquals("ci", auth.get("username").asText());
            assertEquals("s3cret-pass", auth.get("password").asText());

            // a finished job's event stream replays it and ends
            HttpRequest events = api.builder("/api/v1/images/pulls/" + jobId + "/events", admin)
                    .header("Accept", "text/event-stream").GET().build();
            String stream = api.http.send(events, HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(stream.contains("event: snapshot") && stream.contains("event: done"), stream);

            Answer bad = api.post("/api/v1/images/pull", admin, Map.of("image", "Not A Ref", "host", node.name())).expect(400);
            assertEquals("image", bad.json().get("errors").get(0).get("field").asText());
            api.get("/api/v1/images/pulls/no-such-job", admin).expect(404);
        }
        api.delete("/api/v1/registries/" + registry, admin).expect(204);
    }

    @Test
    void imagesAreTaggedAndRemovedOnAHost() throws Exception {
        try (Node node = node(r -> {
            if (r.line().startsWith("DELETE /v1.43/images/missing")) {
                return FakeDaemon.Answer.json(404, "{\"message\":\"No such image: missing:latest\"}");
            }
            if (r.line().startsWith("DELETE")) {
                return FakeDaemon.Answer.json(200, "[{\"Untagged\":\"busybox:v1\"}]");
            }
            return FakeDaemon.Answer.of("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        })) {
            api.post("/api/v1/images/tag", admin, Map.of("host", node.name(), "source", "busybox:latest",
                    "target", "busybox:v1")).expect(200);
            List<String> lines = node.daemon().requests.stream().map(FakeDaemon.Request::line).toList();
            assertTrue(lines.contains("POST /v1.43/images/busybox:latest/tag?repo=docker.io%2Flibrary%2Fbusybox&tag=v1 HTTP/1.1"),
                    lines.toString());
            JsonNode removed = api.delete("/api/v1/images/busybox:v1?host=" + node.name(), admin).expect(200).json();
            assertEquals("busybox:v1", removed.get(0).get("Untagged").asText());
            Answer missing = api.delete("/api/v1/images/missing?host=" + node.name(), admin).expect(404);
            assertTrue(missing.json().get("detail").asText().contains("No such image"), missing.body());
            Answer noTarget = api.post("/api/v1/images/tag", admin, Map.of("host", node.name(), "source", "busybox"))
                    .expect(400);
            assertEquals("target", noTarget.json().get("errors").get(0).get("field").asText());
        }
    }

    @Test
    void hostsAreLabelledCordonedDrainedAndRemoved() throws Exception {
        try (Node node = node(r -> FakeDaemon.Answer.json(200, "{}"))) {
            String id = container(node);
            JsonNode labelled = api.send(api.builder("/api/v1/hosts/" + node.name() + "/labels", admin)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"zone\":\"b\",\"disk\":\"ssd\"}"))).expect(200).json();
            assertEquals(Map.of("zone", "b", "disk", "ssd"), Api.JSON.convertValue(labelled.get("labels"), Map.class));
            api.send(api.builder("/api/v1/hosts/" + node.name() + "/labels", admin).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"bad label\":\"x\"}"))).expect(400);

            assertTrue(api.post("/api/v1/hosts/" + node.name() + "/cordon", admin, "").expect(200).json().get("cordoned").asBoolean());
            WharfFixtures.heartbeat(api, node.credential(), List.of()).expect(200);
            Answer refused = api.post("/api/v1/containers", admin, Map.of("image", "busybox", "host", node.name())).expect(409);
            assertTrue(refused.json().get("detail").asText().contains("cordoned"), refused.body());
            // a cordoned host keeps its containers, so it cannot be removed yet
            Answer busy = api.delete("/api/v1/hosts/" + node.name(), admin).expect(409);
            assertTrue(busy.json().get("detail").asText().contains("1 container"), busy.body());
            assertFalse(api.post("/api/v1/hosts/" + node.name() + "/uncordon", admin, "").expect(200).json().get("cordoned").asBoolean());

            JsonNode drained = api.post("/api/v1/hosts/" + node.name() + "/drain", admin, "").expect(200).json();
            assertTrue(drained.get("draining").asBoolean());
            assertTrue(drained.get("cordoned").asBoolean());
            // the container now waits to move, or the scheduler has already moved it (fenced here: removed)
            JsonNode moving = api.get("/api/v1/containers/" + id, admin).expect(200).json();
            assertTrue(moving.get("desiredState").asText().equals("removed")
                    || moving.get("pendingReason").asText().contains("draining"), moving.toString());
            if (!moving.get("desiredState").asText().equals("removed")) {
                int status = api.delete("/api/v1/containers/" + id, admin).status();
                assertTrue(status == 202 || status == 409, "remove answered " + status); // 409: moved meanwhile
            }
            api.delete("/api/v1/hosts/" + node.name(), admin).expect(204);
            api.get("/api/v1/hosts/" + node.name(), admin).expect(404);
            WharfFixtures.heartbeat(api, node.credential(), List.of()).expect(401);
        }
    }

    @Test
    void joinTokensAreListedWithoutTheirValueAndRotated() throws Exception {
        String before = WharfFixtures.joinToken(DATA_DIR);
        JsonNode listed = api.get("/api/v1/hosts/join-tokens", admin).expect(200).json();
        assertEquals(1, listed.size());
        assertFalse(listed.toString().contains(before));
        JsonNode rotated = api.post("/api/v1/hosts/join-tokens/rotate", admin, "").expect(200).json();
        String fresh = rotated.get("token").asText();
        assertFalse(fresh.equals(before));
        assertEquals(fresh, WharfFixtures.joinToken(DATA_DIR));
        api.post("/api/v1/agent/register", null, Map.of("joinToken", before, "hostname", "late-host")).expect(401);
        WharfFixtures.register(api, fresh, "node-" + UUID.randomUUID().toString().substring(0, 8));
        assertEquals(rotated.get("id").asText(), api.get("/api/v1/hosts/join-tokens", admin).json().get(0).get("id").asText());
    }

    @Test
    void volumesAreDesiredPerHostAndARetriedCreateMakesOne() throws Exception {
        String host = "node-" + UUID.randomUUID().toString().substring(0, 8);
        WharfFixtures.register(api, WharfFixtures.joinToken(DATA_DIR), host);
        String key = UUID.randomUUID().toString();
        String body = Api.write(Map.of("name", "data", "host", host, "labels", Map.of("app", "db")));
        HttpRequest.Builder create = api.builder("/api/v1/volumes", admin).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body));
        Answer first = api.send(create).expect(201);
        Answer again = api.send(api.builder("/api/v1/volumes", admin).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body))).expect(200);
        assertEquals("true", again.raw().headers().firstValue("Idempotent-Replayed").orElse(""));
        assertEquals(first.json().get("id").asText(), again.json().get("id").asText());
        assertEquals(first.raw().headers().firstValue("Location"), again.raw().headers().firstValue("Location"));
        JsonNode volumes = api.get("/api/v1/volumes?host=" + host, admin).expect(200).json();
        assertEquals(1, volumes.size());
        assertEquals("db", volumes.get(0).get("labels").get("app").asText());
        assertEquals("present", volumes.get(0).get("desiredState").asText());

        Answer taken = api.post("/api/v1/volumes", admin, Map.of("name", "data", "host", host)).expect(409);
        assertEquals("name", taken.json().get("errors").get(0).get("field").asText());
        Answer reused = api.send(api.builder("/api/v1/networks", admin).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"cidr\":\"10.1.0.0/16\"}")))
                .expect(409);
        assertEquals("Idempotency-Key", reused.json().get("errors").get(0).get("field").asText());
        Answer bad = api.post("/api/v1/volumes", admin, Map.of("name", "bad name", "host", host)).expect(400);
        assertEquals("name", bad.json().get("errors").get(0).get("field").asText());
        Answer noHost = api.post("/api/v1/volumes", admin, Map.of("name", "data2", "host", "no-such-host")).expect(400);
        assertEquals("host", noHost.json().get("errors").get(0).get("field").asText());

        api.delete("/api/v1/volumes/" + first.json().get("id").asText(), admin).expect(204);
        assertEquals(0, api.get("/api/v1/volumes?host=" + host, admin).json().size());
    }

    @Test
    void apiTokensWorkAsBearerOrXApiKeyAndAreRevoked() {
        JsonNode created = api.post("/api/v1/tokens", admin, Map.of("name", "ci", "expiresInDays", 30)).expect(201).json();
        String token = created.get("token").asText();
        assertEquals("admin", created.get("username").asText());
        api.get("/api/v1/hosts", token).expect(200);
        api.send(HttpRequest.newBuilder(api.uri("/api/v1/hosts")).header("X-API-Key", token).GET()).expect(200);
        JsonNode listed = api.get("/api/v1/tokens", admin).expect(200).json();
        assertTrue(listed.toString().contains(created.get("id").asText()));
        assertFalse(listed.toString().contains(token), "a listed token never shows its value");
        api.post("/api/v1/tokens", admin, Map.of("expiresInDays", 0)).expect(400);

        api.delete("/api/v1/tokens/" + created.get("id").asText(), admin).expect(204);
        api.send(HttpRequest.newBuilder(api.uri("/api/v1/hosts")).header("X-API-Key", token).GET()).expect(401);
        api.delete("/api/v1/tokens/" + created.get("id").asText(), admin).expect(404);
    }

    @Test
    void oversizedBodiesAre413AndBadQueryNumbersAre400NamingTheParameter() {
        String big = "{\"name\":\"" + "x".repeat(1_500_000) + "\"}"; // over our 1 MiB, under Grizzly's own 2 MB
        Answer tooBig = api.postRaw("/api/v1/volumes", admin, big).expect(413);
        assertTrue(tooBig.contentType().startsWith("application/problem+json"), tooBig.contentType());
        assertTrue(tooBig.json().get("detail").asText().contains("limit"), tooBig.body());
        // chunked, so no Content-Length tells the size up front
        Answer chunked = api.send(api.builder("/api/v1/volumes", admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        big.getBytes(StandardCharsets.UTF_8)))));
        assertEquals(413, chunked.status(), chunked.body());

        Answer limit = api.get("/api/v1/containers?limit=abc", admin).expect(400);
        assertEquals("limit", limit.json().get("errors").get(0).get("field").asText());
        assertEquals("offset", api.get("/api/v1/containers?offset=-1", admin).expect(400).json()
                .get("errors").get(0).get("field").asText());
        assertEquals("limit", api.get("/api/v1/events?limit=9999999999", admin).expect(400).json()
                .get("errors").get(0).get("field").asText());
    }

    @Test
    void theEventStreamShowsMutatingCallsLive() throws Exception {
        BlockingQueue<String> data = new LinkedBlockingQueue<>();
        HttpRequest request = api.builder("/api/v1/events/stream?actor=admin", admin).timeout(Duration.ofMinutes(1))
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<java.util.stream.Stream<String>> response = api.http.sendAsync(request,
                HttpResponse.BodyHandlers.ofLines()).get(20, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        Thread reader = new Thread(() -> response.body().filter(l -> l.startsWith("data:")).forEach(l -> data.add(l.substring(5))));
        reader.setDaemon(true);
        reader.start();
        try {
            String name = "evt-" + UUID.randomUUID().toString().substring(0, 8);
            api.post("/api/v1/users", admin, Map.of("username", name, "password", "long-enough-password", "role", "viewer"))
                    .expect(201);
            JsonNode event = null;
            for (String line = data.poll(20, TimeUnit.SECONDS); line != null; line = data.poll(20, TimeUnit.SECONDS)) {
                JsonNode e = Api.JSON.readTree(line);
                if (e.get("target").asText().endsWith("/users/" + name)) {
                    event = e;
                    break;
                }
            }
            assertNotNull(event, "no live event for the user creation");
            assertEquals("POST /api/v1/users", event.get("action").asText());
            assertEquals(201, event.get("result").asInt());
            assertEquals("admin", event.get("actor").asText());
        } finally {
            response.body().close();
        }
        api.get("/api/v1/events/stream", null).expect(401);
    }

    @Test
    void theOpenApiDocumentHasItsTitleAndTheNewEndpoints() {
        String doc = api.get("/openapi", null).expect(200).body();
        assertTrue(doc.contains("Wharf control plane"), doc.substring(0, Math.min(400, doc.length())));
        for (String path : List.of("/api/v1/containers/{container}/logs", "/api/v1/images/pull", "/api/v1/volumes",
                "/api/v1/tokens", "/api/v1/hosts/{host}/drain")) {
            assertTrue(doc.contains(path), path);
        }
    }
}
