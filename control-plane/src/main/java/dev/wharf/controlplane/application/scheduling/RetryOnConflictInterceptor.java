package dev.wharf.controlplane.application.scheduling;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** See {@link RetryOnConflict}: ordered before the transaction interceptor, so every attempt is its own transaction. */
@Interceptor
@RetryOnConflict
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class RetryOnConflictInterceptor {

    private static final int ATTEMPTS = 3;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @AroundInvoke
    public Object retry(InvocationContext ctx) throws Exception {
        boolean outermost = transactions == null || transactions.getTransactionStatus() == Status.STATUS_NO_TRANSACTION;
        for (int attempt = 1; ; attempt++) {
            try {
                return ctx.proceed();
            } catch (Exception e) {
                if (!outermost || attempt >= ATTEMPTS || !isConflict(e)) {
                    throw e;
                }
                Thread.sleep(10L * attempt);
            }
        }
    }

    static boolean isConflict(Throwable e) {
        // a lost optimistic-lock race, or two transactions inserting the same key at once (e.g. two hosts
        // joining take the same free subnet): the retry re-reads and decides again
        return isLostUpdate(e) || causedBy(e, t -> t instanceof jakarta.persistence.EntityExistsException
                || t.getClass().getName().equals("org.hibernate.exception.ConstraintViolationException"));
    }

    /**
     * Whether {@code e} is, at any depth, a lost optimistic-lock race: another transaction changed the row since
     * it was read. What the retries could not settle reaches the caller as a conflict to report, not a crash.
     */
    public static boolean isLostUpdate(Throwable e) {
        return causedBy(e, t -> t instanceof jakarta.persistence.OptimisticLockException
                || t.getClass().getName().equals("org.hibernate.StaleStateException")
                || t.getClass().getName().equals("org.hibernate.StaleObjectStateException"));
    }

    private static boolean causedBy(Throwable e, java.util.function.Predicate<Throwable> kind) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (kind.test(t)) {
                return true;
            }
        }
        return false;
    }
}
