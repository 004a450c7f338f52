package dev.wharf.webapp.dashboard;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import jakarta.servlet.http.Cookie;

/**
 * Light or dark: remembered in the {@code wharf-theme} cookie (set by {@code wharf.js} when the user toggles),
 * read here so the page is rendered in the right theme from the first paint.
 *
 * <p>PrimeFaces 15 on Maven Central ships only the Saga theme; the dark look is {@code wharf-dark.css}, which
 * re-colours Saga's surfaces, text and borders under {@code body.wharf-dark}.
 */
@Named
@RequestScoped
public class ThemeBean {

    public static final String COOKIE = "wharf-theme";

    public boolean isDark() {
        Object request = FacesContext.getCurrentInstance().getExternalContext().getRequest();
        if (request instanceof jakarta.servlet.http.HttpServletRequest http && http.getCookies() != null) {
            for (Cookie cookie : http.getCookies()) {
                if (COOKIE.equals(cookie.getName())) {
                    return "dark".equals(cookie.getValue());
                }
            }
        }
        return false;
    }

    public String getBodyClass() {
        return isDark() ? "wharf-dark" : "wharf-light";
    }
}
