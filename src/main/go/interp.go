package main

// The interpreter: a program runs with real recursion on one goroutine's stack.
//
// Invariant: program frame f is the local variable fr of one activation of a class function (frame_vV_pP,
// classes.go) together with the interp activation it calls, and any deferFrame/interp pairs that its defer
// statements pushed; no other memory holds the program's slots. A pointer slot is a *int64 element of the
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
	"unsafe"
)

// What a frame's interpreter loop returns to its caller.
const (
	actRet int32 = iota // the program frame returned
	actEnd              // the program ended
)

// node is a program frame's header, kept inside the frame (classes.go).
type node struct {
	parent *node // the frame below (the root node below frame 0)
	jump   *node // an older frame, for ancestor lookups in O(log depth) (skew-binary jump pointers)
	root   *node // frame 0
	depth  int   // frame index; -1 for the root node
	defers int   // defer statements this frame has run
	layout *layout
	val    []int64  // the frame's scalar slots
	ptr    []*int64 // the frame's pointer slots
}

// enter makes the header of a new frame above parent. The caller sets root when parent is the root node.
//
//go:nosplit
func enter(parent *node, l *layout, val []int64, ptr []*int64) node {
	n := node{parent: parent, depth: parent.depth + 1, layout: l, val: val, ptr: ptr}
	j := parent.jump
	if j != nil && j.jump != nil && parent.depth-j.depth == j.depth-j.jump.depth {
		n.jump = j.jump
	} else {
		n.jump = parent
	}
	if parent.depth >= 0 {
		n.root = parent.root
	}
	return n
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
	finished <- interp(&root)
}

// interp runs statements on frame n until n returns or the program ends.
func interp(n *node) int32 {
	for {
		s := next()
		if s == nil {
			return actEnd
		}
		switch s.op {
		case opCall:
			calls++
			if classFuncs[s.layout.class]((*node)(noescape(unsafe.Pointer(n))), s.layout) == actEnd {
				return actEnd
			}
		case opRet:
			returns++
			return actRet
		case opSet:
			if i := n.layout.index[s.slot]; n.layout.isPtr[s.slot] {
				n.ptr[i] = nil
			} else {
				n.val[i] = s.value
			}
		case opGet:
			obs = append(obs, n.val[n.layout.index[s.slot]])
		case opAddr:
			t := n.ancestor(s.frame)
			x := &t.val[t.layout.index[s.target]]
			n.ptr[n.layout.index[s.slot]] = (*int64)(noescape(unsafe.Pointer(x)))
		case opStore:
			*n.ptr[n.layout.index[s.slot]] = s.value
		case opLoad:
			obs = append(obs, *n.ptr[n.layout.index[s.slot]])
		case opDefer:
			// the rest of this frame runs in deferFrame's activation, below which the defer waits
			if deferFrame(n, n.ptr[n.layout.index[s.slot]], s.value) == actEnd {
				return actEnd
			}
			return actRet
		case opGc:
			runtime.GC()
		}
	}
}

// deferFrame runs the program's `defer S V` as a real Go defer of a store through the pointer q, then
// goes on running the same program frame (n) until it returns; the deferred store runs as this activation
// returns, so a frame's defers run last first, before the frame itself returns.
//
// It has nine defer statements, one per arm, and only one runs. The number is what matters: with at most
// eight, cmd/compile open-codes the defers (walk/stmt.go: maxOpenDefers) and the runtime keeps no _defer
// record at all. With nine, each defer gets a _defer record on this frame's stack (deferprocStack: the
// defer is in no loop), linked from g._defer, so a stack copy must adjust it (runtime/stack.go:
// adjustdefers) and the closure it points to, which holds q.
func deferFrame(n *node, q *int64, v int64) int32 {
	n.defers++
	switch n.defers % 9 {
	case 0:
		defer func() { *q = v }()
	case 1:
		defer func() { *q = v }()
	case 2:
		defer func() { *q = v }()
	case 3:
		defer func() { *q = v }()
	case 4:
		defer func() { *q = v }()
	case 5:
		defer func() { *q = v }()
	case 6:
		defer func() { *q = v }()
	case 7:
		defer func() { *q = v }()
	default:
		defer func() { *q = v }()
	}
	return interp(n)
}
