package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.HostImageQueries;
import dev.wharf.controlplane.application.HostImageQueries.HistoryEntry;
import dev.wharf.controlplane.application.HostImageQueries.HostImage;
import dev.wharf.controlplane.application.HostService;
import dev.wharf.controlplane.application.ImagePullService;
import dev.wharf.controlplane.application.ImageService;
import dev.wharf.controlplane.application.ImageService.ImageLocation;
import dev.wharf.controlplane.application.PullJob;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/**
 * Images across hosts (which host holds which image) or on one host (tags and sizes, read from the host),
 * with pull (per-layer progress), tag, remove and history. Pulls use the stored registry credentials
 * ({@link ImagePullService}).
 */
@Named
@ViewScoped
public class ImagesBean implements Serializable {

    @Inject
    ImageService images;

    @Inject
    ImagePullService pulls;

    @Inject
    HostImageQueries hostImages;

    @Inject
    HostService hosts;

    @Inject
    CurrentUser user;

    @Inject
    DashboardActions actions;

    private String host;
    private List<ImageLocation> all;
    private List<HostImage> onHost = List.of();
    private String pullImage;
    private String pullHost;
    private String pullJobId;
    private String tagSource;
    private String tagTarget;
    private String historyImage;
    private List<HistoryEntry> history = List.of();

    @PostConstruct
    void load() {
        all = images.listAcrossHosts();
        onHost = List.of();
        if (host != null) {
            onHost = actions.read("list images on host", host, () -> hostImages.list(host))
                    .orElse(List.of());
        }
    }

    public void refresh() {
        load();
    }

    public List<ImageLocation> getImages() {
        return host == null ? all : all.stream().filter(i -> i.hostNames().contains(host)).toList();
    }

    public List<HostImage> getHostImages() { return onHost; }

    public List<String> getHostNames() {
        return hosts.list().stream().map(h -> h.host().name()).toList();
    }

    public void pull() {
        actions.call("pull image", pullImage, DashboardActions.CHANGERS,
                () -> pulls.start(pullImage, pullHost, user.require(DashboardActions.CHANGERS)), null)
                .ifPresent(job -> pullJobId = job.id());
    }

    /** The running or last pull, or null. */
    public PullJob.Snapshot getPull() {
        if (pullJobId == null) {
            return null;
        }
        try {
            return pulls.get(pullJobId).snapshot();
        } catch (RuntimeException e) {
            return null;
        }
    }

    public boolean isPulling() {
        PullJob.Snapshot s = getPull();
        return s != null && s.finishedAt() == null;
    }

    /** Each progress poll: tells the page to stop polling once the pull has finished. */
    public void pollPull() {
        if (!isPulling()) {
            org.primefaces.PrimeFaces.current().ajax().addCallbackParam("pullDone", true);
        }
    }

    public static int percent(PullJob.Layer layer) {
        if (layer.current() == null || layer.total() == null || layer.total() <= 0) {
            return layer.status() != null && layer.status().contains("complete") ? 100 : 0;
        }
        return (int) Math.min(100, 100 * layer.current() / layer.total());
    }

    public void tag() {
        actions.run("tag image", tagSource + " as " + tagTarget + " on " + host, DashboardActions.CHANGERS,
                () -> images.tag(host, tagSource, tagTarget), "Tagged " + tagSource + " as " + tagTarget);
        load();
    }

    public void remove(String image) {
        actions.run("remove image", image + " on " + host, DashboardActions.CHANGERS,
                () -> images.remove(host, image, false), "Removed " + image + " from " + host);
        load();
    }

    public void showHistory(String image) {
        historyImage = image;
        history = actions.read("read image history", image, () -> hostImages.history(host, image))
                .orElse(List.of());
    }

    public static String shortId(String id) {
        String hex = id == null ? "" : id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public String getPullImage() { return pullImage; }
    public void setPullImage(String pullImage) { this.pullImage = pullImage; }
    public String getPullHost() { return pullHost; }
    public void setPullHost(String pullHost) { this.pullHost = pullHost; }
    public String getTagSource() { return tagSource; }
    public void setTagSource(String tagSource) { this.tagSource = tagSource; }
    public String getTagTarget() { return tagTarget; }
    public void setTagTarget(String tagTarget) { this.tagTarget = tagTarget; }
    public String getHistoryImage() { return historyImage; }
    public List<HistoryEntry> getHistory() { return history; }
}
