/**
 * The executable specification: abstract frames whose slots hold scalars or references (frame index
 * from the bottom, slot), defer records, the rules of a legal program, and the observations. It knows
 * no addresses; every engine is checked against it.
 */
package dev.stackcheck.spec;
