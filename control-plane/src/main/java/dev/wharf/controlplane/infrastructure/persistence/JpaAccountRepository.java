package dev.wharf.controlplane.infrastructure.persistence;

import dev.wharf.controlplane.domain.account.AccountRepository;
import dev.wharf.controlplane.domain.account.ApiToken;
import dev.wharf.controlplane.domain.account.UserAccount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaAccountRepository implements AccountRepository {

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    @Override
    public Optional<UserAccount> findUser(String username) {
        return em.createNamedQuery("UserAccount.findByUsername", UserAccount.class)
                .setParameter("username", username).getResultStream().findFirst();
    }

    @Override
    public List<UserAccount> findAllUsers() {
        return em.createNamedQuery("UserAccount.findAll", UserAccount.class).getResultList();
    }

    @Override
    public long countUsers() {
        return em.createNamedQuery("UserAccount.count", Long.class).getSingleResult();
    }

    @Override
    public void store(UserAccount user) {
        em.persist(user);
        em.flush();
    }

    @Override
    public Optional<ApiToken> findTokenByHash(String tokenHash) {
        return em.createNamedQuery("ApiToken.findByHash", ApiToken.class).setParameter("hash", tokenHash)
                .getResultStream().findFirst();
    }

    @Override
    public void store(ApiToken token) {
        em.persist(token);
    }

    @Override
    public List<ApiToken> findApiTokens(String usernameOrNull) {
        return usernameOrNull == null
                ? em.createNamedQuery("ApiToken.findAllApiTokens", ApiToken.class).getResultList()
                : em.createNamedQuery("ApiToken.findApiTokensOf", ApiToken.class).setParameter("username", usernameOrNull)
                        .getResultList();
    }

    @Override
    public Optional<ApiToken> findToken(String id) {
        return Optional.ofNullable(em.find(ApiToken.class, id));
    }

    @Override
    public void remove(ApiToken token) {
        em.remove(token);
    }
}
