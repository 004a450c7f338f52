package dev.wharf.webapp.api.security;

import dev.wharf.controlplane.domain.account.Caller;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * Who made the current API request: set by {@link BearerAuthenticationFilter}, or by an endpoint that
 * authenticates on its own (login, agent calls), and read by the audit log.
 */
@RequestScoped
public class RequestCaller {

    private Caller caller;
    private String actor;

    public void authenticated(Caller caller) {
        this.caller = caller;
        this.actor = caller.username();
    }

    /** Names the actor for the audit log when there is no user, e.g. {@code host:<id>}. */
    public void actor(String actor) {
        this.actor = actor;
    }

    public Optional<Caller> caller() {
        return Optional.ofNullable(caller);
    }

    /** The caller, for endpoints that run only after authentication. */
    public Caller require() {
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller on this request");
        }
        return caller;
    }

    public String actor() {
        return actor == null ? "anonymous" : actor;
    }
}
