package dev.wharf.webapp.api.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A mutating endpoint left out of the audit log, because it is machine traffic that would drown it
 * (agent heartbeats every few seconds per host). Use sparingly and say why.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface NotAudited {
}
