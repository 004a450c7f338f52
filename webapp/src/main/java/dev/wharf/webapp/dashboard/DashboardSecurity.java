package dev.wharf.webapp.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.CustomFormAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.LoginToContinue;

/**
 * Dashboard login: Jakarta Security's custom-form mechanism with our own login page; the users come from
 * {@link AccountIdentityStore}. A visit to a protected page without a session is redirected to the login
 * page and, after login, back to where it was going.
 */
@CustomFormAuthenticationMechanismDefinition(
        loginToContinue = @LoginToContinue(loginPage = "/login.xhtml", errorPage = "", useForwardToLogin = false))
@ApplicationScoped
public class DashboardSecurity {
}
