package dev.wharf.daemon.images;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.wharf.daemon.layers.LayerInfo;
import dev.wharf.model.image.Digest;
import dev.wharf.model.oci.ContainerConfig;
import dev.wharf.model.oci.History;
import dev.wharf.model.oci.ImageConfig;
import dev.wharf.model.oci.OciJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes dockerd answers for images: inspect, list summary, history. */
final class ImageViews {
    private ImageViews() {
    }

    /** {@code GET /images/{name}/json}. */
    static Map<String, Object> inspect(ImageStore store, Image img) {
        ImageConfig c = img.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", img.id().toString());
        m.put("RepoTags", img.repoTags());
        m.put("RepoDigests", img.repoDigests());
        m.put("Parent", "");
        m.put("Comment", comment(c));
        m.put("Created", img.created().toString());
        m.put("Container", "");
        m.put("ContainerConfig", containerConfig(null));
        m.put("DockerVersion", "");
        m.put("Author", c.author() == null ? "" : c.author());
        m.put("Config", containerConfig(c.config()));
        m.put("Architecture", c.architecture() == null ? "" : c.architecture());
        if (c.variant() != null && !c.variant().isEmpty()) {
            m.put("Variant", c.variant());
        }
        m.put("Os", c.os() == null ? "" : c.os());
        m.put("Size", img.size());
        m.put("VirtualSize", img.size());
        List<Path> dirs = new ArrayList<>(store.layerDirs(img));
        Collections.reverse(dirs);
        Map<String, Object> gd = new LinkedHashMap<>();
        Map<String, String> data = new LinkedHashMap<>();
        if (!dirs.isEmpty()) {
            data.put("MergedDir", "");
            data.put("UpperDir", dirs.get(0).toString());
            if (dirs.size() > 1) {
                data.put("LowerDir", String.join(":", dirs.subList(1, dirs.size()).stream().map(Path::toString).toList()));
            }
            data.put("WorkDir", "");
        }
        gd.put("Data", data);
        gd.put("Name", "overlay2");
        m.put("GraphDriver", gd);
        m.put("RootFS", Map.of("Type", "layers", "Layers", img.diffIds().stream().map(Digest::toString).toList()));
        m.put("Metadata", Map.of("LastTagTime", "0001-01-01T00:00:00Z"));
        return m;
    }

    /** Docker's container.Config with every field, filled from the image config's {@code config}. */
    static Map<String, Object> containerConfig(ContainerConfig cc) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Hostname", "");
        m.put("Domainname", "");
        m.put("User", "");
        m.put("AttachStdin", false);
        m.put("AttachStdout", false);
        m.put("AttachStderr", false);
        m.put("Tty", false);
        m.put("OpenStdin", false);
        m.put("StdinOnce", false);
        m.put("Env", null);
        m.put("Cmd", null);
        m.put("Image", "");
        m.put("Volumes", null);
        m.put("WorkingDir", "");
        m.put("Entrypoint", null);
        m.put("OnBuild", null);
        m.put("Labels", null);
        if (cc != null) {
            Map<String, Object> given = OciJson.mapper().convertValue(cc, new TypeReference<Map<String, Object>>() { });
            m.putAll(given);
        }
        return m;
    }

    /** One {@code GET /images/json} entry. */
    static Map<String, Object> summary(Image img, List<String> tags, List<String> digests, int containers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Containers", containers);
        m.put("Created", img.created().getEpochSecond());
        m.put("Id", img.id().toString());
        ContainerConfig cc = img.config().config();
        m.put("Labels", cc == null || cc.labels() == null ? Map.of() : cc.labels());
        m.put("ParentId", "");
        m.put("RepoDigests", digests);
        m.put("RepoTags", tags);
        m.put("SharedSize", -1);
        m.put("Size", img.size());
        m.put("VirtualSize", img.size());
        return m;
    }

    /** {@code GET /images/{name}/history}: newest step first; layer steps carry their layer's size. */
    static List<Map<String, Object>> history(ImageStore store, Image img) {
        List<History> hs = img.config().history() == null ? List.of() : img.config().history();
        List<Digest> chains = ImageStore.chainIds(img);
        List<Map<String, Object>> out = new ArrayList<>();
        int layer = 0;
        for (History h : hs) {
            long size = 0;
            if (h.madeLayer() && layer < chains.size()) {
                size = store.layers().info(chains.get(layer)).map(LayerInfo::size).orElse(0L);
                layer++;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Comment", h.comment() == null ? "" : h.comment());
            m.put("Created", h.created() == null ? 0 : h.created().getEpochSecond());
            m.put("CreatedBy", h.createdBy() == null ? "" : h.createdBy());
            m.put("Id", "<missing>");
            m.put("Size", size);
            m.put("Tags", null);
            out.add(m);
        }
        // layers the history does not describe (images built without history)
        for (; layer < chains.size(); layer++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Comment", "");
            m.put("Created", img.created().getEpochSecond());
            m.put("CreatedBy", "");
            m.put("Id", "<missing>");
            m.put("Size", store.layers().info(chains.get(layer)).map(LayerInfo::size).orElse(0L));
            m.put("Tags", null);
            out.add(m);
        }
        Collections.reverse(out);
        if (out.isEmpty()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Comment", "");
            m.put("Created", img.created().getEpochSecond());
            m.put("CreatedBy", "");
            m.put("Size", 0);
            out.add(m);
        }
        out.get(0).put("Id", img.id().toString());
        out.get(0).put("Tags", img.repoTags().isEmpty() ? null : img.repoTags());
        return out;
    }

    private static String comment(ImageConfig c) {
        List<History> hs = c.history();
        if (hs == null || hs.isEmpty()) {
            return "";
        }
        String s = hs.get(hs.size() - 1).comment();
        return s == null ? "" : s;
    }
}
