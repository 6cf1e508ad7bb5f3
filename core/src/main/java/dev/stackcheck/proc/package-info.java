/**
 * Outside engines: a stack engine that is another program, run once per program through the process
 * protocol of specs/PROTOCOL.md, named on the command line ({@code proc:COMMAND}) or by a descriptor
 * ({@code engines/NAME.json}); and the reader of Go's {@code stackDebug} traces, for the Go engine's events.
 */
package dev.stackcheck.proc;
