package dev.wharf.daemon.images;

import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.api.ApiExchange;
import dev.wharf.daemon.api.Filters;
import dev.wharf.daemon.api.Router;
import dev.wharf.daemon.content.DigestMismatchException;
import dev.wharf.daemon.layers.LayerFormatException;
import dev.wharf.daemon.registry.RegistryAuth;
import dev.wharf.daemon.registry.RegistryException;
import dev.wharf.model.image.Digest;
import dev.wharf.model.image.ImageReference;
import dev.wharf.model.image.InvalidDigestException;
import dev.wharf.model.image.InvalidReferenceException;
import dev.wharf.model.oci.Platform;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The image endpoints of the Docker Engine API: pull ({@code POST /images/create}), list, inspect, history,
 * tag, remove, push, save, load, prune, {@code docker login} ({@code POST /auth}) and {@code GET /system/df}.
 */
public final class ImageRoutes {
    private static final Logger LOG = Logger.getLogger(ImageRoutes.class.getName());
    private final ImageStore store;
    private final ImageRemover remover;

    public ImageRoutes(ImageStore store) {
        this.store = store;
        this.remover = new ImageRemover(store);
    }

    public void register(Router r) {
        r.post("/images/create", this::create);
        r.get("/images/json", this::list);
        r.get("/images/get", ex -> save(ex, ex.queryAll("names")));
        r.post("/images/load", ex -> new ImageLoader(store).load(ex));
        r.post("/images/prune", this::prune);
        r.get("/images/{name*}/json", ex -> ex.json(200, ImageViews.inspect(store, image(ex.param("name")))));
        r.get("/images/{name*}/history", ex -> ex.json(200, ImageViews.history(store, image(ex.param("name")))));
        r.get("/images/{name*}/get", ex -> save(ex, List.of(ex.param("name"))));
        r.post("/images/{name*}/tag", this::tag);
        r.post("/images/{name*}/push", this::push);
        r.delete("/images/{name*}", ex -> ex.json(200, remover.remove(ex.param("name"), ex.queryBool("force", false))));
        r.post("/auth", this::login);
        r.get("/system/df", this::diskUsage);
    }

    private Image image(String name) {
        return store.find(name).orElseThrow(() -> ApiException.notFound("No such image: " + displayName(name)));
    }

    private static String displayName(String name) {
        try {
            ImageReference r = ImageReference.parse(name);
            return r.digest() != null ? r.familiarString() : r.withDefaultTag().familiarString();
        } catch (InvalidReferenceException e) {
            return name;
        }
    }

    private void create(ApiExchange ex) throws IOException {
        if (ex.query("fromSrc") != null) {
            throw ApiException.badRequest("importing a root filesystem tarball (docker import) is not supported; use docker load");
        }
        String from = ex.query("fromImage");
        if (from == null || from.isBlank()) {
            throw ApiException.badRequest("fromImage is required: the image to pull");
        }
        ImageReference ref;
        Platform platform;
        RegistryAuth auth;
        try {
            ref = ImageReference.parse(from);
            String tag = ex.query("tag");
            if (tag != null && !tag.isEmpty() && ref.digest() == null) {
                ref = tag.contains(":") ? ref.nameOnly().withDigest(Digest.parse(tag)) : ref.nameOnly().withTag(tag);
            }
            String p = ex.query("platform");
            platform = p == null || p.isBlank() ? null : Platform.parse(p);
            auth = RegistryAuth.fromHeader(ex.header("X-Registry-Auth"));
        } catch (InvalidReferenceException | InvalidDigestException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ProgressStream progress = new ProgressStream(ex);
        try {
            store.pull(ref, auth, platform, progress);
            progress.finish();
        } catch (IOException | RuntimeException e) {
            fail(progress, e, "pull " + ref.familiarString());
        }
    }

    /** Before the stream began: a proper HTTP error; after: errorDetail, as dockerd does. */
    private static void fail(ProgressStream progress, Exception e, String what) {
        String msg = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        if (!(e instanceof RegistryException || e instanceof DigestMismatchException || e instanceof LayerFormatException
                || e instanceof ApiException)) {
            LOG.log(Level.WARNING, what + " failed", e);
        }
        if (!progress.started()) {
            if (e instanceof ApiException a) {
                throw a;
            }
            int status = e instanceof RegistryException r && r.isNotFound() ? 404 : 500;
            throw new ApiException(status, msg, e);
        }
        progress.error(msg);
    }

    private void list(ApiExchange ex) throws IOException {
        Filters f = Filters.parse(ex.query("filters")).allow("dangling", "reference", "label", "before", "since", "until");
        Boolean dangling = null;
        if (f.has("dangling")) {
            String v = f.get("dangling").iterator().next();
            dangling = v.equals("1") || v.equalsIgnoreCase("true");
        }
        Long before = f.has("before") ? createdOf(f.get("before").iterator().next()) : null;
        Long since = f.has("since") ? createdOf(f.get("since").iterator().next()) : null;
        List<Pattern> patterns = f.get("reference").stream().map(ImageRoutes::glob).toList();
        List<Object> out = new ArrayList<>();
        for (Image img : store.list()) {
            if (dangling != null && dangling != img.repoTags().isEmpty()) {
                continue;
            }
            if (!f.matchLabels("label", img.config().config() == null ? null : img.config().config().labels())) {
                continue;
            }
            long created = img.created().getEpochSecond();
            if (before != null && created >= before || since != null && created <= since) {
                continue;
            }
            List<String> tags = img.repoTags();
            List<String> digests = img.repoDigests();
            if (!patterns.isEmpty()) {
                // as dockerd: only the names that match are listed, and an image with none is left out
                tags = tags.stream().filter(t -> matches(patterns, t)).toList();
                digests = digests.stream().filter(d -> matches(patterns, d)).toList();
                if (tags.isEmpty() && digests.isEmpty()) {
                    continue;
                }
            }
            out.add(ImageViews.summary(img, tags, digests, store.usedBy(img.id()).isPresent() ? 1 : 0));
        }
        ex.json(200, out);
    }

    private Long createdOf(String name) {
        return image(name).created().getEpochSecond();
    }

    /** Go's path.Match over a familiar reference: {@code *} does not cross {@code /}. */
    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = pattern.indexOf(']', i + 1);
                    if (end < 0) {
                        re.append("\\[");
                    } else {
                        String set = pattern.substring(i + 1, end);
                        re.append('[').append(set.startsWith("^") ? "^" + Pattern.quote(set.substring(1)) : set.replace("\\", "\\\\")).append(']');
                        i = end;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** Docker's FamiliarMatch: the pattern may match the name with its tag, or the name alone. */
    private static boolean matches(List<Pattern> patterns, String familiar) {
        int at = familiar.indexOf('@');
        int colon = familiar.lastIndexOf(':');
        String nameOnly = at >= 0 ? familiar.substring(0, at) : colon > familiar.lastIndexOf('/') ? familiar.substring(0, colon) : familiar;
        return patterns.stream().anyMatch(p -> p.matcher(familiar).matches() || p.matcher(nameOnly).matches());
    }

    private void tag(ApiExchange ex) throws IOException {
        Image img = image(ex.param("name"));
        String repo = ex.query("repo");
        String tag = ex.query("tag");
        if (repo == null || repo.isBlank()) {
            throw ApiException.badRequest("repository name must have at least one component");
        }
        ImageReference ref;
        try {
            ref = ImageReference.parse(repo);
            if (ref.digest() != null) {
                throw ApiException.badRequest("refusing to create a tag with a digest reference");
            }
            ref = tag == null || tag.isEmpty() ? ref.withDefaultTag() : ref.withTag(tag);
        } catch (InvalidReferenceException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        store.tag(img, ref);
        ex.respond(201, null, new byte[0]);
    }

    private void push(ApiExchange ex) throws IOException {
        ImageReference ref;
        RegistryAuth auth;
        try {
            ref = ImageReference.parse(ex.param("name"));
            String tag = ex.query("tag");
            if (tag != null && !tag.isEmpty()) {
                ref = ref.nameOnly().withTag(tag);
            }
            auth = RegistryAuth.fromHeader(ex.header("X-Registry-Auth"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        List<ImageReference> targets = new ArrayList<>();
        if (ref.tag() != null) {
            image(ref.familiarString());
            targets.add(ref);
        } else {
            for (String r : store.refsSnapshot().keySet()) {
                ImageReference rr = ImageReference.parse(r);
                if (rr.tag() != null && rr.name().equals(ref.name())) {
                    targets.add(rr);
                }
            }
            if (targets.isEmpty()) {
                throw ApiException.notFound("An image does not exist locally with the tag: " + ref.familiarName());
            }
        }
        ProgressStream progress = new ProgressStream(ex);
        ImagePusher pusher = new ImagePusher(store);
        for (ImageReference t : targets) {
            try {
                pusher.push(t, auth, progress);
            } catch (IOException | RuntimeException e) {
                fail(progress, e, "push " + t.familiarString());
                return;
            }
        }
        progress.finish();
    }

    private void save(ApiExchange ex, List<String> names) throws IOException {
        if (names.isEmpty()) {
            throw ApiException.badRequest("no images named: pass names=IMAGE");
        }
        List<ImageArchiveWriter.Named> images = new ArrayList<>();
        for (String n : names) {
            Image img = image(n);
            String tag = null;
            try {
                ImageReference r = ImageReference.parse(n);
                if (r.digest() == null && store.find(n).isPresent() && !n.equals(img.id().toString())
                        && !img.id().encoded().startsWith(n)) {
                    tag = r.withDefaultTag().familiarString();
                }
            } catch (InvalidReferenceException e) {
                // an ID
            }
            images.add(new ImageArchiveWriter.Named(img, tag));
        }
        OutputStream out = new BufferedOutputStream(ex.stream(200, "application/x-tar"), 1 << 16);
        new ImageArchiveWriter(store).write(images, out);
        out.close();
        for (ImageArchiveWriter.Named n : images) {
            store.publish("save", n.image().id().toString(), n.tag());
        }
    }

    private void prune(ApiExchange ex) throws IOException {
        Filters f = Filters.parse(ex.query("filters")).allow("dangling", "label", "until");
        boolean danglingOnly = true;
        if (f.has("dangling")) {
            String v = f.get("dangling").iterator().next();
            danglingOnly = v.equals("1") || v.equalsIgnoreCase("true");
        }
        Predicate<Image> filter = img -> f.matchLabels("label", img.config().config() == null ? null
                : img.config().config().labels());
        ex.json(200, remover.prune(danglingOnly, filter));
    }

    private void login(ApiExchange ex) throws IOException {
        var body = ex.bodyJsonTree();
        if (body == null) {
            throw ApiException.badRequest("login needs a JSON body with username, password and serveraddress");
        }
        String server = body.path("serveraddress").asText("");
        String host = registryHost(server);
        RegistryAuth auth = new RegistryAuth(body.path("username").asText(null), body.path("password").asText(null),
                body.path("identitytoken").asText(null), server);
        try {
            store.registry().login(host, auth);
        } catch (RegistryException e) {
            throw new ApiException(e.isUnauthorized() ? 401 : 500, e.getMessage(), e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("IdentityToken", "");
        out.put("Status", "Login Succeeded");
        ex.json(200, out);
    }

    /** The registry host of a {@code docker login} server address ({@code https://index.docker.io/v1/} is Hub). */
    static String registryHost(String server) {
        String s = server == null || server.isBlank() ? "https://index.docker.io/v1/" : server.trim();
        s = s.replaceFirst("^https?://", "");
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        if (s.equals("index.docker.io") || s.equals("docker.io")) {
            return ImageReference.DOCKER_HUB_REGISTRY;
        }
        return s;
    }

    private void diskUsage(ApiExchange ex) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("LayersSize", store.layersSize());
        List<Object> images = new ArrayList<>();
        for (Image img : store.list()) {
            images.add(ImageViews.summary(img, img.repoTags(), img.repoDigests(), store.usedBy(img.id()).isPresent() ? 1 : 0));
        }
        out.put("Images", images);
        out.put("Containers", List.of());
        out.put("Volumes", List.of());
        out.put("BuildCache", List.of());
        store.diskUsageParts().forEach((k, v) -> out.put(k, v.get()));
        ex.json(200, out);
    }
}
