package dev.stackcheck.cli;

import dev.stackcheck.program.ParseError;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads .stk files for the commands, turning every problem into bad input with file, line and column. */
final class Programs {

    private Programs() {
    }

    static Program load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInput(file + ": no such file");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new BadInput(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new BadInput(file + ": cannot read: " + e.getMessage());
        }
        try {
            return Parser.parse(text);
        } catch (ParseError e) {
            throw new BadInput(file + ":" + e.pos().line() + ":" + e.pos().column() + ": " + e.reason());
        }
    }
}
