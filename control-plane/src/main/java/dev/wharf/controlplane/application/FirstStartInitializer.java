package dev.wharf.controlplane.application;

import dev.wharf.controlplane.domain.account.Role;
import dev.wharf.controlplane.domain.host.JoinToken;
import dev.wharf.controlplane.domain.host.JoinTokenRepository;
import dev.wharf.controlplane.domain.shared.Secrets;
import dev.wharf.controlplane.infrastructure.datadir.DataDirectory;
import dev.wharf.controlplane.infrastructure.datadir.SecretFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Makes a new installation usable without any default secret: an {@code admin} user with a random password
 * and a join token for hosts, each written once to a 0600 file in the data directory. The files are written
 * inside the transaction, so a failed write leaves no user or token that nobody knows the secret of.
 */
@ApplicationScoped
public class FirstStartInitializer {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD_FILE = "initial-admin-password";
    public static final String JOIN_TOKEN_FILE = "join-token";

    private static final Logger LOG = Logger.getLogger(FirstStartInitializer.class.getName());

    @Inject
    AccountService accounts;

    @Inject
    JoinTokenRepository joinTokens;

    @Transactional
    public void run() {
        Path dataDir = DataDirectory.path();
        if (!accounts.hasUsers()) {
            String password = Secrets.newPassword(24);
            accounts.createUser(ADMIN_USER, password, Role.ADMIN);
            Path file = dataDir.resolve(ADMIN_PASSWORD_FILE);
            SecretFile.write(file, "WHARF_ADMIN_USER=" + ADMIN_USER + "\nWHARF_ADMIN_PASSWORD=" + password + "\n");
            LOG.warning("First start: created user '" + ADMIN_USER + "' with password " + password
                    + " (also in " + file + ")");
        }
        if (joinTokens.findAll().isEmpty()) {
            String token = Secrets.newToken();
            joinTokens.store(new JoinToken(UUID.randomUUID().toString(), Secrets.hashToken(token), Instant.now()));
            Path file = dataDir.resolve(JOIN_TOKEN_FILE);
            SecretFile.write(file, token + "\n");
            LOG.info("First start: host join token written to " + file);
        }
    }
}
