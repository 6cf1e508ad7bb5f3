/**
 * The lock-step runner: runs a program on the specification and on every engine, statement by statement,
 * checks the invariant catalogue ({@link dev.stackcheck.check.Invariant}) after each one, and explains a
 * failure with before/after stack diagrams ({@link dev.stackcheck.check.StackDiagram}).
 */
package dev.stackcheck.check;
