#!/usr/bin/env python3
"""A copying-stack engine for stackcheck, in Python 3 (standard library only).

It keeps one contiguous stack that moves, as Go has done since 1.4: a region of INITIAL * 2^k bytes,
frame 0 at its top, each later frame just below the one before; a frame of W words takes 8*(W+1) bytes
(its slots, then its return address). A call that does not fit doubles the stack (again while it still
does not fit), copies the used bytes so that they keep their distance from the top, and adjusts every
pointer into the old stack: the pointer slots of every live frame and the pointers held by defer records.
A gc halves the stack when less than a quarter is used, never below INITIAL. Past the limit
($STACKCHECK_MAX_STACK) it reports a stack overflow.

It speaks stackcheck's outside-engine protocol (specs/PROTOCOL.md): with STACKCHECK_PROTOCOL=session, it
reads programs one after another, each ended by a line "---", and answers each with its JSON lines ending
in a final line; otherwise it reads one program up to the end of its input.

STACKCHECK_PY_WRONG makes it deliberately wrong, to show that stackcheck catches it:
  skip-defer-adjust  a copy leaves the pointers of defer records pointing into the old stack (PTR-2)
  no-double          growth adds INITIAL bytes instead of doubling (CPY-2)
"""

import json
import os
import sys

INITIAL = 2048          # bytes: EngineParams.DEFAULT's initial stack
GUARD = 0               # bytes kept free below the top frame
SHRINK_SLACK = 0        # bytes: shrink when used + slack < size / 4

CALL, RET, SET, GET, ADDR, STORE, LOAD, DEFER, GC, REPEAT = range(10)
SIMPLE = {"ret": RET, "gc": GC}
WITH_SLOT = {"get": GET, "load": LOAD}
WITH_VALUE = {"set": SET, "store": STORE, "defer": DEFER}


class Refuse(Exception):
    """The engine cannot run this program."""


class Overflow(Exception):
    """The stack would pass the limit."""


def parse(lines):
    """The program's layouts (name -> (words, pointer slots)) and its statements as tuples.

    A repeat is (REPEAT, count, index just past its body). stackcheck sends only legal programs, so
    this parser checks only what it needs.
    """
    layouts = {}
    code = []
    open_repeats = []
    for raw in lines:
        hash_at = raw.find("#")
        if hash_at >= 0:
            raw = raw[:hash_at]
        f = raw.split()
        if not f:
            continue
        op = f[0]
        if op == "frame":
            words = int(f[2][len("words="):])
            ptrs = ()
            for opt in f[3:]:
                if opt == "nomap":
                    raise Refuse("layout %s is nomap: a copying stack cannot adjust a frame without a "
                                 "pointer map" % f[1])
                if opt.startswith("ptrs="):
                    ptrs = tuple(int(s) for s in opt[len("ptrs="):].split(","))
            layouts[f[1]] = (words, ptrs)
        elif op == "call":
            code.append((CALL, f[1]))
        elif op in SIMPLE:
            code.append((SIMPLE[op],))
        elif op in WITH_SLOT:
            code.append((WITH_SLOT[op], int(f[1])))
        elif op in WITH_VALUE:
            code.append((WITH_VALUE[op], int(f[1]), int(f[2])))
        elif op == "addr":
            frame, slot = f[2].split(".")
            code.append((ADDR, int(f[1]), int(frame), int(slot)))
        elif op == "repeat":
            open_repeats.append(len(code))
            code.append([REPEAT, int(f[1]), 0])
        elif op == "}":
            start = open_repeats.pop()
            code[start][2] = len(code)
        else:
            raise ValueError("unknown statement %r" % op)
    code = [tuple(c) if isinstance(c, list) else c for c in code]
    return layouts, code


class Stack:
    """One goroutine's stack: mem[k] is the word at address hi - 8*(k+1), so mem holds the used bytes."""

    def __init__(self, max_stack, wrong):
        self.max_stack = max_stack
        self.wrong = wrong
        self.next_lo = 0x100000          # addresses of new stacks: never reused, so a stale pointer stays stale
        self.size = 0
        self.lo = self.hi = 0
        self.mem = []
        self.frames = []                 # per live frame: (sp, pointer slots)
        self.defers = []                 # per live frame: list of [address, value]
        self.out = []
        self.stats = {"calls": 0, "returns": 0, "copies": 0, "shrinks": 0, "bytesCopied": 0}
        self.allocate(INITIAL)

    def allocate(self, size):
        self.lo = self.next_lo
        self.hi = self.lo + size
        self.size = size
        self.next_lo = self.hi + 4096

    def word(self, address):
        """Index of the word at address in mem, or -1 when it is not in the used part of this stack."""
        k = (self.hi - address >> 3) - 1
        return k if 0 <= k < len(self.mem) else -1

    def move(self, new_size, grow, step):
        """Copies the used bytes to a new stack of new_size bytes and adjusts the pointers into the old one."""
        used = len(self.mem) * 8
        old_lo, old_hi = self.lo, self.hi
        old_size = self.size
        self.mem = list(self.mem)        # the copy: the same words, the same distance from hi
        self.allocate(new_size)
        delta = self.hi - old_hi
        mem = self.mem
        for sp, ptrs in self.frames:
            for p in ptrs:
                k = (self.hi - (sp + delta) - 8 * p >> 3) - 1
                v = mem[k]
                if old_lo <= v < old_hi:
                    mem[k] = v + delta
        self.frames = [(sp + delta, ptrs) for sp, ptrs in self.frames]
        if self.wrong != "skip-defer-adjust":
            for records in self.defers:
                for r in records:
                    if old_lo <= r[0] < old_hi:
                        r[0] += delta
        self.stats["copies" if grow else "shrinks"] += 1
        self.stats["bytesCopied"] += used
        self.out.append(json.dumps({
            "event": "copy" if grow else "shrink", "old": old_size, "new": new_size, "used": used,
            "oldLo": old_lo, "oldSp": old_hi - used, "oldHi": old_hi,
            "newLo": self.lo, "newSp": self.hi - used, "newHi": self.hi, "step": step}))

    def call(self, layout, step):
        words, ptrs = layout
        nbytes = 8 * (words + 1)
        used = len(self.mem) * 8
        if used + nbytes > self.size - GUARD:
            new_size = self.size * 2 if self.wrong != "no-double" else self.size + INITIAL
            while new_size - used < nbytes + GUARD and new_size <= self.max_stack:
                new_size = new_size * 2 if self.wrong != "no-double" else new_size + INITIAL
            if new_size > self.max_stack:
                raise Overflow("stack overflow: goroutine stack exceeds %d-byte limit" % self.max_stack)
            self.move(new_size, True, step)
        sp = self.hi - used - nbytes
        # the new frame's words, highest address first: its return address, then slots W-1 .. 0
        self.mem.extend([0] * (words + 1))
        self.frames.append((sp, ptrs))
        self.defers.append([])
        self.stats["calls"] += 1

    def slot(self, s):
        """Index in mem of slot s of the top frame."""
        return (self.hi - self.frames[-1][0] - 8 * s >> 3) - 1

    def ret(self):
        for address, value in reversed(self.defers.pop()):
            k = self.word(address)
            if k >= 0:                   # a store into the old stack (a wrong engine's) is lost
                self.mem[k] = value
        self.frames.pop()
        del self.mem[(self.hi - self.frames[-1][0] >> 3) if self.frames else 0:]
        self.stats["returns"] += 1

    def gc(self, step):
        used = len(self.mem) * 8
        if self.size // 2 >= INITIAL and used + SHRINK_SLACK < self.size // 4:
            self.move(self.size // 2, False, step)


def run(layouts, code, max_stack, wrong):
    """Runs the program; returns its output lines (observations, events, overflow, stats)."""
    st = Stack(max_stack, wrong)
    out = st.out
    mem = None
    step = 0
    pc = 0
    n = len(code)
    loops = []                           # per open repeat: [start, end, iterations left]
    try:
        while True:
            if loops and pc == loops[-1][1]:
                loop = loops[-1]
                loop[2] -= 1
                if loop[2] > 0:
                    pc = loop[0]
                else:
                    loops.pop()
                continue
            if pc >= n:
                break
            c = code[pc]
            op = c[0]
            if op == REPEAT:
                loops.append([pc + 1, c[2], c[1]])
                pc += 1
                continue
            mem = st.mem
            if op == GET:
                out.append('{"obs":%d}' % mem[st.slot(c[1])])
            elif op == SET:
                mem[st.slot(c[1])] = c[2]
            elif op == CALL:
                st.call(layouts[c[1]], step)
            elif op == RET:
                st.ret()
            elif op == ADDR:
                sp = st.frames[c[2]][0]
                mem[st.slot(c[1])] = sp + 8 * c[3]
            elif op == STORE:
                mem[st.word(mem[st.slot(c[1])])] = c[2]
            elif op == LOAD:
                out.append('{"obs":%d}' % mem[st.word(mem[st.slot(c[1])])])
            elif op == DEFER:
                st.defers[-1].append([mem[st.slot(c[1])], c[2]])
            elif op == GC:
                st.gc(step)
            step += 1
            pc += 1
    except Overflow as e:
        out.append(json.dumps({"overflow": str(e)}))
    out.append(json.dumps({"stats": st.stats}))
    return out


def answer(lines, max_stack, wrong):
    """The output lines for one program's text lines."""
    try:
        layouts, code = parse(lines)
    except Refuse as e:
        return [json.dumps({"refuse": str(e)})]
    except (ValueError, IndexError, KeyError) as e:
        return [json.dumps({"error": "cannot read the program: %s" % e})]
    try:
        return run(layouts, code, max_stack, wrong)
    except (ValueError, IndexError, KeyError) as e:
        return [json.dumps({"error": "%s: %s" % (type(e).__name__, e)})]


def main():
    max_stack = int(os.environ.get("STACKCHECK_MAX_STACK", "1000000000"))
    wrong = os.environ.get("STACKCHECK_PY_WRONG", "")
    out = sys.stdout
    if os.environ.get("STACKCHECK_PROTOCOL") != "session":
        out.write("\n".join(answer(sys.stdin.read().split("\n"), max_stack, wrong)) + "\n")
        return
    lines = []
    for line in sys.stdin:
        line = line.rstrip("\r\n")
        if line != "---":
            lines.append(line)
            continue
        out.write("\n".join(answer(lines, max_stack, wrong)) + "\n")
        out.flush()
        lines = []


if __name__ == "__main__":
    main()
