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
        for (Throwable t = e; t != null; t = t.getCause()) {
            // a lost optimistic-lock race, or two transactions inserting the same key at once (e.g. two hosts
            // joining take the same free subnet): the retry re-reads and decides again
            String name = t.getClass().getName();
            if (t instanceof jakarta.persistence.OptimisticLockException || t instanceof jakarta.persistence.EntityExistsException
                    || name.equals("org.hibernate.StaleStateException")
                    || name.equals("org.hibernate.StaleObjectStateException")
                    || name.equals("org.hibernate.exception.ConstraintViolationException")) {
                return true;
            }
        }
        return false;
    }
}
