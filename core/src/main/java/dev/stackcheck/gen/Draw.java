package dev.stackcheck.gen;

/**
 * A program a try drew, with what reproduces and shrinks it: the seed, the generator it was drawn from and
 * its choices. {@code withoutNomap} marks a try's second draw, from a generator that declares no
 * {@code nomap} layouts, run only on the targets that refused the try's first program because of them.
 */
record Draw(long seed, ProgramGenerator generator, ProgramGenerator.Generated generated, boolean withoutNomap) {}
