package dev.wharf.daemon.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The route table of the Docker Engine API, like moby's {@code router.NewPostRoute("/containers/{name:.*}/start")}.
 * Templates use {@code {id}} for one path segment and {@code {name*}} for a rest that may hold slashes (image names).
 */
public final class Router {

    private record Route(String method, String template, Pattern pattern, List<String> params, Handler handler) {
    }

    /** A matched route with its path parameters. */
    public record Match(Handler handler, Map<String, String> params) {
    }

    private final List<Route> routes = new ArrayList<>();

    public Router get(String template, Handler handler) {
        return add("GET", template, handler);
    }

    public Router head(String template, Handler handler) {
        return add("HEAD", template, handler);
    }

    public Router post(String template, Handler handler) {
        return add("POST", template, handler);
    }

    public Router put(String template, Handler handler) {
        return add("PUT", template, handler);
    }

    public Router delete(String template, Handler handler) {
        return add("DELETE", template, handler);
    }

    public synchronized Router add(String method, String template, Handler handler) {
        List<String> params = new ArrayList<>();
        StringBuilder regex = new StringBuilder("^");
        Matcher m = Pattern.compile("\\{(\\w+)(\\*?)}").matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            params.add(m.group(1));
            regex.append(m.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append("/?$");
        routes.add(new Route(method, template, Pattern.compile(regex.toString()), params, handler));
        return this;
    }

    /**
     * Finds the handler for a method and an unversioned path. Greedy {@code {name*}} routes are tried after
     * exact ones, so {@code /images/json} wins over {@code /images/{name*}/json}.
     */
    public synchronized Match match(String method, String path) {
        boolean pathKnown = false;
        for (int pass = 0; pass < 2; pass++) {
            for (Route r : routes) {
                boolean greedy = r.template.contains("*}");
                if ((pass == 0) == greedy) {
                    continue;
                }
                Matcher m = r.pattern.matcher(path);
                if (!m.matches()) {
                    continue;
                }
                if (!r.method.equals(method) && !("HEAD".equals(method) && "GET".equals(r.method) && !hasHead(path))) {
                    pathKnown = true;
                    continue;
                }
                Map<String, String> params = new HashMap<>();
                for (int i = 0; i < r.params.size(); i++) {
                    params.put(r.params.get(i), m.group(i + 1));
                }
                return new Match(r.handler, params);
            }
        }
        if (pathKnown) {
            throw new ApiException(405, "method " + method + " is not allowed on " + path);
        }
        throw ApiException.notFound("page not found");
    }

    private boolean hasHead(String path) {
        for (Route r : routes) {
            if (r.method.equals("HEAD") && r.pattern.matcher(path).matches()) {
                return true;
            }
        }
        return false;
    }
}
