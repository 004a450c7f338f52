package dev.wharf.controlplane.domain.container;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.model.agent.ContainerSpec;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stores a {@link ContainerSpec} as one JSON column: the spec is read and written whole, never queried by
 * its parts, and new spec fields then need no migration.
 */
@Converter
public class ContainerSpecConverter implements AttributeConverter<ContainerSpec, String> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Specs are immutable and often equal (replicas, pages read again and again): parse each text once. */
    private static final int CACHE_SIZE = 20_000;
    private static final Map<String, ContainerSpec> PARSED = new ConcurrentHashMap<>();

    @Override
    public String convertToDatabaseColumn(ContainerSpec spec) {
        try {
            return spec == null ? null : JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write container spec as JSON", e);
        }
    }

    @Override
    public ContainerSpec convertToEntityAttribute(String json) {
        try {
            if (json == null) {
                return null;
            }
            ContainerSpec cached = PARSED.get(json);
            if (cached != null) {
                return cached;
            }
            ContainerSpec spec = JSON.readValue(json, ContainerSpec.class);
            if (PARSED.size() >= CACHE_SIZE) {
                PARSED.clear();
            }
            PARSED.put(json, spec);
            return spec;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored container spec is not valid JSON", e);
        }
    }
}
