package dev.wharf.controlplane.application.scheduling;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a transactional method again (up to 3 times) when its transaction lost an optimistic-lock race, e.g. a user's
 * start against the scheduler placing the same container, or two hosts joining at once taking the same free subnet
 * (a unique-key violation). Only for methods that are safe to repeat (they re-read
 * what they change). The retry wraps the transaction, so each attempt reads fresh rows.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RetryOnConflict {
}
