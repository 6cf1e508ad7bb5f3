/**
 * JUnit XML, the report format CI servers display: {@code check --junit FILE} writes one test case per
 * engine and invariant, {@code selftest --junit FILE} one per fault of the catalogue. Written with the
 * JDK's StAX writer, never by string concatenation.
 */
package dev.stackcheck.junitxml;
