package dev.wharf.daemon.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wharf.model.image.Digest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against small real HTTP servers playing registry, token server and blob storage. */
class RegistryClientTest {
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private HttpServer server() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.start();
        servers.add(s);
        return s;
    }

    private static String addr(HttpServer s) {
        return "127.0.0.1:" + s.getAddress().getPort();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    @Test
    void fetchesABearerTokenWithBasicCredentialsAndCachesIt() throws IOException {
        HttpServer auth = server();
        HttpServer registry = server();
        AtomicInteger tokenRequests = new AtomicInteger();
        List<String> tokenQueries = new CopyOnWriteArrayList<>();
        auth.createContext("/token", ex -> {
            tokenRequests.incrementAndGet();
            tokenQueries.add(ex.getRequestURI().getRawQuery());
            String basic = ex.getRequestHeaders().getFirst("Authorization");
            if (!RegistryAuth.basic("alice", "secret").basicHeader().equals(basic)) {
                send(ex, 401, "{\"details\":\"bad credentials\"}");
                return;
            }
            send(ex, 200, "{\"token\":\"T1\",\"expires_in\":300}");
        });
        String challenge = "Bearer realm=\"http://" + addr(auth) + "/token\",service=\"test-registry\"";
        registry.createContext("/v2/", ex -> {
            ex.getResponseHeaders().add("WWW-Authenticate", challenge);
            if (!"Bearer T1".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
                return;
            }
            ex.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
            send(ex, 200, "{\"schemaVersion\":2}");
        });
        RegistryClient client = new RegistryClient(List.of(), null);
        RegistryAuth creds = RegistryAuth.basic("alice", "secret");
        for (int i = 0; i < 3; i++) {
            RegistrySession s = client.session(addr(registry), "team/app", creds, false);
            assertArrayEquals("{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8), s.manifest("latest").bytes());
        }
        assertEquals(1, tokenRequests.get(), "the token is cached until it expires");
        assertEquals("service=test-registry&scope=repository%3Ateam%2Fapp%3Apull", tokenQueries.get(0));

        RegistryException e = assertThrows(RegistryException.class, () ->
                client.session(addr(registry), "team/app", RegistryAuth.basic("alice", "wrong"), false).manifest("latest"));
        assertTrue(e.getMessage().contains("refused the credentials of alice"), e.getMessage());
    }

    @Test
    void neverSendsAuthorizationAcrossARedirectToAnotherHost() throws IOException {
        HttpServer storage = server();
        HttpServer registry = server();
        List<String> storageAuth = new CopyOnWriteArrayList<>();
        storage.createContext("/blob", ex -> {
            String a = ex.getRequestHeaders().getFirst("Authorization");
            storageAuth.add(a == null ? "none" : a);
            send(ex, 200, "blob-bytes");
        });
        Digest d = Digest.sha256("blob-bytes".getBytes(StandardCharsets.UTF_8));
        List<String> registryAuth = new CopyOnWriteArrayList<>();
        registry.createContext("/v2/", ex -> {
            String a = ex.getRequestHeaders().getFirst("Authorization");
            if (a == null) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
                send(ex, 401, "");
                return;
            }
            registryAuth.add(a);
            ex.getResponseHeaders().add("Location", "http://" + addr(storage) + "/blob?sig=1");
            send(ex, 307, "");
        });
        RegistryClient client = new RegistryClient(List.of(), null);
        RegistrySession s = client.session(addr(registry), "app", RegistryAuth.basic("u", "p"), false);
        RegistrySession.Blob b = s.blob(d, 0);
        assertEquals("blob-bytes", new String(b.body().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(List.of(RegistryAuth.basic("u", "p").basicHeader()), registryAuth, "the registry got the credentials");
        assertEquals(List.of("none"), storageAuth, "the other host did not");
    }

    @Test
    void plainHttpOnlyForLoopbackAndListedRegistries() {
        RegistryClient client = new RegistryClient(List.of("reg.internal:5000", "10.1.2.3"), null);
        assertTrue(client.isInsecure("127.0.0.1:5000"));
        assertTrue(client.isInsecure("localhost:5000"));
        assertTrue(client.isInsecure("[::1]:5000"));
        assertTrue(client.isInsecure("reg.internal:5000"));
        assertTrue(client.isInsecure("10.1.2.3:443"));
        assertFalse(client.isInsecure("reg.internal:6000"));
        assertFalse(client.isInsecure("registry-1.docker.io"));
        assertEquals("https://registry-1.docker.io", client.baseUri("registry-1.docker.io").toString());
        assertEquals("http://127.0.0.1:5000", client.baseUri("127.0.0.1:5000").toString());
    }

    @Test
    void readsTheDaemonCredentialsFile() throws IOException {
        Path f = tmp.resolve("registry-auth.json");
        Files.writeString(f, "{\"auths\":{\"reg.example:5000\":{\"auth\":\"dTpwOng=\"},"
                + "\"https://index.docker.io/v1/\":{\"username\":\"hub\",\"password\":\"pw\"}}}");
        RegistryClient client = new RegistryClient(List.of(), f);
        RegistryAuth a = client.storedCredentials("reg.example:5000").orElseThrow();
        assertEquals("u", a.username());
        assertEquals("p:x", a.password());
        assertEquals("hub", client.storedCredentials("registry-1.docker.io").orElseThrow().username());
        assertTrue(client.storedCredentials("other:1").isEmpty());
        assertNull(RegistryAuth.fromHeader(""));
    }
}
