package dev.wharf.daemon.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Credentials for one registry, as the docker CLI sends them in {@code X-Registry-Auth}: a user and password,
 * or an identity token (an OAuth refresh token from a previous login).
 *
 * @param username      may be null with an identity token
 * @param password      may be null with an identity token
 * @param identityToken may be null
 * @param serverAddress the registry the CLI meant them for; may be null
 */
public record RegistryAuth(String username, String password, String identityToken, String serverAddress) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static RegistryAuth basic(String username, String password) {
        return new RegistryAuth(username, password, null, null);
    }

    public boolean hasBasic() {
        return username != null && !username.isEmpty() && password != null;
    }

    public boolean isEmpty() {
        return !hasBasic() && (identityToken == null || identityToken.isEmpty());
    }

    /** The value of an {@code Authorization: Basic} header, or null without user and password. */
    public String basicHeader() {
        if (!hasBasic()) {
            return null;
        }
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes an {@code X-Registry-Auth} header: base64url (the CLI's encoding; standard base64 is accepted too)
     * of {@code {"username","password","auth","serveraddress","identitytoken"}}. Returns null for an absent or
     * empty header ({@code e30=} is {@code {}}: anonymous).
     *
     * @throws IllegalArgumentException with a readable message if the header is not that
     */
    public static RegistryAuth fromHeader(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        byte[] raw;
        String h = header.trim();
        try {
            raw = Base64.getUrlDecoder().decode(h);
        } catch (IllegalArgumentException e) {
            try {
                raw = Base64.getDecoder().decode(h);
            } catch (IllegalArgumentException e2) {
                throw new IllegalArgumentException("invalid X-Registry-Auth header: not base64");
            }
        }
        JsonNode n;
        try {
            n = JSON.readTree(raw);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid X-Registry-Auth header: not JSON");
        }
        if (n == null || !n.isObject()) {
            return null;
        }
        String user = text(n, "username");
        String pass = text(n, "password");
        String auth = text(n, "auth");
        if ((user == null || user.isEmpty()) && auth != null && !auth.isEmpty()) {
            String up = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
            int colon = up.indexOf(':');
            if (colon > 0) {
                user = up.substring(0, colon);
                pass = up.substring(colon + 1);
            }
        }
        RegistryAuth a = new RegistryAuth(user, pass, text(n, "identitytoken"), text(n, "serveraddress"));
        return a.isEmpty() ? null : a;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public String toString() {
        return "RegistryAuth[" + (username != null ? username : identityToken != null ? "<token>" : "anonymous") + "]";
    }
}
