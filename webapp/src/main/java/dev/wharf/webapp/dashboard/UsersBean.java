package dev.wharf.webapp.dashboard;

import dev.wharf.controlplane.application.AccountService;
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

/** Users and their roles (admin only): the list, and creating a user. */
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
    private String username;
    private String password;
    private String role = Role.VIEWER.apiName();

    @PostConstruct
    void load() {
        users = user.isAdmin() ? accounts.listUsers() : List.of();
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

    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getRole() { return role; }
    public void setRole(String role) { this.role = role; }
}
