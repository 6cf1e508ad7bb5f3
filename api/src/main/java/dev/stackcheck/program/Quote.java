package dev.stackcheck.program;

import org.apache.commons.lang3.CharUtils;
import org.apache.commons.lang3.StringUtils;

/**
 * Text from the user's input as error messages echo it: in single quotes, cut to a short prefix (ending in
 * {@code ...}) and with every control character written as a Java escape ({@code \u0000}), so a 10 MB token
 * or a NUL byte in a .stk file or an engine's output never reaches the terminal raw.
 */
public final class Quote {

    /** The most characters of a token (a word of a .stk line) that a message quotes. */
    public static final int TOKEN = 40;
    /** The most characters of a whole line (an engine's output line) that a message quotes. */
    public static final int LINE = 120;

    private Quote() {
    }

    /** A token, cut to {@link #TOKEN} characters. */
    public static String token(String text) {
        return of(text, TOKEN);
    }

    /** A line, cut to {@link #LINE} characters. */
    public static String line(String text) {
        return of(text, LINE);
    }

    /** {@code text} cut to at most {@code max} characters (at least 4), then escaped and quoted; null as 'null'. */
    public static String of(String text, int max) {
        String cut = StringUtils.abbreviate(String.valueOf(text), "...", max);
        StringBuilder s = new StringBuilder(cut.length() + 2).append('\'');
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            s.append(Character.isISOControl(c) ? CharUtils.unicodeEscaped(c) : String.valueOf(c));
        }
        return s.append('\'').toString();
    }
}
