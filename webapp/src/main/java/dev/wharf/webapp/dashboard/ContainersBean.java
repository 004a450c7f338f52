package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.ContainerListing;
import dev.wharf.controlplane.application.ContainerService;
import dev.wharf.controlplane.application.HostService;
import dev.wharf.controlplane.application.NetworkService;
import dev.wharf.controlplane.domain.container.Container;
import dev.wharf.controlplane.domain.host.HostState;
import dev.wharf.controlplane.domain.network.Network;
import jakarta.annotation.PostConstruct;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The containers of all hosts in one lazy table, with bulk start/stop/remove and the create dialog. Every
 * change goes through {@link ContainerService}, like the REST API, via {@link DashboardActions}.
 */
@Named
@ViewScoped
public class ContainersBean implements Serializable {

    /** The state words the state filter offers. */
    public static final List<String> STATES = List.of("pending", "created", "running", "exited", "paused",
            "restarting", "dead", "absent", "removing");

    @Inject
    ContainerListing listing;

    @Inject
    ContainerService containers;

    @Inject
    HostService hosts;

    @Inject
    NetworkService networks;

    @Inject
    DashboardActions actions;

    @Inject
    CurrentUser user;

    private ContainerLazyModel model;
    private List<ContainerRow> selected = new ArrayList<>();
    private ContainerCreateForm form = new ContainerCreateForm();
    private List<String> readyHosts;
    private List<String> networkNames;

    @PostConstruct
    void init() {
        model = new ContainerLazyModel(listing);
    }

    public ContainerLazyModel getModel() { return model; }
    public List<ContainerRow> getSelected() { return selected; }
    public void setSelected(List<ContainerRow> selected) { this.selected = selected == null ? new ArrayList<>() : selected; }
    public ContainerCreateForm getForm() { return form; }
    public List<String> getStates() { return STATES; }

    /** Names of the hosts that can take a new container; read when the dialog opens, not on every render. */
    public List<String> getReadyHosts() {
        if (readyHosts == null) {
            readyHosts = hosts.list().stream().filter(h -> h.host().state() == HostState.READY)
                    .map(h -> h.host().name()).toList();
        }
        return readyHosts;
    }

    public List<String> getNetworkNames() {
        if (networkNames == null) {
            networkNames = networks.list().stream().map(Network::name).toList();
        }
        return networkNames;
    }

    public void newForm() {
        form = new ContainerCreateForm();
        readyHosts = null;
        networkNames = null;
    }

    public void create() {
        actions.call("create container", form.getName() == null ? form.getImage() : form.getName(),
                DashboardActions.CHANGERS, () -> containers.create(form.toRequest(), user.require(
                        DashboardActions.CHANGERS)), null).ifPresent(c -> {
                            DashboardActions.message(FacesMessage.SEVERITY_INFO, "Created container '" + c.name() + "'",
                                    "on its host; it shows here as pending until the host reports it");
                            form = new ContainerCreateForm();
                        });
    }

    public void startSelected() {
        bulk("start", containers::start);
    }

    public void stopSelected() {
        bulk("stop", containers::stop);
    }

    public void removeSelected() {
        bulk("remove", containers::remove);
    }

    public void start(ContainerRow row) {
        one("start", row, containers::start);
    }

    public void stop(ContainerRow row) {
        one("stop", row, containers::stop);
    }

    public void remove(ContainerRow row) {
        one("remove", row, containers::remove);
    }

    private void one(String verb, ContainerRow row, Function<String, Container> change) {
        actions.run(verb + " container", row.getName(), DashboardActions.CHANGERS, () -> change.apply(row.getId()),
                capital(verb) + " requested for '" + row.getName() + "'");
    }

    private void bulk(String verb, Function<String, Container> change) {
        if (selected.isEmpty()) {
            DashboardActions.message(FacesMessage.SEVERITY_WARN, "Select containers first", null);
            return;
        }
        int done = 0;
        for (ContainerRow row : selected) {
            if (actions.run(verb + " container", row.getName(), DashboardActions.CHANGERS,
                    () -> change.apply(row.getId()), null)) {
                done++;
            }
        }
        if (done > 0) {
            DashboardActions.message(FacesMessage.SEVERITY_INFO,
                    capital(verb) + " requested for " + done + " of " + selected.size() + " container(s)", null);
        }
        selected = new ArrayList<>();
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
