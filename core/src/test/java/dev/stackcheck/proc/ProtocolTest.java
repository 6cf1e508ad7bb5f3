package dev.stackcheck.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.BlackBoxEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolTest {

    @Test
    void everyKindOfLine() {
        assertEquals(new Protocol.Obs(-9223372036854775808L), Protocol.parse("{\"obs\":-9223372036854775808}", "x"));
        assertEquals(new Protocol.Overflow("stack overflow"), Protocol.parse("{\"overflow\":\"stack overflow\"}", "x"));
        assertEquals(new Protocol.Refuse("nomap"), Protocol.parse("{\"refuse\":\"nomap\"}", "x"));
        assertEquals(new Protocol.EngineError("boom"), Protocol.parse(" {\"error\": \"boom\"} ", "x"));
        assertEquals(new Protocol.StatsLine(Map.of("calls", 3L, "copies", 1L)),
                Protocol.parse("{\"stats\":{\"calls\":3,\"copies\":1}}", "x"));
        Protocol.Line l = Protocol.parse("{\"event\":\"copy\",\"old\":2048,\"new\":4096,\"used\":1000,"
                + "\"oldLo\":4096,\"oldSp\":5144,\"oldHi\":6144,\"stack\":\"g1\",\"step\":7}", "stdout line 3");
        BlackBoxEvent e = assertInstanceOf(Protocol.Event.class, l).event();
        assertEquals(BlackBoxEvent.Kind.COPY, e.kind());
        assertEquals(2048, e.oldSize());
        assertEquals(4096, e.newSize());
        assertEquals(1000, e.usedBytes());
        assertEquals(BlackBoxEvent.UNKNOWN, e.newLo());
        assertEquals("g1", e.stack());
        assertEquals(7, e.step());
        assertEquals("stdout line 3", e.origin());
        assertEquals(BlackBoxEvent.Kind.LESSSTACK,
                ((Protocol.Event) Protocol.parse("{\"event\":\"lessstack\"}", "x")).event().kind());
    }

    @Test
    void anythingElseIsNotProtocol() {
        String[] bad = {"", "garbage", "42", "[1]", "{}", "{\"obs\":1.5}", "{\"obs\":\"7\"}", "{\"obs\":1} x",
            "{\"obs\":99999999999999999999}", "{\"obs\":1,\"extra\":2}", "{\"nope\":1}", "{\"event\":\"teleport\"}",
            "{\"event\":\"copy\",\"colour\":1}", "{\"event\":\"copy\",\"old\":-1}", "{\"stats\":{\"bogus\":1}}",
            "{\"stats\":{\"calls\":-1}}", "{\"stats\":3}", "{\"refuse\":3}", "{\"obs\":1,\"obs\":2}"};
        for (String b : bad) {
            ProtocolError e = assertThrows(ProtocolError.class, () -> Protocol.parse(b, "x"), b);
            assertTrue(!e.getMessage().isEmpty());
        }
    }
}
