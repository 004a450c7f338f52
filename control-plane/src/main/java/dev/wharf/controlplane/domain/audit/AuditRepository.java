package dev.wharf.controlplane.domain.audit;

import java.util.List;

/** Where audit events are kept. */
public interface AuditRepository {

    void store(AuditEvent event);

    /** A page of events, newest first, optionally only those of one actor. */
    List<AuditEvent> findPage(String actor, int offset, int limit);
}
