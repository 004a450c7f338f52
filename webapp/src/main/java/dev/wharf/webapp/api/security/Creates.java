package dev.wharf.webapp.api.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A create endpoint that honours an {@code Idempotency-Key} header ({@link IdempotencyFilter}): a retry with
 * the same key gets the first call's answer (status 200) instead of making a second object.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Creates {
}
