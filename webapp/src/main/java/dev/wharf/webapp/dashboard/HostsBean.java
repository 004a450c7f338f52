package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.FirstStartInitializer;
import dev.wharf.controlplane.application.HostService;
import dev.wharf.controlplane.application.HostService.HostSummary;
import dev.wharf.controlplane.application.JoinTokenService;
import dev.wharf.controlplane.infrastructure.datadir.DataDirectory;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The hosts table and the "join a host" dialog. */
@Named
@ViewScoped
public class HostsBean implements Serializable {

    /** Where the join command puts the daemon's state; the same defaults as the daemon's own. */
    static final String DATA_ROOT = "/var/lib/wharf";
    static final String EXEC_ROOT = "/run/wharf";

    @Inject
    HostService hostService;

    @Inject
    CurrentUser user;

    @Inject
    DashboardActions actions;

    @Inject
    JoinTokenService joinTokens;

    private List<HostSummary> hosts;
    private String joinCommand;
    private String labelHost;
    private String labelText;

    @PostConstruct
    void load() {
        refresh();
    }

    public void refresh() {
        hosts = hostService.list();
    }

    public List<HostSummary> getHosts() {
        return hosts;
    }

    /** Whether the host's Docker API tunnel is up (logs, consoles and pulls need it). */
    public boolean connected(HostSummary h) {
        return hostService.isConnected(h.host());
    }

    public void cordon(HostSummary h) {
        change("cordon host", h, () -> hostService.cordon(h.host().id()), "Cordoned '" + h.host().name()
                + "': no new containers go there");
    }

    public void uncordon(HostSummary h) {
        change("uncordon host", h, () -> hostService.uncordon(h.host().id()), "'" + h.host().name()
                + "' takes new containers again");
    }

    public void drain(HostSummary h) {
        change("drain host", h, () -> hostService.drain(h.host().id()), "Draining '" + h.host().name() + "'");
    }

    public void remove(HostSummary h) {
        change("remove host", h, () -> hostService.remove(h.host().id()), "Removed '" + h.host().name() + "'");
    }

    public void editLabels(HostSummary h) {
        labelHost = h.host().name();
        StringBuilder text = new StringBuilder();
        new TreeMap<>(h.host().labels()).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        labelText = text.toString();
    }

    public void saveLabels() {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        for (String line : CommandLine.lines(labelText)) {
            int eq = line.indexOf('=');
            labels.put(eq < 0 ? line : line.substring(0, eq).trim(), eq < 0 ? "" : line.substring(eq + 1));
        }
        actions.run("label host", labelHost, DashboardActions.CHANGERS, () -> hostService.label(labelHost, labels),
                "Labels of '" + labelHost + "' saved");
        refresh();
    }

    /** Issues a new join token (the old one stops working) and shows the new command; admin only. */
    public void rotateJoinToken() {
        if (actions.run("rotate join token", "join token", DashboardActions.ADMINS, () -> joinTokens.rotate(),
                "New join token issued; the old one no longer works")) {
            prepareJoin();
        }
    }

    private void change(String action, HostSummary h, Runnable work, String success) {
        actions.run(action, h.host().name(), DashboardActions.CHANGERS, work, success);
        refresh();
    }

    public String getLabelHost() { return labelHost; }
    public String getLabelText() { return labelText; }
    public void setLabelText(String labelText) { this.labelText = labelText; }

    /** Builds the join command; admin only, as it holds the cluster's join token. */
    public void prepareJoin() {
        joinCommand = actions.call("show join command", "join token", DashboardActions.ADMINS, () -> {
            Path file = DataDirectory.path().resolve(FirstStartInitializer.JOIN_TOKEN_FILE);
            String token;
            try {
                token = Files.readString(file).trim();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the join token from " + file + ": " + e.getMessage(), e);
            }
            return "java -jar wharf-daemon.jar --data-root " + DATA_ROOT + " --exec-root " + EXEC_ROOT
                    + " -H unix://" + EXEC_ROOT + "/docker.sock --control-plane " + controlPlaneUrl()
                    + " --join-token " + token;
        }, null).orElse(null);
    }

    public String getJoinCommand() {
        return joinCommand;
    }

    public static String controlPlaneUrl() {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port);
    }

    public static String memory(long bytes) {
        if (bytes <= 0) {
            return "0";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = (int) Math.min(units.length - 1, (63 - Long.numberOfLeadingZeros(bytes)) / 10);
        return String.format(Locale.ROOT, "%.1f %s", bytes / Math.pow(1024, unit), units[unit]);
    }

    public String memoryOf(HostSummary h) {
        return memory(h.host().memoryUsedBytes()) + " / " + memory(h.host().memoryBytes());
    }

    public int memoryPercent(HostSummary h) {
        long total = h.host().memoryBytes();
        return total <= 0 ? 0 : (int) Math.min(100, Math.round(100.0 * h.host().memoryUsedBytes() / total));
    }

    public int cpuPercent(HostSummary h) {
        int cpus = h.host().cpus();
        return cpus <= 0 ? 0 : (int) Math.min(100, Math.round(100.0 * h.host().cpuLoad() / cpus));
    }

    public List<Map.Entry<String, String>> labelsOf(HostSummary h) {
        return List.copyOf(new TreeMap<>(h.host().labels()).entrySet());
    }
}
