//go:build !gccgo

package main

import (
	"bufio"
	"runtime"
)

// Under gc the goroutine stack is one contiguous block that the runtime copies (its events come from
// the runtime's stackDebug lines, build.sh); these hooks of segments_gccgo.go do nothing, and inline away.

func stackAddress() uintptr { return 0 }

func onFreshSegment(root *node) int32 { return run(root) }

func segmentsMoved() bool { return false }

func segmentsAfterRuntime() {}

func overLimit() bool { return false }

func segmentsInit(limit int) {}

func writeSegmentEvents(out *bufio.Writer) {}

func segmentStats() string { return "" }

func currentSegment() uintptr { return 0 }

// stackReserved is the bytes of the runtime's stack spans in use (all goroutines): the bench takes the
// difference around one goroutine's descent. Not inlined: its MemStats would enlarge the caller's frame.
//
//go:noinline
func stackReserved() uintptr {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return uintptr(m.StackInuse)
}
