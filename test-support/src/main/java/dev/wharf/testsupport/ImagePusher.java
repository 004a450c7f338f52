package dev.wharf.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.wharf.model.image.Digest;

/**
 * Pushes blobs, manifests and whole images to a registry over the OCI distribution API (plain HTTP), with
 * Basic credentials when given. Blobs the repository already holds (HEAD 200) are not uploaded again, so
 * pushing the same image twice is cheap. Low-level methods push bytes as given, so tests can push
 * manifests that lie.
 */
public final class ImagePusher {

    private final String address;
    private final URI base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** Pushes to {@code registry}, with its htpasswd credentials if it has them. */
    public ImagePusher(RegistryServer registry) {
        this(registry.address(), registry.username(), registry.password());
    }

    /**
     * @param address  {@code host:port} of a plain-HTTP registry
     * @param username null for anonymous
     * @param password null for anonymous
     */
    public ImagePusher(String address, String username, String password) {
        this.address = address;
        this.base = URI.create("http://" + address);
        this.authorization = username == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public String address() {
        return address;
    }

    /** Pushes config, layers and the manifest in {@code format}, tagged {@code tag}. */
    public PushedImage push(String repository, String tag, TestImage image, ImageFormat format) {
        Digest digest = pushContent(repository, tag, image, format);
        return new PushedImage(address, repository, tag, format.manifestType(), digest, image.manifest(format), image);
    }

    /**
     * Pushes each platform's image by digest, then an index ({@code format.indexType()}: OCI index or Docker
     * manifest list) that lists them, tagged {@code tag}.
     */
    public PushedIndex pushIndex(String repository, String tag, ImageFormat format, List<PlatformImage> platforms) {
        ObjectNode index = Json.object();
        index.put("schemaVersion", 2);
        index.put("mediaType", format.indexType());
        ArrayNode manifests = index.putArray("manifests");
        List<PushedIndex.Platformed> pushed = new ArrayList<>();
        for (PlatformImage p : platforms) {
            byte[] manifest = p.image().manifest(format);
            Digest digest = pushContent(repository, null, p.image(), format);
            ObjectNode entry = Json.descriptor(format.manifestType(), digest, manifest.length);
            ObjectNode platform = entry.putObject("platform");
            platform.put("architecture", p.architecture());
            platform.put("os", p.os());
            if (p.variant() != null) {
                platform.put("variant", p.variant());
            }
            manifests.add(entry);
            pushed.add(new PushedIndex.Platformed(p, new PushedImage(address, repository, digest.toString(),
                    format.manifestType(), digest, manifest, p.image())));
        }
        byte[] bytes = Json.bytes(index);
        Digest digest = pushManifest(repository, tag, format.indexType(), bytes);
        return new PushedIndex(address, repository, tag, format.indexType(), digest, bytes, pushed);
    }

    private Digest pushContent(String repository, String tag, TestImage image, ImageFormat format) {
        for (Layer layer : image.layers()) {
            pushBlob(repository, layer.digest(), layer.gzip());
        }
        pushBlob(repository, image.configDigest(), image.config());
        byte[] manifest = image.manifest(format);
        Digest digest = Digest.sha256(manifest);
        return pushManifest(repository, tag == null ? digest.toString() : tag, format.manifestType(), manifest);
    }

    /** Uploads {@code bytes} (unless present) and returns their digest. */
    public Digest pushBlob(String repository, byte[] bytes) {
        Digest digest = Digest.sha256(bytes);
        pushBlob(repository, digest, bytes);
        return digest;
    }

    /**
     * Uploads {@code bytes} under the claimed {@code digest}, unless the repository has that digest already.
     * The registry checks the digest itself, so a false claim fails with {@link RegistryHttpException}.
     */
    public void pushBlob(String repository, Digest digest, byte[] bytes) {
        if (blobExists(repository, digest)) {
            return;
        }
        HttpResponse<String> start = send(request(blobUploads(repository))
                .POST(HttpRequest.BodyPublishers.noBody()), "start upload to " + repository);
        expect(start, 202, "start upload to " + repository);
        String location = start.headers().firstValue("Location")
                .orElseThrow(() -> new RegistryHttpException("upload start without Location", 202, start.body()));
        URI upload = base.resolve(location);
        String sep = upload.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(upload + sep + "digest=" + digest);
        HttpResponse<String> done = send(request(put)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)), "upload blob " + digest);
        expect(done, 201, "upload blob " + digest + " to " + repository);
    }

    /** HEAD {@code /v2/<repo>/blobs/<digest>}: true on 200, false on 404. */
    public boolean blobExists(String repository, Digest digest) {
        HttpResponse<String> r = send(request(base.resolve("/v2/" + repository + "/blobs/" + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), "HEAD blob " + digest);
        if (r.statusCode() == 200) {
            return true;
        }
        if (r.statusCode() == 404) {
            return false;
        }
        throw new RegistryHttpException("HEAD blob " + digest + " in " + repository, r.statusCode(), r.body());
    }

    /**
     * PUTs manifest (or index) bytes as given under {@code reference} (a tag or a digest) and returns their
     * sha256 digest, checked against the registry's {@code Docker-Content-Digest}.
     */
    public Digest pushManifest(String repository, String reference, String mediaType, byte[] manifest) {
        String what = "PUT manifest " + repository + ":" + reference;
        HttpResponse<String> r = send(request(base.resolve("/v2/" + repository + "/manifests/" + reference))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)), what);
        expect(r, 201, what);
        Digest digest = Digest.sha256(manifest);
        r.headers().firstValue("Docker-Content-Digest").ifPresent(header -> {
            if (!header.equals(digest.toString())) {
                throw new IllegalStateException(what + ": registry says " + header + ", bytes hash to " + digest);
            }
        });
        return digest;
    }

    private URI blobUploads(String repository) {
        return base.resolve("/v2/" + repository + "/blobs/uploads/");
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String what) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(what + " at " + address + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    private static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new RegistryHttpException(what, r.statusCode(), r.body());
        }
    }
}
