/**
 * Bounded exhaustive model checking ({@code stackcheck explore}): breadth-first search over every program
 * of a small alphabet up to a length, run in lock step on the specification and the engines, with
 * duplicate states merged by canonical fingerprints; gives the shortest counterexample when one exists.
 */
package dev.stackcheck.explore;
