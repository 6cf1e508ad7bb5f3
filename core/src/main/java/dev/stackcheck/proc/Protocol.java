package dev.stackcheck.proc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.program.Quote;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The lines of the outside-engine protocol (specs/PROTOCOL.md), one JSON object each: an observation, an
 * event, an overflow, a refusal, an error, or the final statistics. {@link #parse} turns one line into a
 * {@link Line} or throws {@link ProtocolError} saying what is wrong with it.
 */
public final class Protocol {

    /** The statistics fields an engine may report (those of {@link dev.stackcheck.engine.Stats}). */
    public static final Set<String> STATS_FIELDS = Set.of("calls", "returns", "splits", "lessstack", "segmentAllocs",
            "segmentFrees", "cacheHits", "copies", "shrinks", "bytesCopied", "pointersAdjusted", "peakReserved",
            "peakUsed", "segmentMin");

    private static final Set<String> EVENT_FIELDS = Set.of("event", "old", "new", "used", "oldLo", "oldSp", "oldHi",
            "newLo", "newSp", "newHi", "stack", "step");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Protocol() {
    }

    /** One protocol line. */
    public sealed interface Line {
    }

    /** {@code {"obs": V}}: a get or load observed V. */
    public record Obs(long value) implements Line {
    }

    /** {@code {"event": ...}}: a structural event. */
    public record Event(BlackBoxEvent event) implements Line {
    }

    /** {@code {"overflow": MESSAGE}}: the stack would pass the engine's limit; the engine stopped. */
    public record Overflow(String message) implements Line {
    }

    /** {@code {"refuse": REASON}}: the engine declines the program. */
    public record Refuse(String reason) implements Line {
    }

    /** {@code {"error": MESSAGE}}: the engine failed. */
    public record EngineError(String message) implements Line {
    }

    /** {@code {"stats": {...}}}: the statistics, the last line. */
    public record StatsLine(Map<String, Long> fields) implements Line {
    }

    /**
     * Parses one line.
     *
     * @param text   the line, without its line break
     * @param origin where it was read, for the events' {@link BlackBoxEvent#origin()}
     * @throws ProtocolError when it is not a protocol line
     */
    public static Line parse(String text, String origin) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProtocolError("not a JSON object: " + Quote.line(text));
        }
        if (node == null || !node.isObject() || node.size() == 0) {
            throw new ProtocolError("not a JSON object: " + Quote.line(text));
        }
        String key = node.fieldNames().next();
        if (node.has("event")) {
            return new Event(event(node, text, origin));
        }
        if (node.size() != 1) {
            throw new ProtocolError("a protocol object has one field (or is an event): " + Quote.line(text));
        }
        JsonNode v = node.get(key);
        switch (key) {
            case "obs":
                return new Obs(integer(v, "obs", text));
            case "overflow":
                return new Overflow(string(v, "overflow", text));
            case "refuse":
                return new Refuse(string(v, "refuse", text));
            case "error":
                return new EngineError(string(v, "error", text));
            case "stats":
                if (!v.isObject()) {
                    throw new ProtocolError("stats is an object: " + Quote.line(text));
                }
                Map<String, Long> fields = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = v.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> f = it.next();
                    if (!STATS_FIELDS.contains(f.getKey())) {
                        throw new ProtocolError("unknown statistic " + Quote.token(f.getKey()) + ": " + Quote.line(text));
                    }
                    long n = integer(f.getValue(), "stats." + f.getKey(), text);
                    if (n < 0) {
                        throw new ProtocolError("stats." + f.getKey() + " is negative: " + Quote.line(text));
                    }
                    fields.put(f.getKey(), n);
                }
                return new StatsLine(fields);
            default:
                throw new ProtocolError("unknown line kind " + Quote.token(key) + ": " + Quote.line(text));
        }
    }

    private static BlackBoxEvent event(JsonNode node, String text, String origin) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!EVENT_FIELDS.contains(n)) {
                throw new ProtocolError("unknown event field " + Quote.token(n) + ": " + Quote.line(text));
            }
        }
        String name = string(node.get("event"), "event", text);
        BlackBoxEvent.Kind kind = BlackBoxEvent.Kind.byProtocolName(name);
        if (kind == null) {
            throw new ProtocolError("unknown event " + name + ": " + Quote.line(text));
        }
        String stack = node.has("stack") ? string(node.get("stack"), "stack", text) : "";
        return new BlackBoxEvent(kind, opt(node, "old", text), opt(node, "new", text), opt(node, "used", text),
                opt(node, "oldLo", text), opt(node, "oldSp", text), opt(node, "oldHi", text), opt(node, "newLo", text),
                opt(node, "newSp", text), opt(node, "newHi", text), stack, opt(node, "step", text), origin);
    }

    private static long opt(JsonNode node, String field, String text) {
        if (!node.has(field)) {
            return BlackBoxEvent.UNKNOWN;
        }
        long v = integer(node.get(field), field, text);
        if (v < 0) {
            throw new ProtocolError(field + " is negative: " + Quote.line(text));
        }
        return v;
    }

    private static long integer(JsonNode v, String field, String text) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new ProtocolError(field + " is a 64-bit integer: " + Quote.line(text));
        }
        return v.longValue();
    }

    private static String string(JsonNode v, String field, String text) {
        if (v == null || !v.isTextual()) {
            throw new ProtocolError(field + " is a string: " + Quote.line(text));
        }
        return v.textValue();
    }
}
