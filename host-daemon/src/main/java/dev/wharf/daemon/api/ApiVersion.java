package dev.wharf.daemon.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Docker Engine API versions this daemon speaks, and the {@code /v1.NN} path prefix rules. */
public final class ApiVersion {
    /** Highest version implemented; the docker CLI negotiates down to it from its {@code HEAD /_ping}. */
    public static final String MAX = "1.43";
    /** Lowest version accepted, as dockerd 24 does. */
    public static final String MIN = "1.24";

    private static final Pattern PREFIX = Pattern.compile("^/v(\\d+)\\.(\\d+)(/.*)$");

    private ApiVersion() {
    }

    /** A request path split into the asked API version (null when unversioned) and the path behind it. */
    public record Split(String version, String path) {
    }

    /** Strips a {@code /v1.NN} prefix and checks the version is within [MIN, MAX]. */
    public static Split split(String rawPath) {
        Matcher m = PREFIX.matcher(rawPath);
        if (!m.matches()) {
            return new Split(null, rawPath);
        }
        String version = m.group(1) + "." + m.group(2);
        if (compare(version, MAX) > 0) {
            throw ApiException.badRequest("client version " + version + " is too new. Maximum supported API version is " + MAX);
        }
        if (compare(version, MIN) < 0) {
            throw ApiException.badRequest("client version " + version + " is too old. Minimum supported API version is " + MIN
                    + ", please upgrade your client to a newer version");
        }
        return new Split(version, m.group(3));
    }

    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? Integer.parseInt(x[i]) : 0;
            int yi = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (xi != yi) {
                return Integer.compare(xi, yi);
            }
        }
        return 0;
    }
}
