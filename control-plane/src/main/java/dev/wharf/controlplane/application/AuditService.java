package dev.wharf.controlplane.application;

import dev.wharf.controlplane.domain.audit.AuditEvent;
import dev.wharf.controlplane.domain.audit.AuditRepository;
import dev.wharf.controlplane.domain.shared.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** The audit log: every mutating call, whether it succeeded or not. */
@ApplicationScoped
public class AuditService {

    @Inject
    AuditRepository events;

    @Inject
    jakarta.enterprise.event.Event<AuditEvent> recorded;

    /** Records an event in its own transaction, so it is kept even when the call itself rolled back. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(String actor, String action, String target, int result, String sourceAddress) {
        AuditEvent event = new AuditEvent(Instant.now(), actor, truncate(action, 255), truncate(target, 1024), result,
                truncate(sourceAddress, 64));
        events.store(event);
        // observers that stream events live see it once this transaction has committed
        recorded.fire(event);
    }

    @Transactional
    public List<AuditEvent> list(String actor, int offset, int limit) {
        new Validation()
                .require(offset >= 0, "offset", "must not be negative")
                .require(limit >= 1 && limit <= 500, "limit", "must be between 1 and 500")
                .check();
        return events.findPage(actor, offset, limit);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
