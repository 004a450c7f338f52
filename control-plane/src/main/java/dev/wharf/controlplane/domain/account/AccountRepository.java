package dev.wharf.controlplane.domain.account;

import java.util.List;
import java.util.Optional;

/** Where users and their API tokens are kept. */
public interface AccountRepository {

    Optional<UserAccount> findUser(String username);

    List<UserAccount> findAllUsers();

    long countUsers();

    void store(UserAccount user);

    Optional<ApiToken> findTokenByHash(String tokenHash);

    void store(ApiToken token);

    /** Named API tokens, of one user or (null) of everyone, newest first. */
    List<ApiToken> findApiTokens(String usernameOrNull);

    Optional<ApiToken> findToken(String id);

    void remove(ApiToken token);
}
