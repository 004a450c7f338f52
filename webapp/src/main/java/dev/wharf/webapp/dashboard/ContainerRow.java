package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.ContainerListing;
import dev.wharf.controlplane.domain.container.Container;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One container as the tables show it: plain values, so view-scoped beans can hold pages of them. */
public final class ContainerRow implements Serializable {

    private final String id;
    private final String name;
    private final String image;
    private final String hostId;
    private final String host;
    private final String state;
    private final String desiredState;
    private final Integer exitCode;
    private final String ip;
    private final List<String> ports;
    private final Instant created;
    private final String createdBy;
    private final List<String> command;
    private final List<String> env;
    private final Map<String, String> labels;
    private final String placement;

    private ContainerRow(Container c, String hostName) {
        this.id = c.id();
        this.name = c.name();
        this.image = c.image();
        this.hostId = c.hostId();
        this.host = hostName;
        this.state = ContainerListing.displayState(c);
        this.desiredState = c.desiredState().apiName();
        this.exitCode = c.exitCode();
        this.ip = c.ipAddress();
        this.ports = SpecFields.ports(c.spec());
        this.created = c.createdAt();
        this.createdBy = c.createdBy();
        this.command = c.spec().command();
        this.env = c.spec().env();
        this.labels = new TreeMap<>(c.spec().labels());
        this.placement = SpecFields.placement(c.spec());
    }

    static ContainerRow of(ContainerListing.Row row) {
        return new ContainerRow(row.container(), row.hostName());
    }

    public String getId() { return id; }
    public String getShortId() { return id.length() > 12 ? id.substring(0, 12) : id; }
    public String getName() { return name; }
    public String getImage() { return image; }
    public String getHostId() { return hostId; }
    public String getHost() { return host; }
    public String getState() { return state; }
    public String getDesiredState() { return desiredState; }
    public Integer getExitCode() { return exitCode; }
    public String getIp() { return ip; }
    public List<String> getPorts() { return ports; }
    public String getPortsText() { return String.join(", ", ports); }
    public Instant getCreated() { return created; }
    public String getCreatedBy() { return createdBy; }
    public List<String> getCommand() { return command; }
    public String getCommandText() { return String.join(" ", command); }
    public List<String> getEnv() { return env; }
    public Map<String, String> getLabels() { return labels; }
    public List<Map.Entry<String, String>> getLabelList() { return List.copyOf(labels.entrySet()); }
    public String getPlacement() { return placement; }
    public boolean isRemoving() { return "removing".equals(state); }
}
