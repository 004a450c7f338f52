package dev.wharf.webapp.api;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;

/**
 * The container's managed executor for work that outlives a request (SSE log streams). Looked up once here:
 * a {@code @Resource} on a request-scoped resource costs a JNDI lookup on every request.
 */
@ApplicationScoped
public class ApiExecutor implements Executor {

    @Resource
    ManagedExecutorService executor;

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }
}
