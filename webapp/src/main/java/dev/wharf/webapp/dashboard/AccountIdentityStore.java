package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.AccountService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;

/** Checks dashboard logins against the users in the database; the user's role becomes its only group. */
@ApplicationScoped
public class AccountIdentityStore implements IdentityStore {

    @Inject
    AccountService accounts;

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        return accounts.authenticate(credential.getCaller(), credential.getPasswordAsString())
                .map(caller -> new CredentialValidationResult(caller.username(), Set.of(caller.role().apiName())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
