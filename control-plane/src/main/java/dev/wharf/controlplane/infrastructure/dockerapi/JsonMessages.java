package dev.wharf.controlplane.infrastructure.dockerapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** Docker's streamed JSON (pull progress, events): JSON objects one after another, usually one per line. */
public final class JsonMessages {

    private JsonMessages() {
    }

    /** Hands each message to {@code consumer} until the stream ends. */
    public static void forEach(InputStream in, Consumer<JsonNode> consumer) throws IOException {
        try (MappingIterator<JsonNode> it = DockerRequest.JSON.readerFor(JsonNode.class).readValues(in)) {
            while (it.hasNextValue()) {
                consumer.accept(it.nextValue());
            }
        }
    }
}
