package dev.wharf.model.oci;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The one Jackson configuration for image documents: unknown fields ignored, {@link java.time.Instant} as
 * RFC 3339 (see {@link InstantModule}), compact output with fields in declaration order and map keys sorted
 * (as Go's encoding/json), so that writing the same value always gives the same bytes.
 */
public final class OciJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new InstantModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private static final Map<Class<?>, String> NAMES = Map.of(
            ImageManifest.class, "image manifest",
            ImageIndex.class, "image index",
            ImageConfig.class, "image config",
            Descriptor.class, "descriptor");

    private OciJson() {
    }

    /** The shared mapper. Do not reconfigure it; use {@code mapper().copy()} for a variant. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses {@code bytes} as a {@code type} and keeps the bytes.
     *
     * @throws MalformedDocumentException naming the document type and the problem (with its location)
     */
    public static <T> RawDocument<T> read(byte[] bytes, Class<T> type) {
        String name = NAMES.getOrDefault(type, type.getSimpleName());
        T value;
        try {
            value = MAPPER.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw new MalformedDocumentException("malformed " + name + ": " + describe(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (value == null) {
            throw new MalformedDocumentException("malformed " + name + ": the document is JSON null", null);
        }
        return new RawDocument<>(bytes, value);
    }

    /** Compact JSON of {@code value}; the same value always gives the same bytes. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** {@code value} with the bytes {@link #write} gives for it, ready to digest and push. */
    public static <T> RawDocument<T> document(T value) {
        return new RawDocument<>(write(value), value);
    }

    private static String describe(JsonProcessingException e) {
        String problem = e.getOriginalMessage();
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof IllegalArgumentException && !(c instanceof JsonProcessingException)) {
                problem = c.getMessage();
                break;
            }
        }
        StringBuilder sb = new StringBuilder(problem == null ? e.getClass().getSimpleName() : problem);
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            sb.append(" (at ").append(path(m)).append(')');
        }
        JsonLocation loc = e.getLocation();
        if (loc != null && loc.getLineNr() > 0) {
            sb.append(" (line ").append(loc.getLineNr()).append(", column ").append(loc.getColumnNr()).append(')');
        }
        return sb.toString();
    }

    private static String path(JsonMappingException m) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : m.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
