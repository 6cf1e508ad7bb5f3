package dev.stackcheck.program;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the .stk format (specs/SPEC.md §2, "The .stk grammar"): layout declarations first, then one statement a
 * line, {@code repeat N {} ... {@code }} blocks nesting to any depth.
 *
 * <p>Invariant: a text either parses to a {@link Program} whose position table holds, for every statement
 * in preorder, the line and column of its keyword; or the parse throws one {@link ParseError} whose
 * position is the offending token (for a missing token, the column just past the end of the line's last
 * token; for an unclosed or empty repeat, the {@code repeat} keyword; for a text without a statement, the
 * start of its last line). The parser is iterative: open
 * repeats live on an explicit stack, so nesting depth costs heap, never JVM stack.
 *
 * <p>Lexical rules: tokens are separated by spaces or tabs; {@code #} starts a comment anywhere on a line;
 * lines end with LF or CRLF; a leading byte-order mark is ignored. Columns count characters from 1.
 * Values ({@code set}, {@code store}, {@code defer}) are signed 64-bit decimal integers; slots, frame
 * indexes and word counts are non-negative 32-bit integers; a repeat count is a 64-bit integer of at least 1.
 * A layout name is a letter or {@code _}, then letters, digits, {@code _}, {@code -} or {@code .}.
 *
 * <p>Rules that depend on the stack while the program runs (slot ranges, which slots hold pointers, the
 * frame a pointer targets) belong to the specification ({@code dev.stackcheck.spec.Spec}), not here;
 * the parser checks only what is static: declarations, names, arity, integers and block structure.
 */
public final class Parser {

    /** Keywords of statements, for the message on an unknown one. */
    private static final String KEYWORDS = "call, ret, set, get, addr, store, load, defer, gc, repeat or }";

    private final Map<String, Layout> layouts = new HashMap<>();
    private final List<Layout> declared = new ArrayList<>();
    private final List<Pos> positions = new ArrayList<>();
    /** open blocks, outermost first; the bottom entry is the program body */
    private final List<Block> blocks = new ArrayList<>();
    private boolean sawStatement;
    private int line;

    /** A body being collected: the program's, or an open repeat's. */
    private static final class Block {
        final List<Op> body = new ArrayList<>();
        final long count;
        final Pos pos;

        Block(long count, Pos pos) {
            this.count = count;
            this.pos = pos;
        }
    }

    /** One token of a line: its text and the column of its first character. */
    private record Token(String text, int column) {
        int end() {
            return column + text.length();
        }
    }

    private Parser() {
        blocks.add(new Block(1, Pos.UNKNOWN));
    }

    /** Parses .stk text. */
    public static Program parse(String text) {
        return new Parser().run(text);
    }

    /** Reads a .stk file as UTF-8 and parses it. */
    public static Program parse(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    private Program run(String text) {
        int start = 0;
        if (text.startsWith("\uFEFF")) {
            start = 1;
        }
        int n = text.length();
        line = 0;
        while (true) {
            int nl = text.indexOf('\n', start);
            int stop = nl < 0 ? n : nl;
            line++;
            String content = text.substring(start, stop);
            if (content.endsWith("\r")) {
                content = content.substring(0, content.length() - 1);
            }
            parseLine(tokenize(content));
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        if (blocks.size() > 1) {
            Block open = blocks.get(blocks.size() - 1);
            throw new ParseError(open.pos, "repeat is never closed: missing }");
        }
        if (!sawStatement) {
            throw new ParseError(new Pos(line, 1), "no statement: a program needs at least one (an empty program"
                    + " checks nothing)");
        }
        return new Program(declared, blocks.get(0).body, positions.toArray(new Pos[0]));
    }

    /** Splits a line into tokens, dropping any comment. */
    private static List<Token> tokenize(String content) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = content.length();
        while (i < n) {
            char c = content.charAt(i);
            if (c == '#') {
                break;
            }
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int s = i;
            while (i < n && content.charAt(i) != ' ' && content.charAt(i) != '\t' && content.charAt(i) != '#') {
                i++;
            }
            tokens.add(new Token(content.substring(s, i), s + 1));
        }
        return tokens;
    }

    private void parseLine(List<Token> t) {
        if (t.isEmpty()) {
            return;
        }
        Token keyword = t.get(0);
        if (keyword.text().equals("frame")) {
            if (sawStatement) {
                throw error(keyword, "declaration after a statement: every frame declaration comes first");
            }
            declaration(t);
            return;
        }
        if (keyword.text().equals("}")) {
            arity(t, 0);
            closeRepeat(keyword);
            return;
        }
        sawStatement = true;
        Pos pos = new Pos(line, keyword.column());
        Op op;
        switch (keyword.text()) {
            case "call": {
                arity(t, 1);
                Token name = t.get(1);
                Layout l = layouts.get(name.text());
                if (l == null) {
                    throw error(name, "unknown layout " + Quote.token(name.text()) + " (declare it with: frame "
                            + (isName(name.text()) && name.text().length() <= Quote.TOKEN ? name.text() : "NAME") + " words=N)");
                }
                op = new Op.Call(l);
                break;
            }
            case "ret":
                arity(t, 0);
                op = Op.Ret.INSTANCE;
                break;
            case "gc":
                arity(t, 0);
                op = Op.Gc.INSTANCE;
                break;
            case "set":
                arity(t, 2);
                op = new Op.Set(slot(t.get(1)), value(t.get(2)));
                break;
            case "get":
                arity(t, 1);
                op = new Op.Get(slot(t.get(1)));
                break;
            case "store":
                arity(t, 2);
                op = new Op.Store(slot(t.get(1)), value(t.get(2)));
                break;
            case "load":
                arity(t, 1);
                op = new Op.Load(slot(t.get(1)));
                break;
            case "defer":
                arity(t, 2);
                op = new Op.Defer(slot(t.get(1)), value(t.get(2)));
                break;
            case "addr":
                op = addr(t);
                break;
            case "repeat":
                openRepeat(t, pos);
                positions.add(pos);
                return;
            default:
                throw error(keyword, "unknown statement " + Quote.token(keyword.text()) + " (expected " + KEYWORDS + ")");
        }
        positions.add(pos);
        blocks.get(blocks.size() - 1).body.add(op);
    }

    private Op addr(List<Token> t) {
        arity(t, 2);
        int slot = slot(t.get(1));
        Token ref = t.get(2);
        int dot = ref.text().indexOf('.');
        if (dot < 0) {
            throw error(ref, "expected a target F.T (frame F, slot T), got " + Quote.token(ref.text()));
        }
        Token frame = new Token(ref.text().substring(0, dot), ref.column());
        Token target = new Token(ref.text().substring(dot + 1), ref.column() + dot + 1);
        if (frame.text().isEmpty()) {
            throw error(frame, "missing frame number before '.' in " + Quote.token(ref.text()));
        }
        if (target.text().isEmpty()) {
            throw error(target, "missing slot number after '.' in " + Quote.token(ref.text()));
        }
        return new Op.Addr(slot, natural(frame, "frame"), natural(target, "slot"));
    }

    private void openRepeat(List<Token> t, Pos pos) {
        if (t.size() < 2) {
            throw missing(t, "missing repeat count: repeat N {");
        }
        Token countToken = t.get(1);
        long count = integer(countToken);
        if (count < 1) {
            throw error(countToken, "repeat count must be at least 1, got " + count);
        }
        if (t.size() < 3) {
            throw missing(t, "missing '{' after the repeat count");
        }
        if (!t.get(2).text().equals("{")) {
            throw error(t.get(2), "expected '{' after the repeat count, got " + Quote.token(t.get(2).text()));
        }
        if (t.size() > 3) {
            throw error(t.get(3), "unexpected " + Quote.token(t.get(3).text()) + " after '{' (the body starts on the next line)");
        }
        blocks.add(new Block(count, pos));
    }

    private void closeRepeat(Token brace) {
        if (blocks.size() == 1) {
            throw error(brace, "'}' without a matching repeat");
        }
        Block done = blocks.remove(blocks.size() - 1);
        if (done.body.isEmpty()) {
            throw new ParseError(done.pos, "repeat body is empty: a repeat needs at least one statement");
        }
        blocks.get(blocks.size() - 1).body.add(new Op.Repeat(done.count, done.body));
    }

    private void declaration(List<Token> t) {
        if (t.size() < 2) {
            throw missing(t, "missing layout name: frame NAME words=N [ptrs=I,J,...] [nomap]");
        }
        Token name = t.get(1);
        if (!isName(name.text())) {
            throw error(name, "bad layout name " + Quote.token(name.text())
                    + " (a letter or _, then letters, digits, _, - or .)");
        }
        if (layouts.containsKey(name.text())) {
            throw error(name, "layout " + Quote.token(name.text()) + " is declared twice");
        }
        Token wordsToken = null;
        int words = 0;
        Token ptrsToken = null;
        Token nomapToken = null;
        List<Token> ptrs = new ArrayList<>();
        for (int i = 2; i < t.size(); i++) {
            Token a = t.get(i);
            String s = a.text();
            if (s.startsWith("words=")) {
                if (wordsToken != null) {
                    throw error(a, "words= given twice");
                }
                wordsToken = a;
                Token v = valuePart(a, "words=".length());
                words = natural(v, "word count");
                if (words < 1) {
                    throw error(v, "a frame needs at least 1 word, got " + words);
                }
                if (words > Layout.MAX_WORDS) {
                    throw error(v, "a frame of " + words + " words is too large: at most " + Layout.MAX_WORDS
                            + " words (1 GiB, the limit of Go's compiler: \"stack frame too large (>1GB)\")");
                }
            } else if (s.startsWith("ptrs=")) {
                if (ptrsToken != null) {
                    throw error(a, "ptrs= given twice");
                }
                if (nomapToken != null) {
                    throw error(a, "ptrs= together with nomap: a nomap layout has no pointer map");
                }
                ptrsToken = a;
                ptrs = list(valuePart(a, "ptrs=".length()));
            } else if (s.equals("nomap")) {
                if (nomapToken != null) {
                    throw error(a, "nomap given twice");
                }
                if (ptrsToken != null) {
                    throw error(a, "nomap together with ptrs=: a nomap layout has no pointer map");
                }
                nomapToken = a;
            } else {
                throw error(a, "unexpected " + Quote.token(s) + " in a frame declaration (expected words=N, ptrs=I,J,... or nomap)");
            }
        }
        if (wordsToken == null) {
            throw missing(t, "missing words=N in the declaration of " + Quote.token(name.text()));
        }
        int[] pointers = new int[ptrs.size()];
        Set<Integer> seen = new LinkedHashSet<>();
        for (int i = 0; i < ptrs.size(); i++) {
            Token p = ptrs.get(i);
            int slot = natural(p, "pointer slot");
            if (slot >= words) {
                throw error(p, "pointer slot " + slot + " is out of range (" + name.text() + " has " + words
                        + " slots: 0.." + (words - 1) + ")");
            }
            if (!seen.add(slot)) {
                throw error(p, "pointer slot " + slot + " is listed twice");
            }
            pointers[i] = slot;
        }
        Layout layout = new Layout(name.text(), words, pointers, nomapToken != null);
        layouts.put(layout.name(), layout);
        declared.add(layout);
    }

    /** The part of {@code key=value} after the key, as its own token (empty text when the value is missing). */
    private static Token valuePart(Token a, int keyLength) {
        return new Token(a.text().substring(keyLength), a.column() + keyLength);
    }

    /** Splits {@code I,J,...} into tokens; an empty item is an error at its column. */
    private List<Token> list(Token v) {
        List<Token> items = new ArrayList<>();
        String s = v.text();
        int column = v.column();
        for (String part : s.split(",", -1)) {
            Token item = new Token(part, column);
            if (part.isEmpty()) {
                throw error(item, s.isEmpty() ? "ptrs= needs at least one slot: ptrs=I,J,..."
                        : "empty slot in the list " + Quote.token(s));
            }
            items.add(item);
            column += part.length() + 1;
        }
        return items;
    }

    /** A layout name (never empty: tokens are not). */
    private static boolean isName(String s) {
        char c = s.charAt(0);
        if (!(Character.isLetter(c) || c == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || "_-.".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** Requires exactly {@code args} arguments after the keyword. */
    private void arity(List<Token> t, int args) {
        if (t.size() - 1 > args) {
            Token extra = t.get(args + 1);
            throw error(extra, "unexpected " + Quote.token(extra.text()) + ": " + t.get(0).text() + " takes "
                    + plural(args, "argument"));
        }
        if (t.size() - 1 < args) {
            throw missing(t, "missing argument: " + t.get(0).text() + " takes " + plural(args, "argument")
                    + ", got " + (t.size() - 1));
        }
    }

    private static String plural(int n, String word) {
        return n == 0 ? "no " + word + "s" : n + " " + word + (n == 1 ? "" : "s");
    }

    /** A slot number: a non-negative 32-bit integer. */
    private int slot(Token token) {
        return natural(token, "slot");
    }

    /** A non-negative 32-bit integer. */
    private int natural(Token token, String what) {
        long v = integer(token);
        if (v < 0) {
            throw error(token, what + " must not be negative, got " + v);
        }
        if (v > Integer.MAX_VALUE) {
            throw error(token, what + " " + v + " is too large (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) v;
    }

    /** A value: a signed 64-bit integer. */
    private long value(Token token) {
        return integer(token);
    }

    /** A signed 64-bit decimal integer: an optional '-', then digits. */
    private long integer(Token token) {
        String s = token.text();
        int i = s.startsWith("-") ? 1 : 0;
        if (i == s.length()) {
            throw error(token, s.isEmpty() ? "missing integer" : "bad integer " + Quote.token(s));
        }
        for (int k = i; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                throw error(token, "bad integer " + Quote.token(s));
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw error(token, "integer " + Quote.token(s) + " is out of the signed 64-bit range");
        }
    }

    private ParseError error(Token token, String reason) {
        return new ParseError(new Pos(line, token.column()), reason);
    }

    /** A token is missing: point just past the last token of the line. */
    private ParseError missing(List<Token> t, String reason) {
        Token last = t.get(t.size() - 1);
        return new ParseError(new Pos(line, last.end()), reason);
    }
}
