package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.AuditService;
import dev.wharf.controlplane.domain.account.Role;
import dev.wharf.controlplane.domain.shared.AuthenticationException;
import dev.wharf.controlplane.domain.shared.ConflictException;
import dev.wharf.controlplane.domain.shared.DomainException;
import dev.wharf.controlplane.domain.shared.FieldError;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import dev.wharf.controlplane.domain.shared.NotFoundException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs every dashboard change the same way: check the user's role on the server, call the application
 * service, write the audit log (refused and failed calls too), and tell the user what happened. A failure is
 * never swallowed: its message goes to the page, and an unexpected one also to the server log with an
 * incident number the user can quote.
 */
@RequestScoped
public class DashboardActions {

    private static final Logger LOG = Logger.getLogger(DashboardActions.class.getName());
    /** Who may change workloads. */
    public static final Role[] CHANGERS = {Role.ADMIN, Role.OPERATOR};
    public static final Role[] ADMINS = {Role.ADMIN};

    @Inject
    CurrentUser user;

    @Inject
    AuditService audit;

    /**
     * Runs {@code work} if the user holds one of {@code roles}.
     *
     * @param action  what is done, as the audit log and the messages say it, e.g. "stop container"
     * @param target  the object acted on, e.g. the container's name
     * @param success the message shown when it worked, or null for none
     * @return the result, or empty when it was refused or failed (the user has been told why)
     */
    public <T> Optional<T> call(String action, String target, Role[] roles, Supplier<T> work, String success) {
        int status = 200;
        String actor = user.caller().map(c -> c.username()).orElse("anonymous");
        try {
            user.require(roles);
            T result = work.get();
            if (success != null) {
                message(FacesMessage.SEVERITY_INFO, success, null);
            }
            return Optional.ofNullable(result);
        } catch (RuntimeException e) {
            status = report(action, target, e);
            FacesContext.getCurrentInstance().validationFailed();
            return Optional.empty();
        } finally {
            record(actor, action, target, status);
        }
    }

    /** {@link #call} for work without a result; true when it worked. */
    public boolean run(String action, String target, Role[] roles, Runnable work, String success) {
        return call(action, target, roles, () -> {
            work.run();
            return Boolean.TRUE;
        }, success).isPresent();
    }

    /** Runs a read (nothing to audit); a failure is shown like any other. */
    public <T> Optional<T> read(String action, String target, Supplier<T> work) {
        try {
            return Optional.ofNullable(work.get());
        } catch (RuntimeException e) {
            report(action, target, e);
            return Optional.empty();
        }
    }

    /** Shows a failure of a read (nothing to audit) and returns the status it stands for. */
    public int report(String action, String target, RuntimeException e) {
        Throwable cause = domainCause(e);
        String summary = "Could not " + action + (target == null || target.isBlank() ? "" : " '" + target + "'");
        if (cause instanceof ActionRefusedException refused) {
            message(FacesMessage.SEVERITY_ERROR, summary, refused.getMessage());
            return 403;
        }
        if (cause instanceof InvalidInputException invalid) {
            for (FieldError error : invalid.errors()) {
                message(FacesMessage.SEVERITY_ERROR, summary, error.field() + ": " + error.message());
            }
            return 400;
        }
        if (cause instanceof DomainException domain) {
            message(FacesMessage.SEVERITY_ERROR, summary, domain.getMessage());
            if (domain instanceof NotFoundException) {
                return 404;
            }
            if (domain instanceof ConflictException) {
                return 409;
            }
            if (domain instanceof dev.wharf.controlplane.domain.shared.ForbiddenException) {
                return 403;
            }
            return domain instanceof AuthenticationException ? 401 : 400;
        }
        if (dev.wharf.controlplane.application.scheduling.RetryOnConflictInterceptor.isLostUpdate(e)) {
            message(FacesMessage.SEVERITY_ERROR, summary, "it was changed by someone else meanwhile; reload and try again");
            return 409;
        }
        String incident = Long.toString(System.nanoTime() & 0xffffffL, 36);
        LOG.log(Level.SEVERE, "dashboard: " + summary + " (incident " + incident + ")", e);
        message(FacesMessage.SEVERITY_ERROR, summary,
                "unexpected error (incident " + incident + ", details in the server log)");
        return 500;
    }

    /** Adds a message for the growl and the page's messages. */
    public static void message(FacesMessage.Severity severity, String summary, String detail) {
        FacesContext faces = FacesContext.getCurrentInstance();
        faces.addMessage(null, new FacesMessage(severity, summary, detail));
        faces.getExternalContext().getFlash().setKeepMessages(true);
    }

    private void record(String actor, String action, String target, int status) {
        try {
            Object request = FacesContext.getCurrentInstance().getExternalContext().getRequest();
            String address = request instanceof HttpServletRequest http ? http.getRemoteAddr() : null;
            audit.record(actor, "UI " + action, target, status, address);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "could not write audit event for dashboard action " + action, e);
        }
    }

    private static Throwable domainCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DomainException || t instanceof ActionRefusedException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return e;
    }
}
