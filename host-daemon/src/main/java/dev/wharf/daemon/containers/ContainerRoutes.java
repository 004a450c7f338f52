package dev.wharf.daemon.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wharf.daemon.api.ApiException;
import dev.wharf.daemon.api.ApiExchange;
import dev.wharf.daemon.api.Filters;
import dev.wharf.daemon.api.Router;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The container endpoints of the Docker Engine API (what {@code docker run/ps/logs/stop/rm/...} call). */
final class ContainerRoutes {
    private final Containers ctx;

    ContainerRoutes(Containers ctx) {
        this.ctx = ctx;
    }

    void register(Router r) {
        r.post("/containers/create", this::create);
        r.get("/containers/json", this::list);
        r.post("/containers/prune", this::prune);
        r.get("/containers/{id}/json", ex -> {
            Container c = get(ex);
            Map<String, Object> m = ContainerViews.inspect(c, ctx.networking, ctx.snapshots.lowerDirs(c.id()));
            m.put("Mounts", ctx.mounts.inspect(c));
            ex.json(200, m);
        });
        r.post("/containers/{id}/start", ex -> {
            ctx.start(get(ex));
            ex.noContent();
        });
        r.post("/containers/{id}/stop", ex -> {
            ctx.lifecycle.stop(get(ex), timeout(ex));
            ex.noContent();
        });
        r.post("/containers/{id}/restart", ex -> {
            ctx.lifecycle.restart(get(ex), timeout(ex));
            ex.noContent();
        });
        r.post("/containers/{id}/kill", ex -> {
            ctx.lifecycle.kill(get(ex), ex.query("signal"));
            ex.noContent();
        });
        r.post("/containers/{id}/pause", ex -> {
            ctx.lifecycle.pause(get(ex));
            ex.noContent();
        });
        r.post("/containers/{id}/unpause", ex -> {
            ctx.lifecycle.unpause(get(ex));
            ex.noContent();
        });
        r.post("/containers/{id}/rename", ex -> {
            ctx.lifecycle.rename(get(ex), ex.query("name"));
            ex.noContent();
        });
        r.post("/containers/{id}/resize", ex -> {
            Integer h = ex.queryInt("h");
            Integer w = ex.queryInt("w");
            ctx.lifecycle.resize(get(ex), h == null ? 0 : h, w == null ? 0 : w);
            ex.respond(200, "text/plain", new byte[0]);
        });
        r.post("/containers/{id}/wait", this::waitFor);
        r.post("/containers/{id}/attach", ex -> AttachSession.serve(ctx, get(ex), ex));
        r.get("/containers/{id}/logs", ex -> ContainerLogs.serve(ctx, get(ex), ex));
        r.delete("/containers/{id}", ex -> {
            Container c = get(ex);
            ctx.exits.remove(c, ex.queryBool("force", false));
            if (ex.queryBool("v", false)) {
                ctx.mounts.removeAnonymousVolumes(c);
            }
            ex.noContent();
        });
    }

    private Container get(ApiExchange ex) {
        return ctx.store.get(ex.param("id"));
    }

    private static Integer timeout(ApiExchange ex) {
        return ex.queryInt("t") != null ? ex.queryInt("t") : ex.queryInt("timeout");
    }

    private void create(ApiExchange ex) throws IOException {
        JsonNode body = ex.bodyJsonTree();
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("Config cannot be empty in order to create a container");
        }
        Container c = ctx.create(ex.query("name"), (ObjectNode) body);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", c.id());
        out.put("Warnings", List.of());
        ex.json(201, out);
    }

    private void waitFor(ApiExchange ex) throws IOException, InterruptedException {
        Container c = get(ex);
        Future<Integer> f = ctx.lifecycle.waitFor(c, ex.query("condition"));
        // headers now: docker run waits for them before it starts the container
        try (OutputStream out = ex.stream(200, "application/json")) {
            int code;
            try {
                code = awaitWhileOpen(ex, f);
            } catch (ExecutionException e) {
                code = -1;
            } catch (TimeoutException e) {
                return; // the client went away: free the worker, nobody reads the answer
            }
            // Error is for a failure of the wait itself; a failed start was already reported by the start call
            String err = code < 0 ? "{\"Message\":\"the wait was interrupted\"}" : "null";
            out.write(("{\"Error\":" + err + ",\"StatusCode\":" + code + "}\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Waits for {@code f} as long as the client is connected; TimeoutException when it disconnected. */
    private static int awaitWhileOpen(ApiExchange ex, Future<Integer> f)
            throws InterruptedException, ExecutionException, TimeoutException {
        while (true) {
            try {
                return f.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                if (!ex.isOpen()) {
                    throw e;
                }
            }
        }
    }

    private void list(ApiExchange ex) throws IOException {
        boolean all = ex.queryBool("all", false);
        Integer limit = ex.queryInt("limit");
        Filters f = Filters.parse(ex.query("filters"))
                .allow("id", "name", "label", "status", "exited", "ancestor", "before", "since", "network", "volume", "health", "is-task");
        Instant before = f.has("before") ? ctx.store.get(f.get("before").iterator().next()).created() : null;
        Instant since = f.has("since") ? ctx.store.get(f.get("since").iterator().next()).created() : null;
        List<Object> out = new ArrayList<>();
        for (Container c : ctx.store.all()) {
            ContainerState s = c.state();
            boolean showAll = all || f.has("status") || f.has("exited") || (limit != null && limit > 0) || before != null || since != null;
            if (!showAll && !s.isRunning() && s.status() != ContainerState.Status.RESTARTING) {
                continue;
            }
            if (!f.matchAny("id", v -> c.id().startsWith(v))
                    || !f.matchAny("name", v -> nameMatches(c.name(), v))
                    || !f.matchAny("status", v -> v.equals(s.status().api()))
                    || !f.matchAny("exited", v -> s.status() == ContainerState.Status.EXITED && v.equals(Integer.toString(s.exitCode())))
                    || !f.matchAny("ancestor", v -> v.equals(c.image()) || c.imageId().contains(v))
                    || (f.has("label") && !f.get("label").stream().allMatch(v -> ContainerViews.labelsMatch(c.config().path("Labels"), v)))
                    || (before != null && !c.created().isBefore(before))
                    || (since != null && !c.created().isAfter(since))) {
                continue;
            }
            out.add(ContainerViews.summary(c, ctx.networking));
            if (limit != null && limit > 0 && out.size() >= limit) {
                break;
            }
        }
        ex.json(200, out);
    }

    private void prune(ApiExchange ex) throws IOException, InterruptedException {
        Filters f = Filters.parse(ex.query("filters")).allow("until", "label", "label!");
        Instant until = f.has("until") ? ContainerLogs.time(f.get("until").iterator().next(), "until") : null;
        List<String> deleted = new ArrayList<>();
        for (Container c : ctx.store.all()) {
            ContainerState.Status s = c.state().status();
            if (s != ContainerState.Status.EXITED && s != ContainerState.Status.CREATED && s != ContainerState.Status.DEAD) {
                continue;
            }
            if ((until != null && !c.created().isBefore(until))
                    || (f.has("label") && !f.get("label").stream().allMatch(v -> ContainerViews.labelsMatch(c.config().path("Labels"), v)))
                    || (f.has("label!") && f.get("label!").stream().anyMatch(v -> ContainerViews.labelsMatch(c.config().path("Labels"), v)))) {
                continue;
            }
            ctx.exits.remove(c, false);
            deleted.add(c.id());
        }
        ctx.events.publish("container", "prune", "", Map.of("reclaimed", "0"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ContainersDeleted", deleted.isEmpty() ? null : deleted);
        out.put("SpaceReclaimed", 0);
        ex.json(200, out);
    }

    /**
     * Docker's name filter: the value is a regular expression, searched (not anchored) in the name, which Docker
     * writes with a leading slash; both {@code ^web$} and {@code ^/web$} find container {@code web}.
     */
    static boolean nameMatches(String name, String filter) {
        java.util.regex.Pattern p;
        try {
            p = java.util.regex.Pattern.compile(filter);
        } catch (java.util.regex.PatternSyntaxException e) {
            return name.contains(filter);
        }
        return p.matcher(name).find() || p.matcher("/" + name).find();
    }
}
