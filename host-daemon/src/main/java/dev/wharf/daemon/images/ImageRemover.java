package dev.wharf.daemon.images;

import dev.wharf.daemon.api.ApiException;
import dev.wharf.model.image.Digest;
import dev.wharf.model.image.ImageReference;
import dev.wharf.model.image.InvalidReferenceException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code docker rmi} and {@code docker image prune}, with dockerd's rules: removing a name only untags while
 * other names remain; the last name, or the ID, deletes the image and the layers nothing else uses; an image a
 * container uses needs {@code force}, and one a running container uses cannot be deleted at all.
 */
final class ImageRemover {
    private static final String RUNNING = "running:";
    private final ImageStore store;

    ImageRemover(ImageStore store) {
        this.store = store;
    }

    /** {@code DELETE /images/{name}}: the Untagged/Deleted records, in dockerd's order. */
    List<Map<String, String>> remove(String name, boolean force) throws IOException {
        synchronized (store) {
            Image img = store.find(name).orElseThrow(() -> ApiException.notFound("No such image: " + name));
            List<Map<String, String>> records = new ArrayList<>();
            Optional<String> user = store.usedBy(img.id());
            String canonical = namedRef(name, img.id());
            if (canonical != null) {
                List<String> refs = store.refsOf(img.id());
                if (refs.size() == 1 && user.isPresent() && !force) {
                    throw ApiException.conflict("conflict: unable to remove repository reference \"" + name
                            + "\" (must force) - container " + shortContainer(user.get()) + " is using its referenced image "
                            + img.shortId());
                }
                store.removeRef(canonical);
                records.add(record("Untagged", familiar(canonical)));
                ImageReference removed = ImageReference.parse(canonical);
                List<String> left = store.refsOf(img.id());
                boolean sameRepoTagLeft = left.stream().map(ImageReference::parse)
                        .anyMatch(r -> r.digest() == null && r.name().equals(removed.name()));
                if (removed.digest() == null && !sameRepoTagLeft) {
                    for (String r : left) {
                        ImageReference rr = ImageReference.parse(r);
                        if (rr.digest() != null && rr.name().equals(removed.name())) {
                            store.removeRef(r);
                            records.add(record("Untagged", familiar(r)));
                        }
                    }
                }
                if (!store.refsOf(img.id()).isEmpty()) {
                    store.publish("untag", img.id().toString(), familiar(canonical));
                    return records;
                }
                if (user.isPresent() && user.get().startsWith(RUNNING)) {
                    return records; // the running container keeps the (now untagged) image
                }
            } else {
                if (user.isPresent() && user.get().startsWith(RUNNING)) {
                    throw ApiException.conflict("conflict: unable to delete " + img.shortId()
                            + " (cannot be forced) - image is being used by running container " + shortContainer(user.get()));
                }
                if (user.isPresent() && !force) {
                    throw ApiException.conflict("conflict: unable to delete " + img.shortId()
                            + " (must be forced) - image is being used by stopped container " + shortContainer(user.get()));
                }
                List<String> refs = store.refsOf(img.id());
                long repos = refs.stream().map(r -> ImageReference.parse(r).name()).distinct().count();
                if (repos > 1 && !force) {
                    throw ApiException.conflict("conflict: unable to delete " + img.shortId()
                            + " (must be forced) - image is referenced in multiple repositories");
                }
                for (String r : refs) {
                    store.removeRef(r);
                    records.add(record("Untagged", familiar(r)));
                }
            }
            records.addAll(delete(img.id(), user.isPresent()));
            store.sweepHidden();
            return records;
        }
    }

    /** Deletes an untagged image; one a container still uses is only hidden, its layers stay for the container. */
    private List<Map<String, String>> delete(Digest id, boolean inUse) throws IOException {
        List<Map<String, String>> records = new ArrayList<>();
        records.add(record("Deleted", id.toString()));
        if (inUse) {
            store.meta(id).ifPresent(m -> {
                try {
                    store.updateMeta(m.withHidden(true));
                } catch (IOException e) {
                    throw ImageStore.unchecked(e);
                }
            });
        } else {
            for (Digest chain : store.deleteImage(id)) {
                records.add(record("Deleted", chain.toString()));
            }
        }
        store.publish("delete", id.toString(), null);
        return records;
    }

    /** {@code POST /images/prune}: untagged images (or all unused ones) that no container uses. */
    Map<String, Object> prune(boolean danglingOnly, Predicate<Image> filter) throws IOException {
        List<Map<String, String>> records = new ArrayList<>();
        long reclaimed = 0;
        synchronized (store) {
            long before = store.layersSize();
            for (Image img : store.list()) {
                if (danglingOnly && !img.repoTags().isEmpty() || !filter.test(img) || store.usedBy(img.id()).isPresent()) {
                    continue;
                }
                for (String r : store.refsOf(img.id())) {
                    store.removeRef(r);
                    records.add(record("Untagged", familiar(r)));
                }
                records.addAll(delete(img.id(), false));
            }
            store.sweepHidden();
            reclaimed = Math.max(0, before - store.layersSize());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ImagesDeleted", records.isEmpty() ? null : records);
        out.put("SpaceReclaimed", reclaimed);
        return out;
    }

    /** The canonical reference {@code name} names, or null if it names the image by ID. */
    private String namedRef(String name, Digest id) {
        if (name.startsWith("sha256:") || id.encoded().startsWith(name) && !store.refsSnapshot().containsKey(canonicalOrNull(name))) {
            return null;
        }
        String c = canonicalOrNull(name);
        return c != null && store.refsSnapshot().containsKey(c) ? c : null;
    }

    private static String canonicalOrNull(String name) {
        try {
            return ImageStore.canonical(ImageReference.parse(name));
        } catch (InvalidReferenceException e) {
            return null;
        }
    }

    static String familiar(String canonical) {
        ImageReference r = ImageReference.parse(canonical);
        return r.familiarString();
    }

    private static String shortContainer(String user) {
        String id = user.startsWith(RUNNING) ? user.substring(RUNNING.length()) : user;
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static Map<String, String> record(String key, String value) {
        return Map.of(key, value);
    }
}
