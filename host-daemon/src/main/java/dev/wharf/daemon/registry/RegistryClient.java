package dev.wharf.daemon.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * OCI distribution client shared by all pulls and pushes: picks HTTPS or plain HTTP per registry, learns each
 * registry's auth challenge with a {@code GET /v2/} ping, fetches and caches bearer tokens, and follows redirects
 * itself so that {@code Authorization} never goes to another host.
 */
public final class RegistryClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_REDIRECTS = 5;

    private final HttpClient http;
    private final Set<String> insecure;
    private final Path credentialsFile;
    private final TokenCache tokens = new TokenCache();
    private final ConcurrentHashMap<String, List<AuthChallenge>> challenges = new ConcurrentHashMap<>();

    /**
     * @param insecureRegistries {@code host[:port]} entries that may be reached over plain HTTP (loopback always may)
     * @param credentialsFile    the daemon's own credentials, in docker's config.json {@code auths} format; may not exist
     */
    public RegistryClient(List<String> insecureRegistries, Path credentialsFile) {
        this.insecure = Set.copyOf(insecureRegistries.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
        this.credentialsFile = credentialsFile;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** True if {@code host[:port]} is reached over plain HTTP: loopback, or listed with --insecure-registry. */
    public boolean isInsecure(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        String bare = h.startsWith("[") ? h.substring(1, Math.max(1, h.indexOf(']'))) : h.contains(":") ? h.substring(0, h.lastIndexOf(':')) : h;
        if (bare.equals("localhost") || bare.startsWith("127.") || bare.equals("::1")) {
            return true;
        }
        return insecure.contains(h) || insecure.contains(bare);
    }

    public URI baseUri(String host) {
        return URI.create((isInsecure(host) ? "http://" : "https://") + host);
    }

    /** A session for one repository; {@code auth} null means the daemon's credentials file, or anonymous. */
    public RegistrySession session(String host, String repository, RegistryAuth auth, boolean push) {
        RegistryAuth effective = auth != null && !auth.isEmpty() ? auth : storedCredentials(host).orElse(null);
        return new RegistrySession(this, host, baseUri(host), repository, effective, push);
    }

    /** Checks credentials against a registry, as {@code docker login} asks the daemon to ({@code POST /auth}). */
    public void login(String host, RegistryAuth auth) throws IOException {
        URI base = baseUri(host);
        HttpResponse<InputStream> r = send(new Req("GET", base.resolve("/v2/")), null);
        r.body().close();
        if (r.statusCode() == 200) {
            return;
        }
        if (r.statusCode() != 401) {
            throw new RegistryException(r.statusCode(), "login attempt to " + base + "/v2/ failed with status: " + r.statusCode());
        }
        List<AuthChallenge> cs = AuthChallenge.parse(r.headers().firstValue("WWW-Authenticate").orElse(""));
        challenges.put(base.toString(), cs);
        String header = authorization(base, cs, auth, null, true);
        HttpResponse<InputStream> again = send(new Req("GET", base.resolve("/v2/")), header);
        again.body().close();
        if (again.statusCode() != 200) {
            throw new RegistryException(401, "login attempt to " + base + "/v2/ failed with status: " + again.statusCode()
                    + " Unauthorized");
        }
    }

    /** Credentials for {@code host} from the daemon's credentials file, if it names the host. */
    public Optional<RegistryAuth> storedCredentials(String host) {
        if (credentialsFile == null || !Files.isRegularFile(credentialsFile)) {
            return Optional.empty();
        }
        try {
            JsonNode auths = JSON.readTree(credentialsFile.toFile()).path("auths");
            for (String key : List.of(host, "https://" + host, "http://" + host,
                    host.equals("registry-1.docker.io") ? "https://index.docker.io/v1/" : host)) {
                JsonNode e = auths.get(key);
                if (e == null) {
                    continue;
                }
                if (e.hasNonNull("auth")) {
                    String up = new String(Base64.getDecoder().decode(e.get("auth").asText()), StandardCharsets.UTF_8);
                    int colon = up.indexOf(':');
                    if (colon > 0) {
                        return Optional.of(RegistryAuth.basic(up.substring(0, colon), up.substring(colon + 1)));
                    }
                }
                if (e.hasNonNull("username")) {
                    return Optional.of(RegistryAuth.basic(e.get("username").asText(), e.path("password").asText()));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the registry credentials file " + credentialsFile + ": "
                    + e.getMessage());
        }
        return Optional.empty();
    }

    /** The challenges of a registry, from a {@code GET /v2/} ping the first time. */
    List<AuthChallenge> challenges(URI base) throws IOException {
        List<AuthChallenge> known = challenges.get(base.toString());
        if (known != null) {
            return known;
        }
        HttpResponse<InputStream> r = send(new Req("GET", base.resolve("/v2/")), null);
        r.body().close();
        List<AuthChallenge> cs = r.statusCode() == 401
                ? AuthChallenge.parse(r.headers().firstValue("WWW-Authenticate").orElse(""))
                : List.of();
        challenges.put(base.toString(), cs);
        return cs;
    }

    void forgetChallenges(URI base, List<AuthChallenge> fresh) {
        challenges.put(base.toString(), fresh);
    }

    /**
     * The {@code Authorization} value for a repository scope under the given challenges: Basic credentials, a
     * (cached) bearer token, or null when the registry wants none.
     */
    String authorization(URI base, List<AuthChallenge> cs, RegistryAuth auth, String scope, boolean fresh) throws IOException {
        for (AuthChallenge c : cs) {
            if (c.scheme().equals("bearer") && c.param("realm") != null) {
                return "Bearer " + token(c, auth, scope, fresh);
            }
        }
        for (AuthChallenge c : cs) {
            if (c.scheme().equals("basic")) {
                return auth != null ? auth.basicHeader() : null;
            }
        }
        return null;
    }

    private String token(AuthChallenge c, RegistryAuth auth, String scope, boolean fresh) throws IOException {
        String realm = c.param("realm");
        String service = c.param("service");
        // keyed by a fingerprint of the whole credential: another password must not reuse the token
        String key = TokenCache.key(realm, service, scope, auth == null ? null
                : dev.wharf.model.image.Digest.sha256((auth.username() + "\0" + auth.password() + "\0" + auth.identityToken())
                        .getBytes(StandardCharsets.UTF_8)).encoded());
        if (!fresh) {
            Optional<String> cached = tokens.get(key);
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        Map<String, String> q = new LinkedHashMap<>();
        if (service != null) {
            q.put("service", service);
        }
        if (scope != null) {
            q.put("scope", scope);
        }
        HttpResponse<InputStream> r;
        if (auth != null && auth.identityToken() != null && !auth.identityToken().isEmpty()) {
            q.put("grant_type", "refresh_token");
            q.put("refresh_token", auth.identityToken());
            q.put("client_id", "wharf");
            Req req = new Req("POST", URI.create(realm));
            req.headers.put("Content-Type", "application/x-www-form-urlencoded");
            byte[] form = form(q).getBytes(StandardCharsets.UTF_8);
            req.body = () -> HttpRequest.BodyPublishers.ofByteArray(form);
            r = send(req, null);
        } else {
            String sep = realm.contains("?") ? "&" : "?";
            r = send(new Req("GET", URI.create(realm + (q.isEmpty() ? "" : sep + form(q)))),
                    auth != null ? auth.basicHeader() : null);
        }
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readNBytes(1 << 20);
        }
        if (r.statusCode() != 200) {
            throw new RegistryException(401, "unauthorized: the token server " + realm + " refused "
                    + (auth == null ? "anonymous access" : "the credentials of " + auth.username()) + " ("
                    + r.statusCode() + errorDetail(body) + ")");
        }
        JsonNode n = JSON.readTree(body);
        String token = n.hasNonNull("token") ? n.get("token").asText() : n.path("access_token").asText(null);
        if (token == null || token.isEmpty()) {
            throw new RegistryException(401, "the token server " + realm + " returned no token");
        }
        Instant issued = null;
        if (n.hasNonNull("issued_at")) {
            try {
                issued = Instant.parse(n.get("issued_at").asText());
            } catch (RuntimeException ignored) {
                // a malformed issued_at only costs us the early expiry
            }
        }
        tokens.put(key, token, n.path("expires_in").asLong(0), issued);
        return token;
    }

    /** A request that can be sent again (after a redirect or a 401). */
    static final class Req {
        final String method;
        final URI uri;
        final Map<String, String> headers = new LinkedHashMap<>();
        Supplier<HttpRequest.BodyPublisher> body;
        Duration timeout = HEADERS_TIMEOUT;

        Req(String method, URI uri) {
            this.method = method;
            this.uri = uri;
        }
    }

    /**
     * Sends a request with an optional {@code Authorization}, following redirects; the header is dropped as soon
     * as a redirect leaves the original host and port.
     */
    HttpResponse<InputStream> send(Req req, String authorization) throws IOException {
        URI uri = req.uri;
        String method = req.method;
        String auth = authorization;
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(req.timeout);
            req.headers.forEach(b::header);
            if (auth != null) {
                b.header("Authorization", auth);
            }
            b.method(method, req.body != null && !method.equals("GET") && !method.equals("HEAD")
                    ? req.body.get() : HttpRequest.BodyPublishers.noBody());
            HttpResponse<InputStream> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (ConnectException e) {
                throw new RegistryException("cannot reach the registry at " + uri.getAuthority() + ": connection refused", e);
            } catch (IOException e) {
                throw new RegistryException("error talking to the registry at " + uri.getAuthority() + ": "
                        + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            int s = r.statusCode();
            Optional<String> location = r.headers().firstValue("Location");
            boolean redirect = (s == 301 || s == 302 || s == 303 || s == 307 || s == 308) && location.isPresent();
            // 201/202 carry a Location too (uploads): those are answers, not redirects
            if (!redirect) {
                return r;
            }
            r.body().close();
            if (hop >= MAX_REDIRECTS) {
                throw new RegistryException(s, "too many redirects from " + req.uri);
            }
            URI next = uri.resolve(location.get());
            if (!sameOrigin(uri, next)) {
                auth = null;
            }
            if (s == 303) {
                method = "GET";
            }
            uri = next;
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    static String form(Map<String, String> q) {
        List<String> parts = new ArrayList<>();
        q.forEach((k, v) -> parts.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return String.join("&", parts);
    }

    /** ": CODE message" from a registry's {@code {"errors":[...]}} body, or "". */
    static String errorDetail(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode errs = n == null ? null : n.get("errors");
            if (errs != null && errs.isArray() && errs.size() > 0) {
                JsonNode e = errs.get(0);
                String code = e.path("code").asText("").toLowerCase(Locale.ROOT);
                String msg = e.path("message").asText("");
                return ": " + (code.isEmpty() ? "" : code + ": ") + msg;
            }
            if (n != null && n.hasNonNull("details")) {
                return ": " + n.get("details").asText();
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON
        }
        return "";
    }

    static String header(HttpHeaders h, String name) {
        return h.firstValue(name).orElse(null);
    }
}
