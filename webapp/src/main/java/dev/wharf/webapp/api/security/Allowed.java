package dev.wharf.webapp.api.security;

import dev.wharf.controlplane.domain.account.Role;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles admitted to an endpoint. Without it, reads (GET, HEAD) admit every role and every other method
 * admits admin and operator, so a viewer can never change anything by default.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Allowed {
    Role[] value();
}
