//go:build gccgo

package main

// Under gccgo (built with -fsplit-stack) the goroutine runs on libgcc's linked stack segments
// (libgcc/generic-morestack.c): every function's prologue compares its frame with the segment's limit and
// calls __morestack, which switches to the next segment (reusing the cached one when it is big enough,
// else unmapping the cached tail and mapping a new one); a return out of a segment's first frame goes
// through __morestack's return path, which switches back (__generic_releasestack) and keeps the segment.
//
// Invariant: chain[0..pos] is the segment chain from the program's first segment to the one the
// interpreter runs on, chain[pos+1:] the cached tail libgcc still holds, as last seen; held[k] is the sum
// of the sizes of chain[0..k]. Both change only in segmentsMoved and segmentsAfterRuntime, which turn
// every change into protocol events (split, lessstack, alloc, free). The engine reads the chain through
// libgcc's own record: __splitstack_getcontext gives the current segment, whose header (at its low end)
// is struct stack_segment {prev, next, size, old_stack, dynamic_allocation, free_dynamic_allocation,
// extra}. All of it runs without growing the stack: nosplit, no allocation, walks bounded by maxWalk.

import (
	"bufio"
	"os"
	"strconv"
	"syscall"
	"unsafe"
)

//go:noescape
//extern __splitstack_getcontext
func splitstackGetcontext(ctx *[10]uintptr)

//extern sysconf
func sysconf(name int64) int64

// segmentHeader is libgcc's struct stack_segment; size counts the bytes after the header.
type segmentHeader struct {
	prev, next, size, oldStack, dyn, freeDyn, extra uintptr
}

const (
	headerBytes = unsafe.Sizeof(segmentHeader{})
	scSigstksz  = 250 // glibc's _SC_SIGSTKSZ (bits/confname.h), libgcc's MINSIGSTKSZ since glibc 2.34
	pageBytes   = 4096
	// maxWalk bounds every walk of the chain from the current segment: one statement moves at most a few
	// segments (a class function and its interp may each split), so a longer walk means the engine lost
	// the chain; an unbounded walk back to the first segment made deep.stk ten times slower.
	maxWalk = 64
)

// The protocol's event kinds.
const (
	evSplit uint8 = iota
	evLessstack
	evAlloc
	evFree
)

type segEvent struct {
	kind     uint8
	seg, adj uintptr // the segment's header; for split the segment left, for lessstack the one returned to
	size     uintptr // the segment's bytes, header included (its mmap)
	oldStack uintptr // split: the stack pointer left in the older segment
	step     int64
}

var (
	chain     []uintptr
	held      []uintptr
	pos       int
	events    []segEvent
	lost      string // why the engine lost track of the chain, reported as an error
	limit     uintptr
	peak      uintptr
	splits    int64
	lessstack int64
	allocs    int64
	frees     int64
	hits      int64
	floor     uintptr
	overflow  bool
	padDepth  int
	// wrong is a deliberately wrong build for the tests (STACKCHECK_GCCGO_WRONG): "no-limit" ignores
	// STACKCHECK_MAX_STACK, "free-on-lessstack" reports Go 1.2's free where libgcc keeps the segment.
	wrongNoLimit, wrongFree bool
)

//go:nosplit
func header(s uintptr) *segmentHeader { return (*segmentHeader)(unsafe.Pointer(s)) }

//go:nosplit
func currentSegment() uintptr {
	var c [10]uintptr
	splitstackGetcontext(&c)
	return c[1]
}

// segmentBytes is a segment's mmap'd size: its header and libgcc's size field.
//
//go:nosplit
func segmentBytes(s uintptr) uintptr { return header(s).size + headerBytes }

func segmentsInit(max int) {
	limit = uintptr(max)
	n := uintptr(sysconf(scSigstksz))
	// allocate_segment: never less than MINSIGSTKSZ plus the header, in whole pages
	floor = (n + headerBytes + pageBytes - 1) &^ (pageBytes - 1)
	if floor < pageBytes {
		floor = pageBytes
	}
	switch os.Getenv("STACKCHECK_GCCGO_WRONG") {
	case "no-limit":
		wrongNoLimit = true
	case "free-on-lessstack":
		wrongFree = true
	}
	chain = make([]uintptr, 0, 1<<20)
	held = make([]uintptr, 0, 1<<20)
	events = make([]segEvent, 0, 1<<22)
	line := append([]byte("stackcheck-go: libgcc segment floor "), strconv.FormatUint(uint64(floor), 10)...)
	syscall.Write(2, append(line, '\n'))
}

func stackAddress() uintptr {
	var c [10]uintptr
	splitstackGetcontext(&c)
	return c[0] + headerBytes
}

// onFreshSegment descends with pad frames until libgcc gives the goroutine a new segment, and runs the
// program from there: the goroutine's first segment is 4 MiB (libgo's malg), in which small programs would
// never split; the program starts at the top of a segment of the machine's smallest size instead.
func onFreshSegment(root *node) int32 {
	return pad(root, currentSegment())
}

func pad(root *node, first uintptr) int32 {
	if s := currentSegment(); s == first {
		padDepth++ // after the call: no tail call, every pad is a frame
		r := pad(root, first)
		padDepth--
		return r
	} else if len(chain) == 0 {
		chain = append(chain, s)
		held = append(held, segmentBytes(s))
		peak = held[0]
	}
	return run(root)
}

//go:nosplit
func event(k uint8, seg, adj, size, old uintptr) {
	if len(events) == cap(events) {
		lost = "more segment events than the protocol allows"
		return
	}
	events = append(events, segEvent{k, seg, adj, size, old, steps - 1})
}

// segmentsMoved turns a change of the current segment into events; true when it went deeper.
//
//go:nosplit
func segmentsMoved() bool {
	s := currentSegment()
	if len(chain) == 0 || s == chain[pos] || lost != "" {
		return false
	}
	for k := 1; k <= maxWalk && k <= pos; k++ {
		if chain[pos-k] == s {
			for ; k > 0; k-- {
				lessstack++
				event(evLessstack, chain[pos], chain[pos-1], segmentBytes(chain[pos]), 0)
				if wrongFree {
					frees++
					event(evFree, chain[pos], 0, segmentBytes(chain[pos]), 0)
				}
				pos--
			}
			return false
		}
	}
	var path [maxWalk]uintptr
	d := 0
	p := s
	for ; p != 0 && p != chain[pos] && d < maxWalk; p = header(p).prev {
		path[d] = p
		d++
	}
	if p != chain[pos] {
		lost = "the current segment is neither within 64 segments above nor below the last one seen"
		return false
	}
	for j := d - 1; j >= 0; j-- {
		q := path[j]
		size := segmentBytes(q)
		k := pos + 1
		if k < len(chain) && chain[k] == q && held[k]-held[k-1] == size {
			hits++
		} else {
			drop(k)
			if len(chain) == cap(chain) {
				lost = "more segments than the engine's chain holds"
				return false
			}
			chain = append(chain, q)
			held = append(held, held[k-1]+size)
			allocs++
			event(evAlloc, q, 0, size, 0)
		}
		splits++
		event(evSplit, q, chain[pos], size, header(q).oldStack)
		pos = k
		if held[pos] > peak {
			peak = held[pos]
		}
	}
	return true
}

// drop records that libgcc unmapped the cached tail chain[k:] (__morestack_release_segments).
//
//go:nosplit
func drop(k int) {
	for i := len(chain) - 1; i >= k; i-- {
		frees++
		event(evFree, chain[i], 0, held[i]-held[i-1], 0)
	}
	chain = chain[:k]
	held = held[:k]
}

// segmentsAfterRuntime resynchronises the cached tail after runtime code (runtime.GC) ran on the
// goroutine: it may have split onto cached segments, released them and mapped others.
func segmentsAfterRuntime() {
	segmentsMoved()
	if lost != "" {
		return
	}
	k := pos + 1
	for q := header(chain[pos]).next; q != 0; q = header(q).next {
		size := segmentBytes(q)
		if k < len(chain) && chain[k] == q && held[k]-held[k-1] == size {
			k++
			continue
		}
		drop(k)
		chain = append(chain, q)
		held = append(held, held[k-1]+size)
		allocs++
		event(evAlloc, q, 0, size, 0)
		k++
	}
	if k < len(chain) {
		drop(k)
	}
}

// overLimit: the segments in use from the program's first one exceed STACKCHECK_MAX_STACK. libgcc has no
// limit of its own (it maps segments until mmap fails), so the engine stops the program itself.
//
//go:nosplit
func overLimit() bool {
	if len(chain) == 0 || held[pos] <= limit || wrongNoLimit {
		return false
	}
	overflow = true
	return true
}

func writeSegmentEvents(out *bufio.Writer) {
	buf := make([]byte, 0, 256)
	for _, e := range events {
		buf = append(buf[:0], `{"event":"`...)
		buf = append(buf, [...]string{"split", "lessstack", "alloc", "free"}[e.kind]...)
		buf = append(buf, `","stack":"g","step":`...)
		buf = strconv.AppendInt(buf, e.step, 10)
		switch e.kind {
		case evSplit:
			buf = field(buf, "newLo", e.seg)
			buf = field(buf, "newHi", e.seg+e.size)
			buf = field(buf, "new", e.size)
			buf = field(buf, "oldLo", e.adj)
			buf = field(buf, "oldSp", e.oldStack)
		case evLessstack:
			buf = field(buf, "oldLo", e.seg)
			buf = field(buf, "oldHi", e.seg+e.size)
			buf = field(buf, "old", e.size)
			buf = field(buf, "newLo", e.adj)
		default:
			buf = field(buf, "newLo", e.seg)
			buf = field(buf, "newHi", e.seg+e.size)
			buf = field(buf, "new", e.size)
		}
		buf = append(buf, "}\n"...)
		out.Write(buf)
	}
	if overflow {
		line(out, "overflow", "stack overflow: the segments in use ("+strconv.FormatUint(uint64(held[pos]), 10)+
			" bytes) exceed the "+strconv.FormatUint(uint64(limit), 10)+"-byte limit")
	}
	if lost != "" {
		fail(out, "gccgo segments: "+lost)
	}
}

func field(buf []byte, name string, v uintptr) []byte {
	buf = append(buf, `,"`...)
	buf = append(buf, name...)
	buf = append(buf, `":`...)
	return strconv.AppendUint(buf, uint64(v), 10)
}

func segmentStats() string {
	return ",\"splits\":" + strconv.FormatInt(splits, 10) + ",\"lessstack\":" + strconv.FormatInt(lessstack, 10) +
		",\"segmentAllocs\":" + strconv.FormatInt(allocs, 10) + ",\"segmentFrees\":" + strconv.FormatInt(frees, 10) +
		",\"cacheHits\":" + strconv.FormatInt(hits, 10) + ",\"peakReserved\":" + strconv.FormatUint(uint64(peak), 10) +
		",\"segmentMin\":" + strconv.FormatUint(uint64(floor), 10)
}

// stackReserved is the bytes of the segments from the goroutine's first to its current one (the bench).
//
//go:noinline
func stackReserved() uintptr {
	var c [10]uintptr
	splitstackGetcontext(&c)
	sum := uintptr(0)
	for s := c[1]; s != 0; s = header(s).prev {
		sum += segmentBytes(s)
		if s == c[0] {
			break
		}
	}
	return sum
}
