package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.HostService;
import dev.wharf.controlplane.application.ImageService;
import dev.wharf.controlplane.application.ImageService.ImageLocation;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/** Images across hosts (which host holds which image), or on one host. */
@Named
@ViewScoped
public class ImagesBean implements Serializable {

    @Inject
    ImageService images;

    @Inject
    HostService hosts;

    private String host;
    private List<ImageLocation> all;

    @PostConstruct
    void load() {
        all = images.listAcrossHosts();
    }

    public List<ImageLocation> getImages() {
        return host == null ? all : all.stream().filter(i -> i.hostNames().contains(host)).toList();
    }

    public List<String> getHostNames() {
        return hosts.list().stream().map(h -> h.host().name()).toList();
    }

    public void refresh() {
        load();
    }

    public static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }

    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
}
