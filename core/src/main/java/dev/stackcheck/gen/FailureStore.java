package dev.stackcheck.gen;

import dev.stackcheck.check.Violation;
import dev.stackcheck.program.Printer;
import dev.stackcheck.program.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The saved failures of check sessions: one .stk file per shrunk failure, kept per engine and per
 * configuration, as {@code ROOT/ENGINE/CONFIG/ID-TARGET-HASH.stk}: ENGINE is the engine's name as {@code --engine}
 * takes it (characters other than letters, digits, dot and dash made {@code _}, and
 * {@code _} before a leading dot), CONFIG eight hex digits
 * of the target's name and parameters (TARGET is its name, made safe the same way). A session reads back only the files of the targets it runs, so a
 * run of another engine, profile or stack limit never replays them.
 *
 * <p>Invariant: a file is named after its content (the invariant and a hash of the printed program), so
 * saving the same failure twice writes one file.
 */
final class FailureStore {

    private final Path root;

    /** A store under {@code root}. */
    FailureStore(Path root) {
        this.root = root;
    }

    /** The folder of the failures of {@code target}. */
    Path dir(CheckTarget target) {
        String config = target.name() + " " + target.params();
        return root.resolve(safe(target.engine())).resolve(String.format(Locale.ROOT, "%08x", config.hashCode()));
    }

    /** The saved failures of {@code target}, in name order; an unreadable folder is added to {@code errors}. */
    List<Path> saved(CheckTarget target, List<String> errors) {
        Path dir = dir(target);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".stk")).sorted().toList();
        } catch (IOException e) {
            errors.add(dir + ": " + e.getMessage());
            return List.of();
        }
    }

    /** Where a failure {@code v} of {@code target}, shrunk to {@code p}, is saved. */
    Path file(Violation v, CheckTarget target, Program p) {
        return dir(target).resolve(v.id() + "-" + safe(target.name()) + "-" + String.format(Locale.ROOT, "%08x", Printer.print(p).hashCode())
                + ".stk");
    }

    /** Writes {@code text} to {@code file}, creating its folders. */
    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9.-]", "_");
        return s.startsWith(".") ? "_" + s : s;
    }
}
