// Command stackcheck-go is stackcheck's Go engine: it runs a .stk program on the real Go runtime's
// stacks, speaking stackcheck's outside-engine protocol (specs/PROTOCOL.md).
//
// It reads the program on standard input and writes JSON lines on standard output: {"obs":V} for each get
// and load, then {"stats":{"calls":C,"returns":R}}; or one {"refuse":...} line for a program it cannot run
// (a nomap layout: Go has had no frames without pointer maps since 1.4), or one {"error":...} line.
//
// Every program frame is a local variable of a recursive Go function (interp.go, classes.go), so the
// runtime grows the goroutine stack by copying it (runtime/stack.go: newstack, copystack) and shrinks it
// at gc (runtime.GC, shrinkstack); automatic GC is off, so stacks shrink only at gc statements. Built
// against a Go root whose runtime has stackDebug = 1 (build.sh), the runtime also prints each copy on
// standard error; stackcheck reads those lines as the engine's copy and shrink events. This program prints
// there itself, first, "stackcheck-go: interpreter stack 0xADDR": an address inside the interpreter
// goroutine's first stack, which tells the reader which goroutine's copies are the program's; and around
// each gc statement "stackcheck-go: gc begin step=N" and "stackcheck-go: gc end step=N" (N: statements run
// before it), which tell the reader which copies that statement made.
//
// Options: -bench P runs the bench mode instead (bench.go); -maxstack N sets the runtime's stack limit (runtime/debug.SetMaxStack); without it, the limit
// stackcheck checks against ($STACKCHECK_MAX_STACK, specs/PROTOCOL.md), else 1000000000.
//
//go:generate go run ./gen
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

func main() {
	limit := 1_000_000_000
	if v, err := strconv.Atoi(os.Getenv("STACKCHECK_MAX_STACK")); err == nil && v > 0 {
		limit = v
	}
	maxStack := flag.Int("maxstack", limit, "the goroutine stack limit in bytes")
	bench := flag.Int64("bench", 0, "run the bench mode (bench.go) with this many call/return pairs per loop instead of a program")
	flag.Parse()
	if *bench > 0 {
		runBench(*bench, 1_000_000)
		return
	}
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer out.Flush()
	src, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(out, "reading the program: "+err.Error())
	}
	p, err := parse(string(src))
	if err != nil {
		fail(out, err.Error())
	}
	if why := refusal(p); why != "" {
		line(out, "refuse", why)
		return
	}
	prepare(p)
	debug.SetMaxStack(*maxStack)
	debug.SetGCPercent(-1)
	segmentsInit(*maxStack)
	go start()
	<-finished
	buf := make([]byte, 0, 32)
	for _, v := range obs {
		buf = append(buf[:0], `{"obs":`...)
		buf = strconv.AppendInt(buf, v, 10)
		buf = append(buf, "}\n"...)
		out.Write(buf)
	}
	writeSegmentEvents(out)
	fmt.Fprintf(out, "{\"stats\":{\"calls\":%d,\"returns\":%d%s}}\n", calls, returns, segmentStats())
}

// refusal says why the engine cannot run p, or "".
func refusal(p *program) string {
	var nomap []string
	for _, l := range p.layouts {
		if l.nomap {
			nomap = append(nomap, l.name)
		}
	}
	if len(nomap) > 0 {
		return "the Go runtime copies every frame with its pointer map; Go has no frames without one since 1.4: nomap layout(s) " +
			strings.Join(nomap, ", ")
	}
	for _, l := range p.layouts {
		if l.scalars > classScalars[len(classScalars)-1] || len(l.ptrs) > classPointers[len(classPointers)-1] {
			return fmt.Sprintf("layout %s (%d words, %d pointers) is larger than the Go engine's largest frame class (%d scalars, %d pointers)",
				l.name, l.words, len(l.ptrs), classScalars[len(classScalars)-1], classPointers[len(classPointers)-1])
		}
	}
	if len(p.stmts) > 0 && p.stmts[0].op != opCall && p.stmts[0].op != opRepeat {
		return "the first statement must be a call"
	}
	return ""
}

// prepare picks each layout's class and sizes the cursor and observation buffers, so that nothing the
// interpreter does between calls grows the stack (see next in interp.go).
func prepare(p *program) {
	for _, l := range p.layouts {
		vi, pi := 0, 0
		for classScalars[vi] < l.scalars {
			vi++
		}
		for classPointers[pi] < len(l.ptrs) {
			pi++
		}
		l.class = vi*len(classPointers) + pi
	}
	nest := nesting(p)
	prog = p
	gcLine = make([]byte, 0, 64)
	openRep = make([]int, 0, nest)
	leftRep = make([]int64, 0, nest)
	n := p.observations()
	if n > 1<<26 {
		n = 1 << 26
	}
	obs = make([]int64, 0, n)
}

// nesting is the deepest nesting of repeats in p.
func nesting(p *program) int {
	var ends []int
	max := 0
	for i := range p.stmts {
		for len(ends) > 0 && ends[len(ends)-1] <= i {
			ends = ends[:len(ends)-1]
		}
		if p.stmts[i].op == opRepeat {
			ends = append(ends, p.stmts[i].end)
			if len(ends) > max {
				max = len(ends)
			}
		}
	}
	return max
}

func line(out *bufio.Writer, key, msg string) {
	m, _ := json.Marshal(map[string]string{key: msg})
	out.Write(append(m, '\n'))
}

func fail(out *bufio.Writer, msg string) {
	line(out, "error", msg)
	out.Flush()
	os.Exit(1)
}
