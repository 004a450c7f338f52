package dev.wharf.controlplane.application;

import dev.wharf.controlplane.domain.idempotency.IdempotencyRecord;
import dev.wharf.controlplane.domain.shared.ConflictException;
import dev.wharf.controlplane.domain.shared.FieldError;
import dev.wharf.controlplane.domain.shared.Validation;
import dev.wharf.controlplane.infrastructure.secrets.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Idempotency keys for create calls: the first call with a key claims it, a retry after success gets the stored
 * answer, a retry while the first still runs is refused (409), and a failed call frees its key.
 * Each step runs in its own transaction, apart from the call's.
 */
@ApplicationScoped
public class IdempotencyService {

    /** Answers larger than this are not kept (the key is then freed, as if the call had not been made). */
    private static final int MAX_BODY = 600_000;

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    /** A stored answer to replay. */
    public record Replay(int status, String location, String body) {
    }

    /**
     * Claims the key for this call.
     *
     * @return empty if this call is the first and should go ahead; the earlier answer if it already succeeded
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Replay> claim(String username, String key, String request) {
        new Validation().require(key != null && !key.isBlank() && key.length() <= 255, "Idempotency-Key",
                "must be 1 to 255 characters").check();
        IdempotencyRecord existing = em.find(IdempotencyRecord.class, new IdempotencyRecord.Key(username, key));
        if (existing == null) {
            em.persist(new IdempotencyRecord(username, key, request, Instant.now()));
            em.flush(); // a concurrent claim of the same key fails here on the primary key
            return Optional.empty();
        }
        return Optional.of(replayOf(existing, request));
    }

    /** Reads the record after a claim lost a race. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Replay existing(String username, String key, String request) {
        IdempotencyRecord existing = em.find(IdempotencyRecord.class, new IdempotencyRecord.Key(username, key));
        if (existing == null) {
            throw new ConflictException("the request with this Idempotency-Key failed meanwhile; retry it",
                    List.of(new FieldError("Idempotency-Key", "was just released")));
        }
        return replayOf(existing, request);
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void complete(String username, String key, int status, String location, String body) {
        IdempotencyRecord record = em.find(IdempotencyRecord.class, new IdempotencyRecord.Key(username, key));
        if (record == null) {
            return;
        }
        if (body != null && body.length() > MAX_BODY) {
            em.remove(record);
            return;
        }
        record.completed(status, location, body == null ? null : SecretBox.get().encrypt(body));
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(String username, String key) {
        IdempotencyRecord record = em.find(IdempotencyRecord.class, new IdempotencyRecord.Key(username, key));
        if (record != null && record.inProgress()) {
            em.remove(record);
        }
    }

    private static Replay replayOf(IdempotencyRecord existing, String request) {
        if (!existing.request().equals(request)) {
            throw new ConflictException("this Idempotency-Key was used for another request (" + existing.request() + ")",
                    List.of(new FieldError("Idempotency-Key", "was used for " + existing.request())));
        }
        if (existing.inProgress()) {
            throw new ConflictException("a request with this Idempotency-Key is still in progress",
                    List.of(new FieldError("Idempotency-Key", "is in use by a request still running")));
        }
        return new Replay(existing.status(), existing.location(),
                existing.sealedBody() == null ? null : SecretBox.get().decrypt(existing.sealedBody()));
    }
}
