package dev.wharf.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.webapp.Api.Answer;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The real WAR on Payara Micro, driven over HTTP as users and daemons drive it. One deployment (one Payara
 * boot) for all tests; each test makes its own hosts and containers, so the order does not matter.
 * The data dir is fresh per build ({@code wharf.data.dir}), so first-start behaviour is seen every run.
 */
@ExtendWith({TestPostgres.class, ArquillianExtension.class})
@RunAsClient
class ControlPlaneIT {

    private static final Path DATA_DIR = Path.of(System.getProperty("wharf.data.dir"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("wharf.war")));
    }

    @ArquillianResource
    URL base;

    Api api;

    @BeforeEach
    void client() throws Exception {
        api = new Api(base.toURI());
    }

    @Test
    void theAppIsAtTheContextRoot() {
        assertEquals("/", base.getPath());
    }

    @Test
    void healthAnswersUpAsJson() {
        Answer health = api.get("/api/v1/health", null).expect(200);
        assertTrue(health.contentType().startsWith("application/json"), health.contentType());
        JsonNode json = health.json();
        assertEquals("UP", json.get("status").asText());
        assertEquals("UP", json.get("database").asText());
        assertTrue(json.get("version").asText().matches("\\d+\\.\\d+\\.\\d+.*"), json.toString());
    }

    @Test
    void theOpenApiDocumentListsTheApi() {
        Answer openapi = api.get("/openapi", null).expect(200);
        assertTrue(openapi.body().contains("/api/v1/health"), openapi.body());
        assertTrue(openapi.body().contains("/api/v1/containers"));
    }

    @Test
    void anUnknownApiPathIsAProblem404() {
        Answer answer = api.get("/api/v1/no-such-thing", null).expect(404);
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.contentType());
        JsonNode problem = answer.json();
        assertEquals(404, problem.get("status").asInt());
        assertEquals("Not Found", problem.get("title").asText());
        assertTrue(problem.get("type").asText().startsWith("urn:wharf:problem:"));
        assertFalse(answer.body().contains("Exception"), answer.body());
    }

    @Test
    void firstStartWroteTheAdminPasswordAndJoinTokenForTheOwnerOnly() throws IOException {
        Properties admin = adminCredentials();
        assertEquals("admin", admin.getProperty("WHARF_ADMIN_USER"));
        assertTrue(admin.getProperty("WHARF_ADMIN_PASSWORD").length() >= 20);
        for (String file : List.of("initial-admin-password", "join-token")) {
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(DATA_DIR.resolve(file))), file);
        }
        assertTrue(joinToken().length() >= 40);
    }

    @Test
    void loginIssuesATokenAndWrongPasswordsAre401() {
        assertNotNull(adminToken());
        Answer wrong = api.post("/api/v1/auth/login", null, Map.of("username", "admin", "password", "nope")).expect(401);
        assertTrue(wrong.contentType().startsWith("application/problem+json"));
        Answer missing = api.post("/api/v1/auth/login", null, Map.of("username", "admin")).expect(400);
        assertEquals("password", missing.json().get("errors").get(0).get("field").asText());
    }

    @Test
    void everyEndpointNeedsAToken() {
        for (String path : List.of("/api/v1/hosts", "/api/v1/containers", "/api/v1/events", "/api/v1/users")) {
            Answer answer = api.get(path, null).expect(401);
            assertTrue(answer.raw().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), path);
        }
        api.get("/api/v1/hosts", "not-a-token").expect(401);
        api.post("/api/v1/containers", null, Map.of("image", "busybox")).expect(401);
    }

    @Test
    void aViewerCanReadButNotChange() {
        String admin = adminToken();
        String name = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
        api.post("/api/v1/users", admin, Map.of("username", name, "password", "viewer-password-1", "role", "viewer"))
                .expect(201);
        String viewer = login(name, "viewer-password-1");
        api.get("/api/v1/containers", viewer).expect(200);
        api.get("/api/v1/hosts", viewer).expect(200);
        Answer refused = api.post("/api/v1/containers", viewer, Map.of("image", "busybox")).expect(403);
        assertTrue(refused.json().get("detail").asText().contains("viewer"), refused.body());
        api.post("/api/v1/users", viewer, Map.of("username", "x" + name, "password", "xxxxxxxxxxxxxx", "role", "admin"))
                .expect(403);
        api.get("/api/v1/events", viewer).expect(403);
    }

    @Test
    void aDaemonRegistersHeartbeatsAndShowsAsReadyThenDown() throws Exception {
        String admin = adminToken();
        String hostname = "node-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode credential = register(hostname);
        String hostId = credential.get("hostId").asText();

        JsonNode desired = heartbeat(credential, List.of()).expect(200).json();
        assertEquals(hostId, desired.get("hostId").asText());
        JsonNode host = api.get("/api/v1/hosts/" + hostname, admin).expect(200).json();
        assertEquals("ready", host.get("state").asText());
        assertEquals(2, host.get("cpus").asInt());
        assertEquals("a", host.get("labels").get("zone").asText());
        assertEquals(1, host.get("imageCount").asInt());

        // the IT runs with a heartbeat TTL of 4 s + 2 s grace (pom.xml); the monitor runs every 2 s
        long deadline = System.currentTimeMillis() + 30_000;
        String state = "ready";
        while (!state.equals("down") && System.currentTimeMillis() < deadline) {
            Thread.sleep(1000);
            state = api.get("/api/v1/hosts/" + hostId, admin).expect(200).json().get("state").asText();
        }
        assertEquals("down", state);
        heartbeat(credential, List.of()).expect(200);
        assertEquals("ready", api.get("/api/v1/hosts/" + hostId, admin).json().get("state").asText());
    }

    @Test
    void aDaemonsStreamGetsItsDesiredStateAtOnceAndAfterEveryChange() throws Exception {
        String admin = adminToken();
        String hostname = "node-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode credential = register(hostname);
        api.send(api.builder("/api/v1/agent/stream", "wrong").GET()).expect(401);

        java.util.concurrent.BlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();
        HttpRequest request = api.builder("/api/v1/agent/stream", credential.get("token").asText())
                .timeout(java.time.Duration.ofMinutes(2)).header("Accept", "text/event-stream").GET().build();
        var response = api.http.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofLines())
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        Thread reader = new Thread(() -> {
            String event = null;
            for (var it = response.body().iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:") && "desired-state".equals(event)) {
                    events.add(line.substring(5).trim());
                }
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            String first = events.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            assertNotNull(first, "no initial desired-state event");
            assertEquals(0, Api.JSON.readTree(first).get("containers").size());

            String id = api.post("/api/v1/containers", admin, Map.of("image", "busybox", "host", hostname))
                    .expect(201).json().get("id").asText();
            String second = events.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            assertNotNull(second, "no desired-state event after the create");
            JsonNode pushed = Api.JSON.readTree(second).get("containers").get(0);
            assertEquals(id, pushed.get("id").asText());
            assertEquals("created", pushed.get("state").asText());

            api.post("/api/v1/containers/" + id + "/start", admin, "").expect(200);
            JsonNode started = Api.JSON.readTree(events.poll(20, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("running", started.get("containers").get(0).get("state").asText());
            assertEquals(2, started.get("containers").get(0).get("generation").asInt());
        } finally {
            response.body().close();
        }
    }

    @Test
    void agentCallsNeedTheRightSecrets() {
        api.post("/api/v1/agent/register", null, Map.of("joinToken", "wrong", "hostname", "intruder")).expect(401);
        api.post("/api/v1/agent/register", null, Map.of("hostname", "bad host")).expect(400);
        api.postRaw("/api/v1/agent/heartbeat", "wrong", "{\"containers\":[]}").expect(401);
        api.get("/api/v1/agent/desired-state", null).expect(401);
        JsonNode hosts = api.get("/api/v1/hosts", adminToken()).expect(200).json();
        hosts.forEach(h -> assertFalse(h.get("name").asText().equals("intruder")));
    }

    @Test
    void aContainerGoesFromDesiredToObservedToRemoved() {
        String admin = adminToken();
        String hostname = "node-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode credential = register(hostname);
        String name = "web-" + UUID.randomUUID().toString().substring(0, 8);

        Answer created = api.post("/api/v1/containers", admin, Map.of("name", name, "image", "busybox",
                "command", List.of("httpd", "-f"), "env", List.of("A=1"), "host", hostname)).expect(201);
        JsonNode container = created.json();
        String id = container.get("id").asText();
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        assertEquals("created", container.get("desiredState").asText());
        assertEquals(1, container.get("generation").asInt());
        assertTrue(created.raw().headers().firstValue("Location").orElseThrow().endsWith("/api/v1/containers/" + id));

        JsonNode started = api.post("/api/v1/containers/" + name + "/start", admin, "").expect(200).json();
        assertEquals("running", started.get("desiredState").asText());
        assertEquals(2, started.get("generation").asInt());

        JsonNode desired = api.get("/api/v1/agent/desired-state", credential.get("token").asText()).expect(200).json();
        JsonNode wanted = desired.get("containers").get(0);
        assertEquals(id, wanted.get("id").asText());
        assertEquals("running", wanted.get("state").asText());
        assertEquals(2, wanted.get("generation").asInt());
        assertEquals("busybox", wanted.get("spec").get("image").asText());
        assertEquals("httpd", wanted.get("spec").get("command").get(0).asText());

        heartbeat(credential, List.of(Map.of("id", id, "name", name, "image", "busybox", "state", "running",
                "ipAddress", "10.88.0.5", "generation", 2))).expect(200);
        JsonNode observed = api.get("/api/v1/containers/" + id, admin).expect(200).json().get("observed");
        assertEquals("running", observed.get("state").asText());
        assertEquals("10.88.0.5", observed.get("ipAddress").asText());
        assertEquals(2, observed.get("generation").asInt());

        JsonNode listed = api.get("/api/v1/containers?host=" + hostname, admin).expect(200).json();
        assertEquals(1, listed.size());

        assertEquals("removed", api.delete("/api/v1/containers/" + id, admin).expect(202).json()
                .get("desiredState").asText());
        // the daemon removed it and no longer reports it: the record goes
        heartbeat(credential, List.of()).expect(200);
        api.get("/api/v1/containers/" + id, admin).expect(404);
    }

    @Test
    void badContainerSpecsAreProblemsNamingTheFieldAndNothingIsStored() {
        String admin = adminToken();
        String name = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        Answer bad = api.post("/api/v1/containers", admin, Map.of("name", name, "image", "Not An Image",
                "env", List.of("NOEQUALS"))).expect(400);
        assertTrue(bad.contentType().startsWith("application/problem+json"));
        JsonNode errors = bad.json().get("errors");
        assertEquals("image", errors.get(0).get("field").asText());
        assertEquals("env[0]", errors.get(1).get("field").asText());
        api.get("/api/v1/containers/" + name, admin).expect(404);

        JsonNode missing = api.post("/api/v1/containers", admin, Map.of()).expect(400).json();
        assertEquals("image", missing.get("errors").get(0).get("field").asText());

        Answer malformed = api.postRaw("/api/v1/containers", admin, "{\"image\":").expect(400);
        assertEquals("body", malformed.json().get("errors").get(0).get("field").asText());
        assertFalse(malformed.body().contains("jackson"), malformed.body());

        Answer wrongType = api.postRaw("/api/v1/containers", admin, "{\"image\":\"busybox\",\"command\":\"ls\"}")
                .expect(400);
        assertEquals("command", wrongType.json().get("errors").get(0).get("field").asText());
    }

    @Test
    void aRetriedCreateWithTheSameIdempotencyKeyMakesOneContainer() {
        String admin = adminToken();
        String hostname = "node-" + UUID.randomUUID().toString().substring(0, 8);
        register(hostname);
        String key = UUID.randomUUID().toString();
        String body = Api.write(Map.of("image", "busybox", "host", hostname));
        Answer first = api.send(api.builder("/api/v1/containers", admin).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body))).expect(201);
        Answer again = api.send(api.builder("/api/v1/containers", admin).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body))).expect(200);
        assertEquals(first.json().get("id").asText(), again.json().get("id").asText());
        assertEquals(1, api.get("/api/v1/containers?host=" + hostname, admin).expect(200).json().size());

        JsonNode restarted = api.post("/api/v1/containers/" + first.json().get("id").asText() + "/restart", admin, "")
                .expect(200).json();
        assertEquals("running", restarted.get("desiredState").asText());
        assertEquals(2, restarted.get("generation").asInt());
    }

    @Test
    void networksSplitTheirPoolIntoHostSubnetsAndRefuseBadOrOverlappingPools() {
        String admin = adminToken();
        String hostname = "node-" + UUID.randomUUID().toString().substring(0, 8);
        String hostId = register(hostname).get("hostId").asText();
        // a run-unique /16 inside 10.128.0.0/9, so reruns against the same data dir do not overlap
        int second = 128 + (int) (System.nanoTime() % 128);
        String cidr = "10." + second + ".0.0/16";
        String name = "net-" + UUID.randomUUID().toString().substring(0, 8);

        JsonNode network = api.post("/api/v1/networks", admin, Map.of("name", name, "cidr", cidr)).expect(201).json();
        assertEquals(cidr, network.get("cidr").asText());
        assertEquals(24, network.get("hostPrefix").asInt());
        boolean hostHasSubnet = false;
        for (JsonNode subnet : network.get("subnets")) {
            if (subnet.get("hostId").asText().equals(hostId)) {
                hostHasSubnet = true;
                assertTrue(subnet.get("cidr").asText().matches("10\\." + second + "\\.\\d+\\.0/24"), subnet.toString());
            }
        }
        assertTrue(hostHasSubnet, network.toString());

        // a host that joins later gets its subnet too
        String later = register("node-" + UUID.randomUUID().toString().substring(0, 8)).get("hostId").asText();
        JsonNode reread = api.get("/api/v1/networks/" + name, admin).expect(200).json();
        assertTrue(reread.get("subnets").findValuesAsText("hostId").contains(later), reread.toString());

        Answer overlapping = api.post("/api/v1/networks", admin,
                Map.of("name", name + "-b", "cidr", "10." + second + ".7.0/24")).expect(409);
        assertEquals("cidr", overlapping.json().get("errors").get(0).get("field").asText());
        assertTrue(overlapping.json().get("detail").asText().contains(name), overlapping.body());

        Answer invalid = api.post("/api/v1/networks", admin, Map.of("name", name + "-c", "cidr", "10.300.0.0/16"))
                .expect(400);
        assertEquals("cidr", invalid.json().get("errors").get(0).get("field").asText());
        api.get("/api/v1/networks/" + name + "-b", admin).expect(404);
        api.get("/api/v1/networks/" + name + "-c", admin).expect(404);

        api.delete("/api/v1/networks/" + name, admin).expect(204);
        api.get("/api/v1/networks/" + name, admin).expect(404);
    }

    @Test
    void imagesAreListedWithTheHostsThatHoldThem() {
        String admin = adminToken();
        String hostname = "node-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode credential = register(hostname);
        heartbeat(credential, List.of()).expect(200);
        JsonNode images = api.get("/api/v1/images", admin).expect(200).json();
        boolean found = false;
        for (JsonNode image : images) {
            if (image.get("id").asText().equals("sha256:" + "a".repeat(64))) {
                found = image.get("hostNames").toString().contains("\"" + hostname + "\"");
            }
        }
        assertTrue(found, images.toString());
    }

    @Test
    void volumesAreCheckedAndOnlyAdminsBindMountHostDirectories() {
        String admin = adminToken();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        JsonNode created = api.post("/api/v1/containers", admin, Map.of("name", "vol-" + suffix, "image", "busybox",
                "volumes", List.of("data-" + suffix + ":/data", "/srv/www:/www:ro", "/cache"))).expect(201).json();
        JsonNode spec = api.get("/api/v1/containers/" + created.get("id").asText(), admin).expect(200).json().get("spec");
        assertEquals(List.of("data-" + suffix + ":/data", "/srv/www:/www:ro", "/cache"), toList(spec.get("volumes")));

        JsonNode bad = api.post("/api/v1/containers", admin, Map.of("image", "busybox",
                "volumes", List.of("data:relative", "a:/b:rx"))).expect(400).json();
        assertTrue(bad.toString().contains("volumes[0]") && bad.toString().contains("must be absolute"), bad.toString());
        assertTrue(bad.toString().contains("volumes[1]") && bad.toString().contains("ro or rw"), bad.toString());

        String operator = "op-" + suffix;
        api.post("/api/v1/users", admin, Map.of("username", operator, "password", "operator-password", "role", "operator"))
                .expect(201);
        String operatorToken = WharfFixtures.login(api, operator, "operator-password");
        JsonNode refused = api.post("/api/v1/containers", operatorToken, Map.of("image", "busybox",
                "volumes", List.of("/etc:/host-etc"))).expect(403).json();
        assertTrue(refused.get("detail").asText().contains("only admins may bind-mount a host directory"), refused.toString());
        api.post("/api/v1/containers", operatorToken, Map.of("name", "opvol-" + suffix, "image", "busybox",
                "volumes", List.of("mine-" + suffix + ":/data"))).expect(201);
    }

    private static List<String> toList(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** An operator's edits of a host and its containers must not fail because heartbeats land at the same time. */
    @Test
    void hostEditsSucceedWhileHeartbeatsArrive() throws Exception {
        String admin = adminToken();
        String hostname = "busy-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode credential = register(hostname);
        heartbeat(credential, List.of()).expect(200);
        String id = api.post("/api/v1/containers", admin, Map.of("name", hostname + "-c", "image", "busybox",
                "host", hostname)).expect(201).json().get("id").asText();
        java.util.concurrent.atomic.AtomicBoolean beating = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger();
        Thread heartbeats = new Thread(() -> {
            while (beating.get()) { // a daemon reporting its container, in ever new states
                heartbeat(credential, List.of(Map.of("id", id, "name", hostname + "-c", "image", "busybox",
                        "state", state.incrementAndGet() % 2 == 0 ? "running" : "exited", "generation", 1)));
            }
        });
        heartbeats.start();
        try {
            for (int i = 0; i < 15; i++) {
                Answer labelled = api.send(api.builder("/api/v1/hosts/" + hostname + "/labels", admin)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"rack\":\"r" + i + "\"}")));
                assertEquals(200, labelled.status(), labelled.body());
                assertEquals(200, api.post("/api/v1/hosts/" + hostname + "/cordon", admin, Map.of()).status());
                assertEquals(200, api.post("/api/v1/hosts/" + hostname + "/uncordon", admin, Map.of()).status());
                Answer started = api.post("/api/v1/containers/" + id + "/" + (i % 2 == 0 ? "start" : "stop"), admin, Map.of());
                assertEquals(200, started.status(), started.body());
            }
        } finally {
            beating.set(false);
            heartbeats.join();
        }
        JsonNode host = api.get("/api/v1/hosts/" + hostname, admin).expect(200).json();
        assertEquals("r14", host.get("labels").get("rack").asText());
        assertFalse(host.get("cordoned").asBoolean(), host.toString());
        assertEquals("ready", host.get("state").asText());
    }

    @Test
    void mutatingCallsLandInTheAuditLogWithTheUser() {
        String admin = adminToken();
        String name = "audit-" + UUID.randomUUID().toString().substring(0, 8);
        api.post("/api/v1/users", admin, Map.of("username", name, "password", "operator-password", "role", "operator"))
                .expect(201);
        JsonNode events = api.get("/api/v1/events?actor=admin&limit=50", admin).expect(200).json();
        boolean found = false;
        for (JsonNode e : events) {
            if (e.get("action").asText().equals("POST /api/v1/users") && e.get("result").asInt() == 201
                    && e.get("target").asText().endsWith("/api/v1/users/" + name)) {
                found = true;
                assertEquals("admin", e.get("actor").asText());
                assertNotNull(e.get("sourceAddress").asText());
            }
        }
        assertTrue(found, events.toString());
    }

    @Test
    void theDashboardAsksForALoginAndThenShowsTheOverview() throws Exception {
        Answer protectedPage = api.get("/app/overview.xhtml", null).expect(302);
        assertTrue(protectedPage.raw().headers().firstValue("Location").orElseThrow().endsWith("/login.xhtml"));

        Answer loginPage = api.get("/login.xhtml", null).expect(200);
        String html = loginPage.body();
        assertTrue(html.contains("primefaces-saga"), "PrimeFaces theme missing");
        assertTrue(html.contains("ui-panel"), "PrimeFaces panel missing");
        Matcher viewState = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"").matcher(html);
        assertTrue(viewState.find(), html);

        Properties admin = adminCredentials();
        String form = WharfFixtures.formEncode(Map.of("login", "login", "login:username", "admin",
                "login:password", admin.getProperty("WHARF_ADMIN_PASSWORD"), "login:submit", "",
                "jakarta.faces.ViewState", viewState.group(1)));
        Answer posted = api.send(HttpRequest.newBuilder(api.uri("/login.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))).expect(302);
        assertTrue(posted.raw().headers().firstValue("Location").orElseThrow().contains("/app/overview.xhtml"));

        Answer overview = api.get("/app/overview.xhtml", null).expect(200);
        // the signed-in user is shown in the navigation (markup around it is the dashboard's to change)
        assertTrue(overview.body().contains("id=\"nav:user\">admin<"), overview.body());
        assertTrue(overview.body().contains("ui-datatable"));
    }

    private static Properties adminCredentials() {
        return WharfFixtures.adminCredentials(DATA_DIR);
    }

    private static String joinToken() {
        return WharfFixtures.joinToken(DATA_DIR);
    }

    private String adminToken() {
        return login("admin", adminCredentials().getProperty("WHARF_ADMIN_PASSWORD"));
    }

    private String login(String username, String password) {
        return WharfFixtures.login(api, username, password);
    }

    private JsonNode register(String hostname) {
        return WharfFixtures.register(api, joinToken(), hostname);
    }

    private Answer heartbeat(JsonNode credential, List<Map<String, Object>> containers) {
        return WharfFixtures.heartbeat(api, credential, containers);
    }
}
