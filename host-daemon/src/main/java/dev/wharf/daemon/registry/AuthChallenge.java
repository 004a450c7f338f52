package dev.wharf.daemon.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme and its parameters, e.g.
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:x:pull"}.
 *
 * @param scheme lowercased, e.g. {@code bearer} or {@code basic}
 * @param params parameter names lowercased; values unquoted
 */
public record AuthChallenge(String scheme, Map<String, String> params) {

    public String param(String name) {
        return params.get(name);
    }

    /** Parses every challenge of the header value; quoted values may hold commas and escaped quotes. */
    public static List<AuthChallenge> parse(String header) {
        List<AuthChallenge> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        int i = 0;
        int n = header.length();
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (i < n) {
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ',' || header.charAt(i) == '\t')) {
                i++;
            }
            int start = i;
            while (i < n && isToken(header.charAt(i))) {
                i++;
            }
            if (i == start) {
                i++; // skip a stray character
                continue;
            }
            String token = header.substring(start, i);
            int j = i;
            while (j < n && header.charAt(j) == ' ') {
                j++;
            }
            if (j < n && header.charAt(j) == '=' && scheme != null) {
                // name=value parameter
                j++;
                while (j < n && header.charAt(j) == ' ') {
                    j++;
                }
                StringBuilder value = new StringBuilder();
                if (j < n && header.charAt(j) == '"') {
                    j++;
                    while (j < n && header.charAt(j) != '"') {
                        char c = header.charAt(j);
                        if (c == '\\' && j + 1 < n) {
                            j++;
                            c = header.charAt(j);
                        }
                        value.append(c);
                        j++;
                    }
                    j++; // closing quote
                } else {
                    while (j < n && header.charAt(j) != ',' && header.charAt(j) != ' ') {
                        value.append(header.charAt(j++));
                    }
                }
                params.put(token.toLowerCase(Locale.ROOT), value.toString());
                i = j;
            } else {
                if (scheme != null) {
                    out.add(new AuthChallenge(scheme, Map.copyOf(params)));
                    params = new LinkedHashMap<>();
                }
                scheme = token.toLowerCase(Locale.ROOT);
                i = j;
            }
        }
        if (scheme != null) {
            out.add(new AuthChallenge(scheme, Map.copyOf(params)));
        }
        return out;
    }

    private static boolean isToken(char c) {
        return c > ' ' && c < 127 && "()<>@,;:\\\"[]?={}".indexOf(c) < 0;
    }
}
