package dev.stackcheck.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackcheck.engine.Stats;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;

/** The one JSON object a command prints with {@code --json}. */
final class Json {

    /** Made at first use: its databind machinery costs a cold command some 0.2 s, which check and selftest skip. */
    private static final class Mapper {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    static ObjectMapper mapper() {
        return Mapper.MAPPER;
    }

    static ObjectNode object() {
        return mapper().createObjectNode();
    }

    static void print(PrintWriter out, ObjectNode node) {
        try {
            out.println(mapper().writeValueAsString(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    /**
     * Prints a tree of maps (in their order), collections, strings, numbers, booleans and nulls, the text
     * {@link #print(PrintWriter, ObjectNode)} prints for it (the same pretty printer), through Jackson's
     * streaming generator alone.
     */
    static void print(PrintWriter out, Map<String, ?> tree) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(text)) {
            g.useDefaultPrettyPrinter();
            write(g, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println(text);
        out.flush();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof String str) {
            g.writeString(str);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else {
            throw new IllegalArgumentException("not a JSON value of a report: " + v.getClass().getName());
        }
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
        return mapper().createArrayNode();
    }
}
