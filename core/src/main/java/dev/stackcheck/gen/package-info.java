/**
 * Random programs drawn from a recorded sequence of choices (Hypothesis' design), biased toward the
 * edges of growable stacks; the shrinker that edits the choices and then the program; the check session.
 */
package dev.stackcheck.gen;
