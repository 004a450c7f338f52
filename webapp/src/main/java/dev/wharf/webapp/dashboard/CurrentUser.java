package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.domain.account.Caller;
import dev.wharf.controlplane.domain.account.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import java.util.Arrays;
import java.util.Optional;

/**
 * The signed-in dashboard user and what they may do. Pages use {@code #{currentUser.canChange}} to hide
 * mutating actions; beans call {@link #require} before every change, so a forged request from a viewer is
 * refused on the server as well.
 */
@Named
@RequestScoped
public class CurrentUser {

    @Inject
    SecurityContext security;

    private Caller caller;

    /** The caller, or empty outside a login session. */
    public Optional<Caller> caller() {
        if (caller == null) {
            Principal principal = security.getCallerPrincipal();
            if (principal == null) {
                return Optional.empty();
            }
            Role role = Arrays.stream(Role.values()).filter(r -> security.isCallerInRole(r.apiName())).findFirst()
                    .orElse(null);
            if (role == null) {
                return Optional.empty();
            }
            caller = new Caller(principal.getName(), role);
        }
        return Optional.of(caller);
    }

    /** The caller if they hold one of {@code roles}; otherwise {@link ActionRefusedException}. */
    public Caller require(Role... roles) {
        Caller c = caller().orElseThrow(() -> new ActionRefusedException("you are not signed in"));
        if (!c.hasAnyRole(roles)) {
            throw new ActionRefusedException("your role '" + c.role().apiName() + "' may not do this");
        }
        return c;
    }

    public String getName() {
        return caller().map(Caller::username).orElse("");
    }

    public String getRole() {
        return caller().map(c -> c.role().apiName()).orElse("");
    }

    /** Admins and operators change workloads; viewers only read. */
    public boolean isCanChange() {
        return caller().map(c -> c.hasAnyRole(Role.ADMIN, Role.OPERATOR)).orElse(false);
    }

    public boolean isAdmin() {
        return caller().map(c -> c.role() == Role.ADMIN).orElse(false);
    }

    public void logout() throws IOException, ServletException {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        ((HttpServletRequest) external.getRequest()).logout();
        external.invalidateSession();
        external.redirect(external.getRequestContextPath() + "/login.xhtml");
    }
}
