package dev.wharf.controlplane.domain.account;

import java.util.Locale;
import java.util.Optional;

/** What a user may do. Every REST endpoint and dashboard action names the roles it admits. */
public enum Role {
    /** Everything, including users and tokens. */
    ADMIN,
    /** Reads and changes workloads (containers, images, networks, hosts). */
    OPERATOR,
    /** Reads only. */
    VIEWER;

    /** The word used in the API: {@code admin}, {@code operator}, {@code viewer}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an API role word; empty if it is none. */
    public static Optional<Role> fromApiName(String name) {
        for (Role role : values()) {
            if (role.apiName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
