package dev.wharf.daemon.exec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wharf.daemon.api.ApiExchange;
import dev.wharf.daemon.api.Router;
import dev.wharf.daemon.containers.Container;
import java.io.IOException;
import java.util.Map;

/** The exec endpoints: {@code docker exec [-d] [-i] [-t]}. */
public final class ExecRoutes {
    private final ExecService service;
    private final dev.wharf.daemon.containers.ContainerStore containers;

    public ExecRoutes(ExecService service, dev.wharf.daemon.containers.ContainerStore containers) {
        this.service = service;
        this.containers = containers;
    }

    public void register(Router r) {
        r.post("/containers/{id}/exec", this::create);
        r.post("/exec/{id}/start", this::start);
        r.post("/exec/{id}/resize", ex -> {
            ExecInstance e = service.get(ex.param("id"));
            Integer h = ex.queryInt("h");
            Integer w = ex.queryInt("w");
            service.resize(e, h == null ? 0 : h, w == null ? 0 : w);
            ex.respond(200, "text/plain", new byte[0]);
        });
        r.get("/exec/{id}/json", ex -> ex.json(200, service.get(ex.param("id")).toApi()));
    }

    private void create(ApiExchange ex) throws IOException {
        Container c = containers.get(ex.param("id"));
        ExecConfig cfg = ExecConfig.from(ex.bodyJsonTree());
        ExecInstance e = service.create(c, cfg);
        ex.json(201, Map.of("Id", e.id));
    }

    private void start(ApiExchange ex) throws IOException {
        ExecInstance e = service.get(ex.param("id"));
        JsonNode body = ex.bodyJsonTree();
        boolean detach = body != null && body.path("Detach").asBoolean(false);
        JsonNode size = body == null ? null : body.path("ConsoleSize");
        if (size != null && size.isArray() && size.size() == 2 && size.get(0).asInt() > 0) {
            e.size(size.get(0).asInt(), size.get(1).asInt());
        }
        service.start(e, ex, detach);
    }
}
