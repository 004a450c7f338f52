package dev.wharf.controlplane.domain.container;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.model.agent.ContainerSpec;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a {@link ContainerSpec} as one JSON column: the spec is read and written whole, never queried by
 * its parts, and new spec fields then need no migration.
 */
@Converter
public class ContainerSpecConverter implements AttributeConverter<ContainerSpec, String> {

    private static final ObjectMapper JSON = new ObjectMapper();

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
            return json == null ? null : JSON.readValue(json, ContainerSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored container spec is not valid JSON", e);
        }
    }
}
