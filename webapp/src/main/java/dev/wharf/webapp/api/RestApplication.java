package dev.wharf.webapp.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * The REST API, under {@code /api}; every resource path starts with {@code /v1}. Resources are found by
 * scanning (neither {@code getClasses} nor {@code getSingletons} is overridden).
 */
@ApplicationPath("/api")
public class RestApplication extends Application {

    @Override
    public Map<String, Object> getProperties() {
        // Payara's default JSON provider is JSON-B; this switches Jersey to Jackson (notes/stack.md 2)
        return Map.of("jersey.config.jsonFeature", "JacksonFeature");
    }
}
