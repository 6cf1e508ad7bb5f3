/**
 * Deliberately wrong stack engines, each a reference engine with one mechanism broken, and the selftest
 * that proves the checks catch every one of them (a verification suite is worth the bugs it catches).
 */
package dev.stackcheck.faults;
