package dev.wharf.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} query parameter of list endpoints. Both encodings the CLI has used are accepted:
 * {@code {"label":{"a=b":true}}} and {@code {"label":["a=b"]}}.
 */
public record Filters(Map<String, Set<String>> values) {

    public static final Filters NONE = new Filters(Map.of());

    public static Filters parse(String json) {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        JsonNode root;
        try {
            root = DockerJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw ApiException.badRequest("invalid filters: " + DockerJson.describe(e));
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("invalid filters: expected a JSON object");
        }
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            var e = it.next();
            Set<String> vals = new LinkedHashSet<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> vals.add(v.asText()));
            } else if (e.getValue().isObject()) {
                e.getValue().fieldNames().forEachRemaining(vals::add);
            } else {
                vals.add(e.getValue().asText());
            }
            out.put(e.getKey(), vals);
        }
        return new Filters(out);
    }

    /** Refuses filter keys an endpoint does not know, as dockerd does ("invalid filter 'x'"). */
    public Filters allow(String... keys) {
        Set<String> ok = Set.of(keys);
        for (String k : values.keySet()) {
            if (!ok.contains(k)) {
                throw ApiException.badRequest("invalid filter '" + k + "'");
            }
        }
        return this;
    }

    public boolean has(String key) {
        return values.containsKey(key) && !values.get(key).isEmpty();
    }

    public Set<String> get(String key) {
        return values.getOrDefault(key, Set.of());
    }

    /** True when the key is absent, or when any of its values satisfies the test. */
    public boolean matchAny(String key, java.util.function.Predicate<String> test) {
        return !has(key) || get(key).stream().anyMatch(test);
    }

    /** Docker's label filter: every {@code key} or {@code key=value} must be present in the labels. */
    public boolean matchLabels(String key, Map<String, String> labels) {
        if (!has(key)) {
            return true;
        }
        Map<String, String> l = labels == null ? Map.of() : labels;
        for (String f : get(key)) {
            int eq = f.indexOf('=');
            if (eq < 0 ? !l.containsKey(f) : !f.substring(eq + 1).equals(l.get(f.substring(0, eq)))) {
                return false;
            }
        }
        return true;
    }
}
