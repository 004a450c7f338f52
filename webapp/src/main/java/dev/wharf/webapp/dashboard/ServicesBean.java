package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.CreateContainer;
import dev.wharf.controlplane.application.HostService;
import dev.wharf.controlplane.application.scheduling.ServiceService;
import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.shared.FieldError;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import dev.wharf.model.agent.ContainerSpec;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Replicated services (Swarm/Nomad style): the table with running/desired replicas and rollout state, scale,
 * remove, a create dialog, and each service's replicas with their hosts.
 */
@Named
@ViewScoped
public class ServicesBean implements Serializable {

    /** One replica as the expansion shows it. */
    public record ReplicaRow(String name, String host, String desired, String observed, String ip) implements Serializable {
    }

    /** A service as the table shows it. */
    public record ServiceRow(String id, String name, String image, int desired, long running, String update,
                             String updateMessage, String createdBy, List<ReplicaRow> replicas) implements Serializable {
    }

    @Inject
    ServiceService services;

    @Inject
    HostService hosts;

    @Inject
    CurrentUser user;

    @Inject
    DashboardActions actions;

    private List<ServiceRow> rows;
    private final ContainerCreateForm form = new ContainerCreateForm();

    {
        form.setRestartPolicy("always"); // replicas are kept running and move when their host is lost
    }
    private Integer replicas = 1;
    private Integer maxPerHost;
    private String scaleService;
    private Integer scaleTo;

    @PostConstruct
    void load() {
        rows = actions.read("list services", null, () -> {
            Map<String, String> hostNames = hosts.list().stream()
                    .collect(Collectors.toMap(h -> h.host().id(), h -> h.host().name(), (a, b) -> a));
            List<ServiceRow> out = new ArrayList<>();
            for (ServiceService.ServiceStatus s : services.list()) {
                List<ReplicaRow> replicaRows = new ArrayList<>();
                for (Container c : s.replicas()) {
                    replicaRows.add(new ReplicaRow(c.name(), c.hostId() == null ? "pending"
                            : hostNames.getOrDefault(c.hostId(), c.hostId()), c.desiredState().apiName(),
                            c.observedState() == null ? "–" : c.observedState(), c.ipAddress()));
                }
                out.add(new ServiceRow(s.service().id(), s.service().name(), s.service().spec().image(),
                        s.service().replicas(), s.running(), s.service().updateState().name().toLowerCase(),
                        s.service().updateMessage(), s.service().createdBy(), replicaRows));
            }
            return out;
        }).orElse(List.of());
    }

    public void refresh() {
        load();
    }

    public List<ServiceRow> getRows() { return rows; }

    /** Creates the service from the dialog; the scheduler places its replicas. */
    public void create() {
        String name = form.getName();
        actions.call("create service", name, DashboardActions.CHANGERS, () -> {
            CreateContainer r = form.toRequest();
            if (r.host() != null) {
                throw new InvalidInputException(List.of(new FieldError("host",
                        "a service's replicas are placed by the scheduler; use constraints instead")));
            }
            ContainerSpec spec = new ContainerSpec(r.image(), r.command(), r.env(), r.labels(), r.cpus(),
                    r.memoryBytes(), r.ports(), r.constraints(), null, maxPerHost, r.restartPolicy(), r.network(),
                    r.volumes());
            return services.create(name, replicas, spec, null, user.require(DashboardActions.CHANGERS));
        }, "Created service '" + name + "'").ifPresent(s -> load());
    }

    /** Opens the scale dialog for one service. */
    public void prepareScale(ServiceRow row) {
        scaleService = row.name();
        scaleTo = row.desired();
    }

    public void scale() {
        if (actions.run("scale service", scaleService, DashboardActions.CHANGERS,
                () -> services.scale(scaleService, scaleTo), "Scaling '" + scaleService + "' to " + scaleTo)) {
            load();
        }
    }

    public void remove(ServiceRow row) {
        if (actions.run("remove service", row.name(), DashboardActions.CHANGERS, () -> services.remove(row.id()),
                "Removed service '" + row.name() + "' and its replicas")) {
            load();
        }
    }

    public ContainerCreateForm getForm() { return form; }
    public Integer getReplicas() { return replicas; }
    public void setReplicas(Integer replicas) { this.replicas = replicas; }
    public Integer getMaxPerHost() { return maxPerHost; }
    public void setMaxPerHost(Integer maxPerHost) { this.maxPerHost = maxPerHost; }
    public String getScaleService() { return scaleService; }
    public Integer getScaleTo() { return scaleTo; }
    public void setScaleTo(Integer scaleTo) { this.scaleTo = scaleTo; }
}
