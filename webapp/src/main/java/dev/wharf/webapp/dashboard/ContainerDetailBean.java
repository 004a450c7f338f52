package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.ContainerListing;
import dev.wharf.controlplane.application.ContainerService;
import dev.wharf.controlplane.domain.container.Container;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.function.Function;

/** One container: what was asked (spec, desired state) next to what its host reports, and its actions. */
@Named
@ViewScoped
public class ContainerDetailBean implements Serializable {

    @Inject
    ContainerListing listing;

    @Inject
    ContainerService containers;

    @Inject
    DashboardActions actions;

    private String id;
    private ContainerRow row;
    private long generation;
    private long observedGeneration;

    /** Called by the page's view action once the {@code id} parameter is set. */
    public void load() {
        ContainerListing.Row found = id == null ? null : listing.find(id);
        row = found == null ? null : ContainerRow.of(found);
        if (found != null) {
            generation = found.container().generation();
            observedGeneration = found.container().observedGeneration();
        }
    }

    public void start() { change("start", containers::start); }
    public void stop() { change("stop", containers::stop); }
    public void restart() { change("restart", containers::restart); }
    public void remove() { change("remove", containers::remove); }

    private void change(String verb, Function<String, Container> work) {
        if (row != null) {
            actions.run(verb + " container", row.getName(), DashboardActions.CHANGERS, () -> work.apply(row.getId()),
                    Character.toUpperCase(verb.charAt(0)) + verb.substring(1) + " requested for '" + row.getName() + "'");
            load();
        }
    }

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public ContainerRow getRow() { return row; }
    public long getGeneration() { return generation; }
    public long getObservedGeneration() { return observedGeneration; }
}
