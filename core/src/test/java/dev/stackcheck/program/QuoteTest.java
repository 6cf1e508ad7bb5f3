package dev.stackcheck.program;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuoteTest {

    @Test
    void shortTextIsQuotedAsItIs() {
        assertEquals("'call'", Quote.token("call"));
        assertEquals("''", Quote.token(""));
        assertEquals("'é名'", Quote.token("é名"));
        assertEquals("'null'", Quote.token(null));
    }

    @Test
    void longTextIsCutToItsLimitWithDots() {
        assertEquals("'" + "x".repeat(Quote.TOKEN) + "'", Quote.token("x".repeat(Quote.TOKEN)));
        assertEquals("'" + "x".repeat(Quote.TOKEN - 3) + "...'", Quote.token("x".repeat(Quote.TOKEN + 1)));
        assertEquals("'" + "y".repeat(Quote.LINE - 3) + "...'", Quote.line("y".repeat(10_000_000)));
    }

    @Test
    void controlCharactersAreEscaped() {
        assertEquals("'a\\u0000b\\u001bc\\u007fd\\u0009'", Quote.token("a\u0000b\u001bc\u007fd\t"));
    }
}
