package main

// The engine's bench mode (stackcheck-go -bench N, stackcheck-gccgo -bench N): the seed's claims measured
// inside this process, so that process start-up is not in the figures, on whichever stacks the binary was
// built for (gc: contiguous copied stacks; gccgo: libgcc's linked segments). It writes JSON lines:
//
//	{"bench":"pair","where":"inside","pairs":P,"ns":T,"segments":S}
//	{"bench":"pair","where":"boundary","pairs":P,"ns":T,"segments":S}   (gccgo only: every call splits)
//	{"bench":"descent","frames":N,"frameBytes":F,"ns":T,"warmNs":W,"used":U,"reserved":R}
//
// "pair" times P calls of leaf (a 256-byte frame, zeroed as Go zeroes it) and their returns from one frame: "inside" from a frame deep
// inside a segment (or anywhere on a copied stack), "boundary" from the last frame that fits in its segment,
// so that every call of leaf runs through __morestack onto the next segment and every return through
// lessstack; S is the number of distinct segments leaf ran on (1: libgcc reused its cached segment every
// time, no allocation). "descent" runs a new goroutine down to N frames of descend and back: T the first
// time, W a second time on the same goroutine; F the bytes one level takes, U = F * (N + 1), R the bytes reserved
// for the goroutine's stack at the deepest point (gccgo: the segments from the first to the current one;
// gc: the growth of the runtime's stack spans, runtime.MemStats.StackInuse).

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"time"
	"unsafe"
)

const leafWords = 32

var benchSink int64

// leaf is the callee of the pair: a zeroed 256-byte local array. With probe it also returns the segment it
// ran on (0 under gc), so that the timed loop and the check of where it ran use the same frame.
//
//go:noinline
func leaf(i int64, probe bool) (int64, uintptr) {
	var a [leafWords]int64
	a[i&(leafWords-1)] = i
	a[0]++
	if probe {
		return a[0], currentSegment()
	}
	return a[(i*7)&(leafWords-1)] + a[0], 0
}

// leafSegment is the segment leaf runs on when called from the caller's frame.
func leafSegment(i int64) uintptr {
	_, s := leaf(i, true)
	return s
}

// pairs calls leaf n times from the calling frame; the distinct segments it ran on, counted in a sample.
//
//go:noinline
func pairs(n int64) (time.Duration, int) {
	seen := map[uintptr]bool{}
	for i := int64(0); i < 4; i++ {
		seen[leafSegment(i)] = true
	}
	t := time.Now()
	var s int64
	for i := int64(0); i < n; i++ {
		v, _ := leaf(i, false)
		s += v
	}
	d := time.Since(t)
	benchSink += s
	for i := int64(0); i < 4; i++ {
		seen[leafSegment(i)] = true
	}
	return d, len(seen)
}

// boundary descends with small frames until a leaf called from here lands on another segment, then times
// the pairs there. Under gc there are no segments: it gives up after a bounded descent.
func boundary(depth int, n int64, out *bufio.Writer) bool {
	var pad [4]int64
	pad[depth&3] = int64(depth)
	benchSink += pad[0]
	here := currentSegment()
	if here == 0 || depth > 1<<20 {
		return false
	}
	if leafSegment(0) != here {
		d, segs := pairs(n)
		// the loop must have run from the same frame on the same segment, each leaf on the next one
		if currentSegment() == here && leafSegment(0) != here {
			fmt.Fprintf(out, "{\"bench\":\"pair\",\"where\":\"boundary\",\"pairs\":%d,\"ns\":%d,\"segments\":%d}\n", n, d.Nanoseconds(), segs)
			return true
		}
		return false
	}
	return boundary(depth+1, n, out)
}

// levelAt holds the address of a local of levels 5 and 6 of the last descent: their difference is the stack
// one level of descend takes (a descent on a stack that has grown already moves nothing in between).
var levelAt [2]uintptr

// measuring is the time spent reading the reserved bytes at the bottom, taken off the descent's time.
var measuring time.Duration

//go:noinline
func addressOf(p *int64) uintptr { return uintptr(unsafe.Pointer(p)) }

// descend recurses to level n; at the bottom it records the bytes reserved for the stack.
//
//go:noinline
func descend(d, n int, reserved *uintptr) int64 {
	var a [8]int64
	a[d&7] = int64(d)
	if d == 5 || d == 6 {
		levelAt[d-5] = addressOf(&a[0])
	}
	if d == n {
		t := time.Now()
		*reserved = stackReserved()
		measuring += time.Since(t)
		return a[0]
	}
	return descend(d+1, n, reserved) + a[d&7]
}

// descentResult is what one goroutine's two descents measured.
type descentResult struct {
	reserved   uintptr
	cold, warm time.Duration
}

// descentRun is the goroutine of one descent experiment: down to f levels and back, twice.
func descentRun(f int, out chan<- descentResult) {
	var r descentResult
	measuring = 0
	t := time.Now()
	benchSink += descend(0, f, &r.reserved)
	r.cold = time.Since(t) - measuring
	var again uintptr
	measuring = 0
	t = time.Now()
	benchSink += descend(0, f, &again)
	r.warm = time.Since(t) - measuring
	out <- r
}

func runBench(pairsN int64, maxFrames int) {
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	done := make(chan bool)
	go func() {
		// "inside": from a frame near the top of the goroutine's stack (gccgo: its 4 MiB first segment)
		d, segs := pairs(pairsN)
		fmt.Fprintf(out, "{\"bench\":\"pair\",\"where\":\"inside\",\"pairs\":%d,\"ns\":%d,\"segments\":%d}\n", pairsN, d.Nanoseconds(), segs)
		boundary(0, pairsN, out)
		done <- true
	}()
	<-done
	results := make(chan descentResult)
	for n := 1; n <= maxFrames; n *= 10 {
		for _, f := range []int{n, n * 3} {
			if f > maxFrames || f < 10 {
				continue
			}
			baseline := stackReserved()
			go descentRun(f, results)
			r := <-results
			reserved := r.reserved
			if currentSegment() == 0 {
				reserved -= baseline // gc: the stack spans in use, less those before the goroutine
			}
			level := levelAt[0] - levelAt[1]
			fmt.Fprintf(out, "{\"bench\":\"descent\",\"frames\":%d,\"frameBytes\":%d,\"ns\":%d,\"warmNs\":%d,\"used\":%d,\"reserved\":%d}\n",
				f, level, r.cold.Nanoseconds(), r.warm.Nanoseconds(), level*uintptr(f+1), reserved)
		}
	}
	runtime.KeepAlive(benchSink)
}
