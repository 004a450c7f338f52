package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.ContainerHostQueries;
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

    @Inject
    CurrentUser user;

    @Inject
    ConsoleTickets tickets;

    @Inject
    ContainerHostQueries hostQueries;

    private String consoleCommand = "/bin/sh";
    private String hostInspect;
    private ContainerHostQueries.Stats stats;

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

    /**
     * Lets the page open a console: checks the role, writes the audit log, and hands the page a one-use ticket
     * for the console socket ({@link ContainerConsoleEndpoint}).
     */
    public void openConsole() {
        if (row == null) {
            return;
        }
        actions.call("open console", row.getName(), DashboardActions.CHANGERS,
                () -> tickets.issue(user.require(DashboardActions.CHANGERS).username(), row.getId(), consoleCommand),
                null).ifPresent(ticket -> org.primefaces.PrimeFaces.current().ajax().addCallbackParam("ticket", ticket));
    }

    /** Asks the host for its inspect document (on demand: it is a round trip through the tunnel). */
    public void loadHostInspect() {
        if (row != null) {
            hostInspect = actions.read("inspect container on its host", row.getName(),
                    () -> hostQueries.inspect(row.getId())).orElse(null);
        }
    }

    /** One stats sample from the host; the Stats tab polls this while it is open. */
    public void loadStats() {
        if (row != null) {
            stats = actions.read("read container stats", row.getName(), () -> hostQueries.stats(row.getId()))
                    .orElse(null);
            if (stats == null) {
                org.primefaces.PrimeFaces.current().ajax().addCallbackParam("statsFailed", true);
            }
        }
    }

    public String getHostInspect() { return hostInspect; }
    public ContainerHostQueries.Stats getStats() { return stats; }
    public String getConsoleCommand() { return consoleCommand; }
    public void setConsoleCommand(String consoleCommand) { this.consoleCommand = consoleCommand; }
    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public ContainerRow getRow() { return row; }
    public long getGeneration() { return generation; }
    public long getObservedGeneration() { return observedGeneration; }
}
