package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.AccountService;
import dev.wharf.controlplane.domain.account.ApiToken;
import dev.wharf.controlplane.domain.account.Role;
import dev.wharf.controlplane.domain.account.UserAccount;
import dev.wharf.controlplane.domain.shared.InvalidInputException;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/** Users, their roles and API tokens (admin only). */
@Named
@ViewScoped
public class UsersBean implements Serializable {

    @Inject
    AccountService accounts;

    @Inject
    CurrentUser user;

    @Inject
    DashboardActions actions;

    private List<UserAccount> users = List.of();
    private List<ApiToken> tokens = List.of();
    private String tokenName;
    private Integer tokenDays;
    private String issuedToken;
    private String username;
    private String password;
    private String role = Role.VIEWER.apiName();

    @PostConstruct
    void load() {
        users = user.isAdmin() ? accounts.listUsers() : List.of();
        tokens = user.isAdmin() ? accounts.listApiTokens(user.require(DashboardActions.ADMINS), "*") : List.of();
    }

    public boolean isAllowed() { return user.isAdmin(); }

    public List<UserAccount> getUsers() { return users; }

    public List<String> getRoles() {
        return Arrays.stream(Role.values()).map(Role::apiName).toList();
    }

    public void create() {
        actions.call("create user", username, DashboardActions.ADMINS, () -> accounts.createUser(username, password,
                Role.fromApiName(role).orElseThrow(() -> InvalidInputException.of("role",
                        "must be admin, operator or viewer"))), "Created user '" + username + "'").ifPresent(u -> {
                            username = null;
                            password = null;
                            load();
                        });
    }

    /** Creates an API token for the signed-in admin; its value is shown once. */
    public void createToken() {
        issuedToken = null;
        actions.call("create API token", tokenName, DashboardActions.ADMINS,
                () -> accounts.createApiToken(user.require(DashboardActions.ADMINS), tokenName, tokenDays),
                "Created API token '" + tokenName + "'").ifPresent(t -> {
                    issuedToken = t.value();
                    tokenName = null;
                    tokenDays = null;
                    load();
                });
    }

    public void revokeToken(ApiToken token) {
        actions.run("revoke API token", token.name() + " of " + token.username(), DashboardActions.ADMINS,
                () -> accounts.revokeApiToken(user.require(DashboardActions.ADMINS), token.id()),
                "Revoked API token '" + token.name() + "'");
        load();
    }

    public List<ApiToken> getTokens() { return tokens; }
    public String getTokenName() { return tokenName; }
    public void setTokenName(String tokenName) { this.tokenName = tokenName; }
    public Integer getTokenDays() { return tokenDays; }
    public void setTokenDays(Integer tokenDays) { this.tokenDays = tokenDays; }
    public String getIssuedToken() { return issuedToken; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getRole() { return role; }
    public void setRole(String role) { this.role = role; }
}
