package dev.wharf.controlplane.application;

import dev.wharf.controlplane.domain.host.JoinToken;
import dev.wharf.controlplane.domain.host.JoinTokenRepository;
import dev.wharf.controlplane.domain.shared.Secrets;
import dev.wharf.controlplane.infrastructure.datadir.DataDirectory;
import dev.wharf.controlplane.infrastructure.datadir.SecretFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The cluster's join tokens. Only hashes are stored; a rotation issues a new token (shown once, and written to
 * the data directory's {@code join-token} file for {@code scripts/wharf}) and retires all older ones. Hosts that
 * already joined keep working: they hold their own credentials.
 */
@ApplicationScoped
@Transactional
public class JoinTokenService {

    /** A token just issued; the only time its value is seen. */
    public record Issued(String id, String token, Instant createdAt) {
    }

    @Inject
    JoinTokenRepository tokens;

    public List<JoinToken> list() {
        return tokens.findAll();
    }

    public Issued rotate() {
        tokens.findAll().forEach(tokens::remove);
        String token = Secrets.newToken();
        JoinToken stored = new JoinToken(UUID.randomUUID().toString(), Secrets.hashToken(token), Instant.now());
        tokens.store(stored);
        SecretFile.write(DataDirectory.path().resolve(FirstStartInitializer.JOIN_TOKEN_FILE), token + "\n");
        return new Issued(stored.id(), token, stored.createdAt());
    }
}
