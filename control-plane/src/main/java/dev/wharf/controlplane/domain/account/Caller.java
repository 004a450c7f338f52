package dev.wharf.controlplane.domain.account;

import java.util.Objects;

/** Who is making a request, as established from a token or a login session. */
public record Caller(String username, Role role) {

    public Caller {
        Objects.requireNonNull(username);
        Objects.requireNonNull(role);
    }

    public boolean hasAnyRole(Role... roles) {
        for (Role r : roles) {
            if (r == role) {
                return true;
            }
        }
        return false;
    }
}
