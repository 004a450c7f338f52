package dev.wharf.daemon.registry;

import dev.wharf.model.image.Digest;
import dev.wharf.model.image.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * Talks to one repository of one registry with one set of credentials: manifests, blobs (with {@code Range}),
 * existence checks, cross-repository mounts, uploads. Authorization is negotiated on first use and renewed
 * once when the registry answers 401 (an expired token).
 */
public final class RegistrySession {
    private final RegistryClient client;
    private final String host;
    private final URI base;
    private final String repository;
    private final RegistryAuth auth;
    private final String scope;
    private volatile String authorization;
    private volatile boolean authorized;

    RegistrySession(RegistryClient client, String host, URI base, String repository, RegistryAuth auth, boolean push) {
        this.client = client;
        this.host = host;
        this.base = base;
        this.repository = repository;
        this.auth = auth;
        this.scope = "repository:" + repository + ":" + (push ? "pull,push" : "pull");
    }

    public String host() {
        return host;
    }

    public String repository() {
        return repository;
    }

    /** A manifest or index as fetched: exact bytes, the media type the registry declared, its digest header. */
    public record FetchedManifest(byte[] bytes, String mediaType, String digestHeader) {
    }

    /** A blob body; {@code partial} when the registry honoured a Range request (206). */
    public record Blob(InputStream body, long length, boolean partial) {
    }

    /** GET a manifest by tag or digest, with an Accept listing every manifest and index type we read. */
    public FetchedManifest manifest(String reference) throws IOException {
        RegistryClient.Req req = new RegistryClient.Req("GET", uri("/manifests/" + reference));
        req.headers.put("Accept", MediaTypes.MANIFEST_ACCEPT);
        HttpResponse<InputStream> r = send(req);
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readNBytes(4 << 20);
        }
        if (r.statusCode() != 200) {
            throw failure(r.statusCode(), body, "manifest for " + host + "/" + repository + ":" + reference);
        }
        String type = r.headers().firstValue("Content-Type").orElse("");
        return new FetchedManifest(body, type, r.headers().firstValue("Docker-Content-Digest").orElse(null));
    }

    /** Opens a blob from {@code offset} (a Range request when above 0). */
    public Blob blob(Digest digest, long offset) throws IOException {
        RegistryClient.Req req = new RegistryClient.Req("GET", uri("/blobs/" + digest));
        if (offset > 0) {
            req.headers.put("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> r = send(req);
        int s = r.statusCode();
        if (s != 200 && s != 206) {
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readNBytes(1 << 16);
            }
            throw failure(s, body, "blob " + digest);
        }
        OptionalLong len = r.headers().firstValueAsLong("Content-Length");
        return new Blob(r.body(), len.orElse(-1), s == 206);
    }

    /** HEAD a blob: true if the repository has it. */
    public boolean hasBlob(Digest digest) throws IOException {
        HttpResponse<InputStream> r = send(new RegistryClient.Req("HEAD", uri("/blobs/" + digest)));
        r.body().close();
        if (r.statusCode() == 200) {
            return true;
        }
        if (r.statusCode() == 404) {
            return false;
        }
        throw failure(r.statusCode(), new byte[0], "blob " + digest);
    }

    /** Tries a cross-repository mount from {@code fromRepository} of the same registry; true if it happened. */
    public boolean mount(Digest digest, String fromRepository) throws IOException {
        RegistryClient.Req req = new RegistryClient.Req("POST", uri("/blobs/uploads/?mount="
                + enc(digest.toString()) + "&from=" + enc(fromRepository)));
        req.body = HttpRequest.BodyPublishers::noBody;
        HttpResponse<InputStream> r = send(req);
        r.body().close();
        return r.statusCode() == 201;
    }

    /** Uploads a blob monolithically (POST to start, PUT with the digest). */
    public void upload(Digest digest, long size, java.util.function.Supplier<HttpRequest.BodyPublisher> body) throws IOException {
        RegistryClient.Req start = new RegistryClient.Req("POST", uri("/blobs/uploads/"));
        start.body = HttpRequest.BodyPublishers::noBody;
        HttpResponse<InputStream> r = send(start);
        byte[] err;
        try (InputStream in = r.body()) {
            err = in.readNBytes(1 << 16);
        }
        if (r.statusCode() != 202) {
            throw failure(r.statusCode(), err, "blob upload to " + repository);
        }
        String location = r.headers().firstValue("Location")
                .orElseThrow(() -> new RegistryException(502, "the registry started an upload without a Location"));
        URI upload = base.resolve(location);
        String sep = upload.getRawQuery() == null ? "?" : "&";
        RegistryClient.Req put = new RegistryClient.Req("PUT", URI.create(upload + sep + "digest=" + enc(digest.toString())));
        put.headers.put("Content-Type", "application/octet-stream");
        put.body = body;
        put.timeout = Duration.ofMinutes(30);
        HttpResponse<InputStream> done = send(put);
        try (InputStream in = done.body()) {
            err = in.readNBytes(1 << 16);
        }
        if (done.statusCode() != 201) {
            throw failure(done.statusCode(), err, "blob " + digest + " upload");
        }
    }

    public void upload(Digest digest, Path file) throws IOException {
        upload(digest, java.nio.file.Files.size(file), () -> {
            try {
                return HttpRequest.BodyPublishers.ofFile(file);
            } catch (java.io.FileNotFoundException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** PUTs a manifest under a tag or digest. */
    public void putManifest(String reference, String mediaType, byte[] bytes) throws IOException {
        RegistryClient.Req req = new RegistryClient.Req("PUT", uri("/manifests/" + reference));
        req.headers.put("Content-Type", mediaType);
        req.body = () -> HttpRequest.BodyPublishers.ofByteArray(bytes);
        HttpResponse<InputStream> r = send(req);
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readNBytes(1 << 16);
        }
        if (r.statusCode() != 201) {
            throw failure(r.statusCode(), body, "manifest " + repository + ":" + reference);
        }
    }

    private HttpResponse<InputStream> send(RegistryClient.Req req) throws IOException {
        if (!authorized) {
            synchronized (this) {
                if (!authorized) {
                    authorization = client.authorization(base, client.challenges(base), auth, scope, false);
                    authorized = true;
                }
            }
        }
        HttpResponse<InputStream> r = client.send(req, authorization);
        if (r.statusCode() == 401) {
            // an expired token, or a registry whose challenge changed: learn it again and retry once
            List<AuthChallenge> cs = AuthChallenge.parse(r.headers().firstValue("WWW-Authenticate").orElse(""));
            r.body().close();
            if (cs.isEmpty()) {
                cs = client.challenges(base);
            } else {
                client.forgetChallenges(base, cs);
            }
            String fresh = client.authorization(base, cs, auth, scope, true);
            if (fresh == null || fresh.equals(authorization) && fresh.startsWith("Basic")) {
                return reopen401(req, fresh);
            }
            authorization = fresh;
            r = client.send(req, authorization);
        }
        return r;
    }

    private HttpResponse<InputStream> reopen401(RegistryClient.Req req, String header) throws IOException {
        return client.send(req, header);
    }

    private RegistryException failure(int status, byte[] body, String what) {
        String detail = RegistryClient.errorDetail(body);
        String name = host + "/" + repository;
        if (status == 401) {
            return new RegistryException(401, auth == null
                    ? "pull access denied for " + name + ": unauthorized: authentication required (run docker login "
                    + host + ")" + detail
                    : "unauthorized: the registry " + host + " refused the credentials of " + auth.username() + detail);
        }
        if (status == 403) {
            return new RegistryException(403, "denied: requested access to " + name + " is denied" + detail);
        }
        if (status == 404) {
            return new RegistryException(404, what + " not found" + (detail.isEmpty() ? "" : detail));
        }
        return new RegistryException(status, "the registry " + host + " answered " + status + " for " + what + detail);
    }

    private URI uri(String suffix) {
        return base.resolve("/v2/" + repository + suffix);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
