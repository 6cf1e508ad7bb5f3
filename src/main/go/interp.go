package main

// The interpreter: a program runs with real recursion on one goroutine's stack.
//
// Invariant: program frame f is the local variable fr of one activation of a class function (frame_vV_pP,
// classes.go) together with the interp activation it calls, and the deferFrame/interp pair each of its
// defer statements pushed; no other memory holds the program's slots. A pointer slot is a *int64 element of the
// frame's pointer array that points at an int64 element of an older (or the same) frame's scalar array.
// Frames reach older frames only through pointers passed down the call tree (node.parent, node.jump,
// node.root). No heap object ever points into the stack, which is what lets the runtime copy the stack
// and adjust every pointer with the stack maps (runtime/stack.go: copystack, adjustframe, adjustdefers).
//
// Escape analysis cannot see that: a pointer stored through a pointer, or passed to a function called
// through a table, is assumed to reach the heap, and then the compiler would move every frame to the
// heap ("moved to heap" in -gcflags=-m). noescape hides exactly those two flows; TestNoFrameOnHeap in the
// Java suite builds with -gcflags=-m and fails if any frame variable is moved to the heap.

import (
	"runtime"
	"strconv"
	"syscall"
	"unsafe"
)

// What a frame's interpreter loop returns to its caller.
const (
	actRet int32 = iota // the program frame returned
	actEnd              // the program ended
	actOverflow         // the stack passed the limit the engine enforces itself (segments.go); the program stopped
)

// node is a program frame's header, kept inside the frame (classes.go).
type node struct {
	parent *node   // the frame below (the root node below frame 0)
	jump   *node   // an older frame, for ancestor lookups in O(log depth) (skew-binary jump pointers)
	root   *node   // frame 0
	layout *layout // nil for the root node
	val    *int64  // the frame's first scalar slot (nil when it has none)
	ptr    **int64 // the frame's first pointer slot (nil when it has none)
	depth  int     // frame index; -1 for the root node
}

// jumpFrom is the jump pointer of a new frame above parent: parent's jump's jump when parent and its jump
// are as far apart as its jump and that one's jump, else parent.
//
//go:nosplit
func jumpFrom(parent *node) *node {
	j := parent.jump
	if j != nil && j.jump != nil && parent.depth-j.depth == j.depth-j.jump.depth {
		return j.jump
	}
	return parent
}

// scalar is the address of scalar slot i (an index into the frame's scalar array).
//
//go:nosplit
func (n *node) scalar(i int) *int64 {
	return (*int64)(unsafe.Add(unsafe.Pointer(n.val), 8*i))
}

// pointer is the address of pointer slot i (an index into the frame's pointer array).
//
//go:nosplit
func (n *node) pointer(i int) **int64 {
	return (**int64)(unsafe.Add(unsafe.Pointer(n.ptr), 8*i))
}

// ancestor is the frame at index d (0 <= d <= n.depth).
//
//go:nosplit
func (n *node) ancestor(d int) *node {
	if d == 0 {
		return n.root
	}
	for n.depth != d {
		if n.jump.depth >= d {
			n = n.jump
		} else {
			n = n.parent
		}
	}
	return n
}

// noescape hides a pointer from escape analysis (as runtime/stubs.go does). Used only where the pointer
// provably stays on this goroutine's stack: see the invariant above.
//
//go:nosplit
func noescape(p unsafe.Pointer) unsafe.Pointer {
	x := uintptr(p)
	return unsafe.Pointer(x ^ 0)
}

// The cursor over the program: repeats run without expanding. A global: it holds no stack pointers.
var (
	prog     *program
	pc       int
	openRep  []int   // preorder numbers of the open repeats, innermost last
	leftRep  []int64 // iterations left of each, the current one included
	obs      []int64
	calls    int64
	returns  int64
	steps    int64   // statements returned by next: the one running is step steps-1 (0-based)
	gcLine   []byte  // the gc marker line being written
	startSP  uintptr // an address inside the interpreter goroutine's first stack, for the trace reader
	finished = make(chan int32, 1)
)

// next is the next statement to run, or nil at the end. It never grows the stack (nosplit, and the repeat
// stacks have their full capacity from the start).
//
//go:nosplit
func next() *stmt {
	for {
		if k := len(openRep); k > 0 && pc == prog.stmts[openRep[k-1]].end {
			if leftRep[k-1]--; leftRep[k-1] > 0 {
				pc = openRep[k-1] + 1
			} else {
				pc = prog.stmts[openRep[k-1]].end
				openRep = openRep[:k-1]
				leftRep = leftRep[:k-1]
			}
			continue
		}
		if pc >= len(prog.stmts) {
			return nil
		}
		s := &prog.stmts[pc]
		pc++
		if s.op != opRepeat {
			steps++
			return s
		}
		openRep = append(openRep, pc-1)
		leftRep = append(leftRep, s.count)
	}
}

// start is the interpreter goroutine: the root node, then the program from its first statement.
func start() {
	var root node
	root.depth = -1
	root.jump = &root
	startSP = uintptr(unsafe.Pointer(&root))
	if s := stackAddress(); s != 0 {
		startSP = s // under gccgo root escapes to the heap: name the goroutine's stack itself
	}
	line := append([]byte("stackcheck-go: interpreter stack 0x"), strconv.FormatUint(uint64(startSP), 16)...)
	syscall.Write(2, append(line, '\n'))
	finished <- onFreshSegment(&root)
}

// run is the root interp, called by onFreshSegment where the program's stack starts.
func run(root *node) int32 {
	return interp(root)
}

// interp runs statements on frame n until n returns or the program ends.
func interp(n *node) int32 {
	if segmentsMoved() && overLimit() {
		return actOverflow
	}
	for {
		s := next()
		if s == nil {
			return actEnd
		}
		switch s.op {
		case opCall:
			calls++
			if a := classFuncs[s.layout.class]((*node)(noescape(unsafe.Pointer(n))), s.layout); a != actRet {
				return a
			}
			segmentsMoved()
		case opRet:
			returns++
			return actRet
		case opSet:
			if i := n.layout.index[s.slot]; n.layout.isPtr[s.slot] {
				*n.pointer(i) = nil
			} else {
				*n.scalar(i) = s.value
			}
		case opGet:
			obs = append(obs, *n.scalar(n.layout.index[s.slot]))
		case opAddr:
			t := n.ancestor(s.frame)
			x := t.scalar(t.layout.index[s.target])
			*n.pointer(n.layout.index[s.slot]) = (*int64)(noescape(unsafe.Pointer(x)))
		case opStore:
			**n.pointer(n.layout.index[s.slot]) = s.value
		case opLoad:
			obs = append(obs, **n.pointer(n.layout.index[s.slot]))
		case opDefer:
			// the rest of this frame runs in deferFrame's activation, below which the defer waits
			a := deferFrame(n, *n.pointer(n.layout.index[s.slot]), s.value)
			segmentsMoved()
			return a
		case opGc:
			gcMarker("begin")
			runtime.GC()
			segmentsAfterRuntime()
			gcMarker("end")
		}
	}
}

// deferFrame runs the program's `defer S V` as a real Go defer of a store through the pointer q, then
// goes on running the same program frame (n) until it returns; the deferred store runs as this activation
// returns, so a frame's defers run last first, before the frame itself returns.
//
// The sixteen returns are deliberate. cmd/compile open-codes a function's defers when returns * defers
// <= 15 (ssagen/ssa.go, buildssa), and an open-coded defer has no _defer record at all. With sixteen,
// the defer gets a _defer record on this frame's stack (deferprocStack: it is in no loop), linked from
// g._defer, so a stack copy must adjust the record and the closure it points to, which holds q
// (runtime/stack.go: adjustdefers).
func deferFrame(n *node, q *int64, v int64) int32 {
	defer func() { *q = v }()
	a := interp(n)
	switch a & 15 {
	case 0:
		return a
	case 1:
		return a
	case 2:
		return a
	case 3:
		return a
	case 4:
		return a
	case 5:
		return a
	case 6:
		return a
	case 7:
		return a
	case 8:
		return a
	case 9:
		return a
	case 10:
		return a
	case 11:
		return a
	case 12:
		return a
	case 13:
		return a
	case 14:
		return a
	}
	return a
}

// gcMarker writes "stackcheck-go: gc begin step=N" (or end) on standard error, around runtime.GC: the stack
// copies the runtime prints between the two happened during statement N, a gc. Written with one write(2),
// so that the line stays whole among the runtime's own lines.
func gcMarker(what string) {
	gcLine = append(gcLine[:0], "stackcheck-go: gc "...)
	gcLine = append(gcLine, what...)
	gcLine = append(gcLine, " step="...)
	gcLine = strconv.AppendInt(gcLine, steps-1, 10)
	gcLine = append(gcLine, '\n')
	syscall.Write(2, gcLine)
}
