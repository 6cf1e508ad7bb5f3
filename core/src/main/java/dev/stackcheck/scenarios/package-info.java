/**
 * The example programs of specs/programs: each written here with the observations it must produce, derived
 * from what the program means rather than by running the specification, and written out as the committed
 * .stk and .out files. The test kit and the reports run them on every engine.
 */
package dev.stackcheck.scenarios;
