package dev.wharf.daemon.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.api.ApiExchange;
import dev.wharf.daemon.api.Filters;
import dev.wharf.daemon.api.Router;
import dev.wharf.daemon.events.EventBus;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The volume endpoints ({@code docker volume create/ls/inspect/rm/prune}) and the volumes of {@code system df}. */
public final class VolumeRoutes {
    private final VolumeService service;
    private final VolumeStore store;
    private final EventBus events;

    public VolumeRoutes(VolumeService service, EventBus events) {
        this.service = service;
        this.store = service.store();
        this.events = events;
    }

    public void register(Router r) {
        r.post("/volumes/create", this::create);
        r.get("/volumes", this::list);
        r.post("/volumes/prune", this::prune);
        r.get("/volumes/{name}", ex -> ex.json(200, view(store.get(ex.param("name")))));
        r.delete("/volumes/{name}", ex -> {
            service.remove(ex.param("name"), ex.queryBool("force", false));
            ex.noContent();
        });
    }

    private void create(ApiExchange ex) throws IOException {
        JsonNode body = ex.bodyJsonTree();
        String name = body == null ? "" : body.path("Name").asText("");
        String driver = body == null ? "" : body.path("Driver").asText("");
        if (!driver.isEmpty() && !driver.equals("local")) {
            throw ApiException.notFound("plugin \"" + driver + "\" not found");
        }
        if (body != null && body.path("DriverOpts").isObject() && !body.path("DriverOpts").isEmpty()) {
            throw ApiException.badRequest("volume driver options are not supported by Wharf's local driver");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (body != null && body.path("Labels").isObject()) {
            body.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        }
        VolumeStore.Created c = store.create(name.isEmpty() ? VolumeStore.newAnonymousName() : name, labels, false);
        if (c.isNew()) {
            events.publish("volume", "create", c.volume().name(), Map.of("driver", "local"));
        }
        ex.json(201, view(c.volume()));
    }

    private void list(ApiExchange ex) throws IOException {
        Filters f = Filters.parse(ex.query("filters")).allow("dangling", "driver", "label", "name");
        List<Object> out = new ArrayList<>();
        for (Volume v : store.all()) {
            boolean dangling = service.usedBy(v.name()).isEmpty();
            if (!f.matchAny("name", n -> v.name().contains(n))
                    || !f.matchAny("driver", d -> d.equals("local"))
                    || !f.matchAny("dangling", d -> (d.equals("true") || d.equals("1")) == dangling)
                    || (f.has("label") && !f.get("label").stream().allMatch(l -> labelMatches(v, l)))) {
                continue;
            }
            out.add(view(v));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Volumes", out);
        m.put("Warnings", null);
        ex.json(200, m);
    }

    /** Unused volumes; API 1.42+ prunes only anonymous ones unless the filter {@code all=true} is given. */
    private void prune(ApiExchange ex) throws IOException {
        Filters f = Filters.parse(ex.query("filters")).allow("label", "label!", "all");
        boolean all = f.has("all") && f.get("all").stream().anyMatch(v -> v.equals("true") || v.equals("1"))
                || ApiVersionCompare.below(ex.apiVersion(), "1.42");
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (Volume v : store.all()) {
            if ((!all && !v.anonymous()) || !service.usedBy(v.name()).isEmpty()
                    || (f.has("label") && !f.get("label").stream().allMatch(l -> labelMatches(v, l)))
                    || (f.has("label!") && f.get("label!").stream().anyMatch(l -> labelMatches(v, l)))) {
                continue;
            }
            long size = VolumeStore.size(v);
            try {
                service.remove(v.name(), true);
            } catch (ApiException e) {
                continue; // taken into use meanwhile
            }
            deleted.add(v.name());
            reclaimed += Math.max(0, size);
        }
        events.publish("volume", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("VolumesDeleted", deleted.isEmpty() ? null : deleted);
        m.put("SpaceReclaimed", reclaimed);
        ex.json(200, m);
    }

    /** The {@code Volumes} part of {@code GET /system/df}, with sizes and reference counts. */
    public List<Object> diskUsage() {
        List<Object> out = new ArrayList<>();
        for (Volume v : store.all()) {
            Map<String, Object> m = view(v);
            m.put("UsageData", Map.of("Size", VolumeStore.size(v), "RefCount", service.usedBy(v.name()).size()));
            out.add(m);
        }
        return out;
    }

    private static boolean labelMatches(Volume v, String filter) {
        int eq = filter.indexOf('=');
        String k = eq < 0 ? filter : filter.substring(0, eq);
        return v.labels().containsKey(k) && (eq < 0 || v.labels().get(k).equals(filter.substring(eq + 1)));
    }

    static Map<String, Object> view(Volume v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("CreatedAt", v.createdAt().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("Driver", "local");
        m.put("Labels", v.anonymous() && v.labels().isEmpty() ? null : v.labels());
        m.put("Mountpoint", v.mountpoint().toString());
        m.put("Name", v.name());
        m.put("Options", v.options().isEmpty() ? null : v.options());
        m.put("Scope", "local");
        return m;
    }

    /** Compares {@code 1.NN} API versions. */
    static final class ApiVersionCompare {
        private ApiVersionCompare() {
        }

        static boolean below(String version, String than) {
            String[] a = version.split("\\.");
            String[] b = than.split("\\.");
            for (int i = 0; i < Math.max(a.length, b.length); i++) {
                int x = i < a.length ? Integer.parseInt(a[i]) : 0;
                int y = i < b.length ? Integer.parseInt(b[i]) : 0;
                if (x != y) {
                    return x < y;
                }
            }
            return false;
        }
    }
}
