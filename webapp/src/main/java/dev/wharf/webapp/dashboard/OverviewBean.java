package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.HostService;
import dev.wharf.controlplane.application.HostService.HostSummary;
import dev.wharf.controlplane.domain.host.HostState;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;

/** The overview page: the signed-in user and the cluster's hosts at a glance. */
@Named
@RequestScoped
public class OverviewBean {

    @Inject
    HostService hostService;

    private List<HostSummary> hosts;

    @PostConstruct
    void load() {
        hosts = hostService.list();
    }

    public String getUser() {
        return FacesContext.getCurrentInstance().getExternalContext().getRemoteUser();
    }

    public List<HostSummary> getHosts() {
        return hosts;
    }

    public long getReadyHosts() {
        return hosts.stream().filter(h -> h.host().state() == HostState.READY).count();
    }

    public long getDownHosts() {
        return hosts.stream().filter(h -> h.host().state() == HostState.DOWN).count();
    }

    public long getContainers() {
        return hosts.stream().mapToLong(HostSummary::containerCount).sum();
    }

    public void logout() throws IOException, jakarta.servlet.ServletException {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        ((HttpServletRequest) external.getRequest()).logout();
        external.invalidateSession();
        external.redirect(external.getRequestContextPath() + "/login.xhtml");
    }
}
