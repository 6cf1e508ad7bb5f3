/**
 * Programs: frame layouts, the operations (a sealed type), programs as trees of statements with
 * {@code repeat} blocks, and the normative .stk text format (parser and printer).
 */
package dev.stackcheck.program;
