package dev.stackcheck.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParserTest {

    // ---- errors: one test per kind, each checking line, column and reason ----

    private static ParseError error(String text, int line, int column, String reasonPart) {
        ParseError e = assertThrows(ParseError.class, () -> Parser.parse(text));
        assertEquals(new Pos(line, column), e.pos(), () -> "position of: " + e.getMessage());
        assertTrue(e.reason().contains(reasonPart), () -> "reason '" + e.reason() + "' lacks '" + reasonPart + "'");
        assertEquals(line + ":" + column + ": " + e.reason(), e.getMessage());
        return e;
    }

    private static final String F = "frame f words=2 ptrs=1\n";

    @Test
    void unknownKeyword() {
        error(F + "call f\n  jump 3\n", 3, 3, "unknown statement 'jump'");
    }

    @Test
    void keywordsAreCaseSensitive() {
        error(F + "CALL f\n", 2, 1, "unknown statement 'CALL'");
    }

    @Test
    void missingArgument() {
        error(F + "call f\nset 1\n", 3, 6, "set takes 2 arguments, got 1");
        error(F + "call\n", 2, 5, "call takes 1 argument, got 0");
        error(F + "call f\naddr 1\n", 3, 7, "addr takes 2 arguments");
        error(F + "call f\nget   # slot forgotten\n", 3, 4, "get takes 1 argument, got 0");
    }

    @Test
    void extraArgument() {
        error(F + "call f\nret now\n", 3, 5, "unexpected 'now': ret takes no arguments");
        error(F + "call f\ngc 1\n", 3, 4, "gc takes no arguments");
        error(F + "call f\nset 0 1 2\n", 3, 9, "unexpected '2': set takes 2 arguments");
        error(F + "call f f\n", 2, 8, "call takes 1 argument");
    }

    @Test
    void badInteger() {
        error(F + "call f\nset 0 12x\n", 3, 7, "bad integer '12x'");
        error(F + "call f\nset 0x 1\n", 3, 5, "bad integer '0x'");
        error(F + "call f\nstore 1 -\n", 3, 9, "bad integer '-'");
        error(F + "call f\nset 0 +5\n", 3, 7, "bad integer '+5'");
        error(F + "call f\ndefer 1 1.5\n", 3, 9, "bad integer '1.5'");
    }

    @Test
    void valueOutOfSigned64BitRange() {
        error(F + "call f\nset 0 9223372036854775808\n", 3, 7, "out of the signed 64-bit range");
        error(F + "call f\nset 0 -9223372036854775809\n", 3, 7, "out of the signed 64-bit range");
    }

    @Test
    void negativeSlot() {
        error(F + "call f\nget -1\n", 3, 5, "slot must not be negative, got -1");
        error(F + "call f\nstore -2 5\n", 3, 7, "slot must not be negative");
    }

    @Test
    void slotTooLargeForAnInt() {
        error(F + "call f\nget 2147483648\n", 3, 5, "slot 2147483648 is too large");
    }

    @Test
    void badAddrTarget() {
        error(F + "call f\naddr 1 0\n", 3, 8, "expected a target F.T");
        error(F + "call f\naddr 1 .0\n", 3, 8, "missing frame number");
        error(F + "call f\naddr 1 0.\n", 3, 10, "missing slot number");
        error(F + "call f\naddr 1 0.x\n", 3, 10, "bad integer 'x'");
        error(F + "call f\naddr 1 -1.0\n", 3, 8, "frame must not be negative");
        error(F + "call f\naddr 1 12.-3\n", 3, 11, "slot must not be negative");
    }

    @Test
    void unknownLayoutInCall() {
        error(F + "call f\ncall g\n", 3, 6, "unknown layout 'g'");
    }

    @Test
    void declarationAfterStatement() {
        error(F + "call f\n\n  frame g words=1\n", 4, 3, "declaration after a statement");
    }

    @Test
    void duplicateLayout() {
        error(F + "frame f words=3\n", 2, 7, "layout 'f' is declared twice");
    }

    @Test
    void badLayoutName() {
        error("frame 9lives words=1\n", 1, 7, "bad layout name '9lives'");
        error("frame a=b words=1\n", 1, 7, "bad layout name 'a=b'");
    }

    @Test
    void missingLayoutName() {
        error("frame\n", 1, 6, "missing layout name");
    }

    @Test
    void missingWords() {
        error("frame f ptrs=0\n", 1, 15, "missing words=N");
    }

    @Test
    void wordsLessThanOne() {
        error("frame f words=0\n", 1, 15, "at least 1 word, got 0");
        error("frame f words=-3\n", 1, 15, "word count must not be negative");
        error("frame f words=\n", 1, 15, "missing integer");
    }

    @Test
    void wordsGivenTwice() {
        error("frame f words=1 words=2\n", 1, 17, "words= given twice");
    }

    @Test
    void unknownDeclarationAttribute() {
        error("frame f words=1 ptr=0\n", 1, 17, "unexpected 'ptr=0' in a frame declaration");
    }

    @Test
    void pointerSlotOutOfRange() {
        error("frame f words=3 ptrs=0,3\n", 1, 24, "pointer slot 3 is out of range (f has 3 slots: 0..2)");
    }

    @Test
    void pointerSlotDuplicated() {
        error("frame f words=9 ptrs=2,7,2\n", 1, 26, "pointer slot 2 is listed twice");
    }

    @Test
    void pointerListMalformed() {
        error("frame f words=3 ptrs=\n", 1, 22, "ptrs= needs at least one slot");
        error("frame f words=3 ptrs=0,,1\n", 1, 24, "empty slot in the list");
        error("frame f words=3 ptrs=0,x\n", 1, 24, "bad integer 'x'");
        error("frame f words=3 ptrs=1 ptrs=2\n", 1, 24, "ptrs= given twice");
    }

    @Test
    void pointersTogetherWithNomap() {
        error("frame f words=3 ptrs=1 nomap\n", 1, 24, "nomap together with ptrs=");
        error("frame f words=3 nomap ptrs=1\n", 1, 23, "ptrs= together with nomap");
        error("frame f words=3 nomap nomap\n", 1, 23, "nomap given twice");
    }

    @Test
    void repeatCountLessThanOne() {
        error(F + "call f\nrepeat 0 {\n  gc\n}\n", 3, 8, "repeat count must be at least 1, got 0");
        error(F + "call f\nrepeat -4 {\n  gc\n}\n", 3, 8, "at least 1, got -4");
    }

    @Test
    void repeatCountMissingOrBad() {
        error(F + "call f\nrepeat\n", 3, 7, "missing repeat count");
        error(F + "call f\nrepeat many {\n", 3, 8, "bad integer 'many'");
    }

    @Test
    void missingOpenBrace() {
        error(F + "call f\nrepeat 3\n  gc\n", 3, 9, "missing '{'");
        error(F + "call f\nrepeat 3 (\n", 3, 10, "expected '{' after the repeat count, got '('");
    }

    @Test
    void statementAfterOpenBrace() {
        error(F + "call f\nrepeat 3 { gc\n", 3, 12, "unexpected 'gc' after '{'");
    }

    @Test
    void unmatchedCloseBrace() {
        error(F + "call f\nrepeat 2 {\n  gc\n}\n}\n", 6, 1, "'}' without a matching repeat");
    }

    @Test
    void closeBraceWithArguments() {
        error(F + "call f\nrepeat 2 {\n  gc\n} ret\n", 5, 3, "unexpected 'ret'");
    }

    @Test
    void unclosedRepeatReportsTheRepeat() {
        // the innermost open repeat is reported, at its keyword
        error(F + "call f\nrepeat 2 {\n  gc\n  repeat 3 {\n    gc\n# end of file\n", 5, 3,
                "repeat is never closed");
        error(F + "call f\nrepeat 2 {\n  repeat 3 {\n    gc\n  }\n", 3, 1, "repeat is never closed");
    }

    @Test
    void emptyRepeatBodyIsRejected() {
        error(F + "call f\n  repeat 5 {\n  # nothing here\n  }\nret\n", 3, 3, "repeat body is empty");
        // a body holding only an empty repeat fails on the inner one first
        error(F + "call f\nrepeat 5 {\n  repeat 2 {\n  }\n}\n", 4, 3, "repeat body is empty");
    }

    @Test
    void errorColumnsCountTabsAsOneCharacter() {
        error(F + "call f\n\tset\t0\tz\n", 3, 8, "bad integer 'z'");
    }

    // ---- what parses ----

    @Test
    void parsesEveryStatement() {
        Program p = Parser.parse(String.join("\n",
                "# header comment",
                "frame main words=3 ptrs=2,0",
                "frame raw words=2 nomap",
                "",
                "call main            # frame 0",
                "set 1 -7",
                "set 0 0",
                "addr 2 0.1",
                "store 2 11",
                "load 2",
                "defer 2 12",
                "call raw",
                "addr 0 0.1",
                "get 1",
                "gc",
                "repeat 3 {",
                "  gc",
                "}",
                "ret",
                "ret"));
        Layout main = new Layout("main", 3, new int[] {0, 2}, false);
        Layout raw = new Layout("raw", 2, new int[0], true);
        assertEquals(List.of(main, raw), p.layouts());
        List<Op> expected = List.of(new Op.Call(main), new Op.Set(1, -7), new Op.Set(0, 0), new Op.Addr(2, 0, 1),
                new Op.Store(2, 11), new Op.Load(2), new Op.Defer(2, 12), new Op.Call(raw), new Op.Addr(0, 0, 1),
                new Op.Get(1), new Op.Gc(), new Op.Repeat(3, List.of(new Op.Gc())), new Op.Ret(), new Op.Ret());
        assertEquals(expected, p.body());
        assertEquals(15, p.length());
        assertEquals(16, p.steps());
    }

    @Test
    void aTextWithoutStatementsIsBadInput() {
        error("", 1, 1, "no statement");
        error("# only a comment\n\n   \n", 4, 1, "no statement");
        error("frame f words=1  # declarations only\n", 2, 1, "no statement");
        assertEquals(1, Parser.parse("frame f words=1\ncall f\n").length());
    }

    @Test
    void aFrameLargerThanOneGibibyteIsBadInput() {
        error("frame f words=2000000000\ncall f\n", 1, 15, "a frame of 2000000000 words is too large: at most 134217728");
        error("frame f words=" + (Layout.MAX_WORDS + 1) + "\ncall f\n", 1, 15, "too large");
        assertEquals(Layout.MAX_WORDS, Parser.parse("frame f words=" + Layout.MAX_WORDS + "\ncall f\n").layouts().get(0).words());
    }

    @Test
    void longTokensAreQuotedShortAndControlCharactersEscaped() {
        String huge = "x".repeat(10_000_000);
        ParseError e = error(F + "call f\n" + huge + "\n", 3, 1, "unknown statement 'xxx");
        assertTrue(e.getMessage().length() < 200, () -> e.getMessage().length() + " characters");
        error(F + "call f\nset 0 1\u00002\n", 3, 7, "bad integer '1\\u00002'");
        error(F + "call f\nset 0 " + "9".repeat(5000) + "\n", 3, 7, "integer '999");
        ParseError named = error(F + "call " + "g".repeat(100) + "\n", 2, 6, "declare it with: frame NAME words=N");
        assertFalse(named.getMessage().contains("g".repeat(41)), named.getMessage());
        error(F + "call g\n", 2, 6, "declare it with: frame g words=N");
    }

    @Test
    void positionsByPreorderNumber() {
        Program p = Parser.parse("frame f words=1\n\ncall f\n repeat 2 {  # loop\n\tgc\n    repeat 3 {\n      get 0\n  }\n}\n"
                + "ret\n");
        // preorder: call, repeat, gc, repeat, get, ret
        assertEquals(6, p.length());
        assertEquals(new Pos(3, 1), p.position(0));
        assertEquals(new Pos(4, 2), p.position(1));
        assertEquals(new Pos(5, 2), p.position(2));
        assertEquals(new Pos(6, 5), p.position(3));
        assertEquals(new Pos(7, 7), p.position(4));
        assertEquals(new Pos(10, 1), p.position(5));
        assertInstanceOf(Op.Get.class, p.statement(4));
        assertEquals(Pos.UNKNOWN, p.position(6));
    }

    @Test
    void crlfCommentsTabsAndByteOrderMark() {
        Program unix = Parser.parse("frame f words=2\ncall f\nset 1 5\nget 1\nret\n");
        assertEquals(unix, Parser.parse("\uFEFFframe f words=2\r\ncall f\r\n\tset  1\t5#five\r\nget 1\r\nret"));
        Program p = Parser.parse("frame f words=2\r\ncall f\r\n  get 1\r\n");
        assertEquals(new Pos(3, 3), p.position(1));
    }

    @Test
    void declarationAttributesInAnyOrder() {
        assertEquals(Parser.parse("frame f words=4 ptrs=3,1\ncall f\n"), Parser.parse("frame f ptrs=1,3 words=4\ncall f\n"));
        assertEquals(Parser.parse("frame f words=4 nomap\ncall f\n"), Parser.parse("frame f nomap words=4\ncall f\n"));
    }

    @Test
    void valuesAreSigned64Bit() {
        Program p = Parser.parse(F + "call f\nset 0 -9223372036854775808\nstore 1 9223372036854775807\ndefer 1 -1\n");
        assertEquals(new Op.Set(0, Long.MIN_VALUE), p.statement(1));
        assertEquals(new Op.Store(1, Long.MAX_VALUE), p.statement(2));
        assertEquals(new Op.Defer(1, -1), p.statement(3));
    }

    @Test
    void repeatCountIsA64BitInteger() {
        Program p = Parser.parse(F + "call f\nrepeat 9223372036854775807 {\n  gc\n}\n");
        assertEquals(Long.MAX_VALUE, ((Op.Repeat) p.statement(1)).count());
        assertEquals(Long.MAX_VALUE, p.steps());
    }

    @Test
    void slotRangesAreTheSpecificationsBusiness() {
        // slot 7 of a 2-word frame parses; the specification rejects it when it runs
        Program p = Parser.parse(F + "call f\nget 7\naddr 0 5.9\n");
        assertEquals(new Op.Get(7), p.statement(1));
        assertEquals(new Op.Addr(0, 5, 9), p.statement(2));
    }

    @Test
    void layoutNamesMayBeKeywords() {
        Program p = Parser.parse("frame call words=1\nframe ret-2.x words=1\ncall call\ncall ret-2.x\n");
        assertEquals("call", ((Op.Call) p.statement(0)).layout().name());
        assertEquals(p, Parser.parse(Printer.print(p)));
    }

    @Test
    void parsesAFileAsUtf8(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("p.stk");
        Files.writeString(file, "# \u00e9t\u00e9 \u6808\nframe f words=1\ncall f\nget 0\n", StandardCharsets.UTF_8);
        Program p = Parser.parse(file);
        assertEquals(List.of(new Op.Call(p.layout("f")), new Op.Get(0)), p.body());
        assertEquals(new Pos(3, 1), p.position(0));
    }

    // ---- deep nesting: no JVM stack proportional to the nesting ----

    @Test
    void hundredThousandNestedRepeats() {
        int depth = 100_000;
        StringBuilder s = new StringBuilder("frame f words=1\ncall f\n");
        for (int i = 0; i < depth; i++) {
            s.append("repeat 2 {\n");
        }
        s.append("gc\n");
        for (int i = 0; i < depth; i++) {
            s.append("}\n");
        }
        Program p = Parser.parse(s.toString());
        assertEquals(depth + 2, p.length());
        assertEquals(Long.MAX_VALUE, p.steps());
        String printed = Printer.print(p);
        Program back = Parser.parse(printed);
        assertEquals(p, back);
        assertEquals(p.hashCode(), back.hashCode());
        assertEquals(new Pos(depth + 3, 2 * Printer.MAX_INDENT + 1), back.position(depth + 1));
        Cursor c = p.cursor();
        assertInstanceOf(Op.Call.class, c.next());
        assertInstanceOf(Op.Gc.class, c.next());
        assertEquals(depth + 1, c.index());
        assertEquals(depth, c.openRepeats());
    }

    @Test
    void hundredThousandNestedUnclosedRepeats() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            s.append("repeat 1 {\n");
        }
        error(s.toString(), 100_000, 1, "repeat is never closed");
    }

    // ---- round trips ----

    @Test
    void roundTripNestedRepeatsAndExtremeValues() {
        Program p = Parser.parse(String.join("\n",
                "frame a words=4 ptrs=1,3",
                "frame b words=1 nomap",
                "frame c words=100",
                "call a",
                "set 0 -9223372036854775808",
                "set 2 9223372036854775807",
                "addr 1 0.0",
                "repeat 3 {",
                "  call b",
                "  repeat 2 {",
                "    repeat 9223372036854775807 {",
                "      get 0",
                "    }",
                "    set 0 -1",
                "  }",
                "  ret",
                "}",
                "defer 1 -42",
                "store 1 0",
                "load 1",
                "ret",
                ""));
        String printed = Printer.print(p);
        Program back = Parser.parse(printed);
        assertEquals(p, back);
        assertEquals(printed, Printer.print(back));
        assertTrue(printed.contains("      get 0\n"));
        assertTrue(printed.contains("set 0 -9223372036854775808\n"));
        for (int i = 0; i < p.length(); i++) {
            assertEquals(Printer.positions(p)[i], back.position(i), "position of statement " + i);
        }
    }

    @Test
    void roundTripOfBuiltPrograms() {
        Layout f = new Layout("f", 3, new int[] {2}, false);
        Program p = new Program(List.of(f), List.of(new Op.Call(f), new Op.Repeat(2, List.of(
                new Op.Repeat(5, List.of(new Op.Set(0, Long.MIN_VALUE))), new Op.Get(0))), new Op.Ret()));
        assertEquals(p, Parser.parse(Printer.print(p)));
        Op.Repeat inner = new Op.Repeat(5, List.of(new Op.Set(0, Long.MIN_VALUE)));
        Program other = new Program(List.of(f), List.of(new Op.Call(f), new Op.Repeat(2, List.of(inner)),
                new Op.Get(0), new Op.Ret()));
        assertFalse(p.equals(other), "same statements in preorder, different nesting");
    }

    @Test
    void roundTripOfRandomPrograms() {
        Random random = new Random(20240611L);
        for (int trial = 0; trial < 300; trial++) {
            Program p = randomProgram(random);
            String printed = Printer.print(p);
            Program back = Parser.parse(printed);
            assertEquals(p, back, () -> printed);
            assertEquals(p.hashCode(), back.hashCode());
            assertEquals(printed, Printer.print(back));
        }
    }

    /** A syntactically valid program (not necessarily a legal run): every statement kind, nested repeats. */
    static Program randomProgram(Random random) {
        List<Layout> layouts = new ArrayList<>();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            int words = 1 + random.nextInt(6);
            boolean nomap = random.nextInt(4) == 0;
            List<Integer> ptrs = new ArrayList<>();
            for (int s = 0; s < words && !nomap; s++) {
                if (random.nextBoolean()) {
                    ptrs.add(s);
                }
            }
            java.util.Collections.shuffle(ptrs, random);
            layouts.add(new Layout("l" + i, words, ptrs.stream().mapToInt(Integer::intValue).toArray(), nomap));
        }
        List<List<Op>> open = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        open.add(new ArrayList<>());
        int statements = 1 + random.nextInt(40);
        for (int i = 0; i < statements; i++) {
            List<Op> body = open.get(open.size() - 1);
            int kind = random.nextInt(11);
            if (kind == 10 && open.size() > 1 && !body.isEmpty()) {
                List<Op> done = open.remove(open.size() - 1);
                open.get(open.size() - 1).add(new Op.Repeat(counts.remove(counts.size() - 1), done));
            } else if (kind == 9) {
                open.add(new ArrayList<>());
                counts.add(random.nextBoolean() ? 1 + random.nextInt(5) : 1 + (random.nextLong() >>> 1));
            } else {
                body.add(randomStatement(random, layouts, kind));
            }
        }
        while (open.size() > 1) {
            List<Op> done = open.remove(open.size() - 1);
            if (done.isEmpty()) {
                done.add(new Op.Gc());
            }
            open.get(open.size() - 1).add(new Op.Repeat(counts.remove(counts.size() - 1), done));
        }
        return new Program(layouts, open.get(0));
    }

    private static Op randomStatement(Random random, List<Layout> layouts, int kind) {
        int slot = random.nextInt(8);
        long value = random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(21) - 10;
        switch (kind) {
            case 0:
                return new Op.Call(layouts.get(random.nextInt(layouts.size())));
            case 1:
                return new Op.Ret();
            case 2:
                return new Op.Set(slot, value);
            case 3:
                return new Op.Get(slot);
            case 4:
                return new Op.Addr(slot, random.nextInt(5), random.nextInt(8));
            case 5:
                return new Op.Store(slot, value);
            case 6:
                return new Op.Load(slot);
            case 7:
                return new Op.Defer(slot, value);
            default:
                return new Op.Gc();
        }
    }

    static String error(String text) {
        return assertThrows(ParseError.class, () -> Parser.parse(text)).getMessage();
    }

    static final String HEAD = "frame m words=3 ptrs=1\ncall m\n";

    @Test
    void statementsTakeExactlyTheirArguments() {
        assertEquals("3:7: unexpected '1': get takes 1 argument", error(HEAD + "get 0 1\n"));
        assertEquals("3:11: unexpected '3': store takes 2 arguments", error(HEAD + "store 1 2 3\n"));
        assertEquals("3:8: unexpected '1': load takes 1 argument", error(HEAD + "load 1 1\n"));
        assertEquals("3:11: unexpected '3': defer takes 2 arguments", error(HEAD + "defer 1 2 3\n"));
    }

    @Test
    void theLargestSlotParses() {
        Program p = Parser.parse(HEAD + "get 2147483647\n");
        assertEquals(new Op.Get(Integer.MAX_VALUE), p.statement(1));
        assertEquals("3:5: slot 2147483648 is too large (at most 2147483647)", error(HEAD + "get 2147483648\n"));
    }

    @Test
    void namesMayHoldUnderscoresDashesAndDots() {
        Program p = Parser.parse("frame _a-b.c words=1\ncall _a-b.c\n");
        assertEquals("_a-b.c", p.layouts().get(0).name());
        assertEquals("a_9", Parser.parse("frame a_9 words=1\ncall a_9\n").layouts().get(0).name());
        assertEquals("1:7: bad layout name 'a%b' (a letter or _, then letters, digits, _, - or .)",
                error("frame a%b words=1\n"));
        assertEquals("1:7: bad layout name '1a' (a letter or _, then letters, digits, _, - or .)",
                error("frame 1a words=1\n"));
    }

    @Test
    void aDeclarationNeedsItsSizes() {
        assertEquals("1:8: missing words=N in the declaration of 'x'", error("frame x\n"));
        assertEquals("1:22: empty slot in the list ',1'", error("frame x words=2 ptrs=,1\n"));
    }

    @Test
    void aLeadingEmptyLineCountsAsALine() {
        Program p = Parser.parse("\nframe m words=1\ncall m\nret\n");
        assertEquals(new Pos(3, 1), p.position(0));
        assertEquals(2, p.length());
    }
}
