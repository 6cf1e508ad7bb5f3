package dev.stackcheck.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackcheck.engine.Stats;
import java.io.PrintWriter;

/** The one JSON object a command prints with {@code --json}. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static void print(PrintWriter out, ObjectNode node) {
        try {
            out.println(MAPPER.writeValueAsString(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    /** The statistics object of {@code run --json}; a statistic the engine did not report is null. */
    static ObjectNode stats(Stats s) {
        ObjectNode n = object();
        s.asMap().forEach((k, v) -> {
            if (v == Stats.NOT_REPORTED) {
                n.putNull(k);
            } else {
                n.put(k, v);
            }
        });
        return n;
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }
}
