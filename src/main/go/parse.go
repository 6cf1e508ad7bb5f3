package main

// The .stk reader of the Go engine. stackcheck sends only programs its specification accepts, so this
// reader checks only what the engine relies on (names, arity, integers, blocks) and reports anything
// else as an error with its line, never a crash.

import (
	"fmt"
	"strconv"
	"strings"
)

// Statement kinds.
const (
	opCall = iota
	opRet
	opSet
	opGet
	opAddr
	opStore
	opLoad
	opDefer
	opGc
	opRepeat
)

// layout is one frame declaration, with where each slot lives in a class frame: index[s] is slot s's
// position in the frame's pointer array (isPtr[s]) or in its scalar array.
type layout struct {
	name    string
	words   int
	ptrs    []int
	nomap   bool
	line    int
	isPtr   []bool
	index   []int
	scalars int
	class   int
}

// stmt is one statement; a repeat's body follows it in preorder and ends before end.
type stmt struct {
	op     int
	slot   int
	frame  int
	target int
	value  int64
	count  int64
	end    int
	layout *layout
	line   int
}

type program struct {
	layouts []*layout
	stmts   []stmt
}

type parseError struct {
	line int
	msg  string
}

func (e *parseError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

func parse(text string) (*program, error) {
	p := &program{}
	byName := map[string]*layout{}
	var open []int // preorder numbers of open repeats
	lines := strings.Split(text, "\n")
	for i, raw := range lines {
		ln := i + 1
		if h := strings.IndexByte(raw, '#'); h >= 0 {
			raw = raw[:h]
		}
		f := strings.Fields(raw)
		if len(f) == 0 {
			continue
		}
		bad := func(format string, a ...interface{}) error {
			return &parseError{ln, fmt.Sprintf(format, a...)}
		}
		num := func(s string) (int, error) {
			v, err := strconv.Atoi(s)
			if err != nil || v < 0 || v > 1<<31-1 {
				return 0, bad("not a non-negative 32-bit integer: %q", s)
			}
			return v, nil
		}
		val := func(s string) (int64, error) {
			v, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return 0, bad("not a 64-bit integer: %q", s)
			}
			return v, nil
		}
		arity := func(n int) error {
			if len(f) != n {
				return bad("%s takes %d operand(s)", f[0], n-1)
			}
			return nil
		}
		st := stmt{line: ln}
		var err error
		switch f[0] {
		case "frame":
			if len(p.stmts) > 0 {
				return nil, bad("declaration after a statement")
			}
			if len(f) < 3 || !strings.HasPrefix(f[2], "words=") {
				return nil, bad("frame NAME words=N [ptrs=I,J,...] [nomap]")
			}
			l := &layout{name: f[1], line: ln}
			if l.words, err = num(strings.TrimPrefix(f[2], "words=")); err != nil {
				return nil, err
			}
			if l.words < 1 {
				return nil, bad("a frame has at least one word")
			}
			for _, opt := range f[3:] {
				switch {
				case opt == "nomap":
					l.nomap = true
				case strings.HasPrefix(opt, "ptrs="):
					for _, s := range strings.Split(strings.TrimPrefix(opt, "ptrs="), ",") {
						v, err := num(s)
						if err != nil {
							return nil, err
						}
						if v >= l.words {
							return nil, bad("pointer slot %d out of range", v)
						}
						l.ptrs = append(l.ptrs, v)
					}
				default:
					return nil, bad("unknown frame option %q", opt)
				}
			}
			if byName[l.name] != nil {
				return nil, bad("layout %s declared twice", l.name)
			}
			byName[l.name] = l
			p.layouts = append(p.layouts, l)
			continue
		case "call":
			if err = arity(2); err == nil {
				st.op = opCall
				if st.layout = byName[f[1]]; st.layout == nil {
					err = bad("unknown layout %s", f[1])
				}
			}
		case "ret", "gc":
			if err = arity(1); err == nil {
				st.op = opRet
				if f[0] == "gc" {
					st.op = opGc
				}
			}
		case "set", "store", "defer":
			if err = arity(3); err == nil {
				st.op = map[string]int{"set": opSet, "store": opStore, "defer": opDefer}[f[0]]
				if st.slot, err = num(f[1]); err == nil {
					st.value, err = val(f[2])
				}
			}
		case "get", "load":
			if err = arity(2); err == nil {
				st.op = opGet
				if f[0] == "load" {
					st.op = opLoad
				}
				st.slot, err = num(f[1])
			}
		case "addr":
			if err = arity(3); err == nil {
				st.op = opAddr
				if st.slot, err = num(f[1]); err == nil {
					ft := strings.SplitN(f[2], ".", 2)
					if len(ft) != 2 {
						err = bad("addr S F.T")
					} else if st.frame, err = num(ft[0]); err == nil {
						st.target, err = num(ft[1])
					}
				}
			}
		case "repeat":
			if len(f) != 3 || f[2] != "{" {
				err = bad("repeat N {")
			} else if st.count, err = val(f[1]); err == nil && st.count < 1 {
				err = bad("a repeat count is at least 1")
			}
			st.op = opRepeat
			open = append(open, len(p.stmts))
		case "}":
			if len(f) != 1 || len(open) == 0 {
				return nil, bad("unexpected }")
			}
			r := open[len(open)-1]
			open = open[:len(open)-1]
			if r == len(p.stmts)-1 {
				return nil, bad("empty repeat")
			}
			p.stmts[r].end = len(p.stmts)
			continue
		default:
			err = bad("unknown statement %q", f[0])
		}
		if err != nil {
			return nil, err
		}
		p.stmts = append(p.stmts, st)
	}
	if len(open) > 0 {
		return nil, &parseError{p.stmts[open[len(open)-1]].line, "repeat not closed"}
	}
	for _, l := range p.layouts {
		l.isPtr = make([]bool, l.words)
		l.index = make([]int, l.words)
		for _, s := range l.ptrs {
			if l.isPtr[s] {
				return nil, &parseError{l.line, fmt.Sprintf("pointer slot %d listed twice", s)}
			}
			l.isPtr[s] = true
		}
		np, ns := 0, 0
		for s := 0; s < l.words; s++ {
			if l.isPtr[s] {
				l.index[s] = np
				np++
			} else {
				l.index[s] = ns
				ns++
			}
		}
		l.scalars = ns
	}
	return p, nil
}

// observations counts the get and load statements the program runs (repeats multiplied), saturating.
func (p *program) observations() int64 {
	const max = int64(1) << 62
	var count func(from, to int) int64
	count = func(from, to int) int64 {
		var n int64
		for i := from; i < to; {
			s := &p.stmts[i]
			if s.op == opRepeat {
				inner := count(i+1, s.end)
				if inner > 0 && s.count > max/inner {
					return max
				}
				n += s.count * inner
				i = s.end
			} else {
				if s.op == opGet || s.op == opLoad {
					n++
				}
				i++
			}
			if n > max {
				return max
			}
		}
		return n
	}
	return count(0, len(p.stmts))
}
