/**
 * The JUnit 5 test kit for third-party engines ({@code dev.stackcheck:stackcheck-junit}):
 * {@link dev.stackcheck.junit.StackcheckTests} turns the check session, the invariants and the example
 * scenarios into dynamic tests of one engine.
 */
package dev.stackcheck.junit;
