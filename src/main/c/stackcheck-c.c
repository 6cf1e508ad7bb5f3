/*
 * stackcheck-c: stackcheck's C engine. It runs a .stk program (specs/PROTOCOL.md) with real C recursion
 * on one pthread whose stack is a fixed block of STACKCHECK_MAX_STACK bytes, as the seed's C thread has:
 * no growth check at all.
 *
 * Invariant: program frame f is the variable-length array `slots` of one activation of call_frame (its
 * words, 8 bytes each) plus the C frames of that activation, its interp and one defer_frame/interp pair
 * per defer statement; a pointer slot holds the address of a scalar slot of an older (or the same)
 * frame. frames[] only indexes the live activations (for addr). When a call needs more than the block,
 * the thread touches the guard page below it (every page of a big frame is probed:
 * -fstack-clash-protection), the SIGSEGV handler runs on an alternate signal stack and jumps back to
 * the thread's start, and the engine reports {"overflow": ...} after the observations made so far.
 *
 * With --bench P it runs the bench mode instead (bench_main below).
 *
 * Environment: STACKCHECK_MAX_STACK (default 8 MiB) the block; STACKCHECK_CFIXED_WRONG=fat-frames
 * (tests only) gives every frame four times its slots, a deliberately wrong engine that overflows early.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { OP_CALL, OP_RET, OP_SET, OP_GET, OP_ADDR, OP_STORE, OP_LOAD, OP_DEFER, OP_GC, OP_REPEAT };
enum { ACT_RET, ACT_END };

struct layout { char name[256]; long words; char *is_ptr; };
struct stmt { int op; long slot, frame, target; int64_t value; long end; struct layout *layout; };

static struct layout *layouts;
static int nlayouts;
static struct stmt *stmts;
static long nstmts;
static long pc;
static long *open_rep, *left_rep;
static int nopen;
static int64_t **frames;
static struct layout **frame_layout;
static long depth = -1, max_depth;
static int64_t *obs;
static long nobs, cap_obs;
static long calls, returns;
static int fat = 1;
static char *stack_hi;
static long peak_used;
static sigjmp_buf overflow_jump;
static volatile sig_atomic_t overflowed;
static char *guard_lo, *guard_hi;

static void fail(const char *msg, long line) {
    printf("{\"error\":\"line %ld: %s\"}\n", line, msg);
    exit(1);
}

static struct layout *find_layout(const char *name) {
    for (int i = 0; i < nlayouts; i++)
        if (strcmp(layouts[i].name, name) == 0) return &layouts[i];
    return NULL;
}

/* Reads the program: stackcheck sends only programs its specification accepted, so this checks only what
 * the engine relies on and reports anything else as an error line. */
static void parse(char *text) {
    long cap = 1024, rep[4096];
    int nrep = 0;
    stmts = calloc(cap, sizeof *stmts);
    layouts = calloc(4096, sizeof *layouts);
    long ln = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        ln++;
        char *hash = strchr(line, '#');
        if (hash) *hash = 0;
        char w[4][256];
        int n = sscanf(line, "%255s %255s %255s %255s", w[0], w[1], w[2], w[3]);
        if (n <= 0) continue;
        if (nstmts + 1 >= cap) stmts = realloc(stmts, (cap *= 2) * sizeof *stmts);
        struct stmt *s = &stmts[nstmts];
        memset(s, 0, sizeof *s);
        if (!strcmp(w[0], "frame")) {
            if (nlayouts >= 4096 || n < 3) fail("bad frame declaration", ln);
            struct layout *l = &layouts[nlayouts++];
            snprintf(l->name, sizeof l->name, "%s", w[1]);
            l->words = atol(w[2] + 6);
            if (l->words < 1) fail("a frame has at least one word", ln);
            l->is_ptr = calloc(l->words, 1);
            char *p = strstr(line, "ptrs=");
            if (p) {
                for (p += 5; *p && *p != ' ' && *p != '\t';) {
                    long v = strtol(p, &p, 10);
                    if (v < 0 || v >= l->words) fail("pointer slot out of range", ln);
                    l->is_ptr[v] = 1;
                    if (*p == ',') p++;
                }
            }
            if (strstr(line, "nomap")) { /* C frames have no pointer maps at all: nothing to do */ }
            continue;
        }
        if (!strcmp(w[0], "}")) {
            if (nrep == 0) fail("unexpected }", ln);
            stmts[rep[--nrep]].end = nstmts;
            continue;
        }
        if (!strcmp(w[0], "call")) {
            s->op = OP_CALL;
            if (n < 2 || !(s->layout = find_layout(w[1]))) fail("unknown layout", ln);
        } else if (!strcmp(w[0], "ret")) s->op = OP_RET;
        else if (!strcmp(w[0], "gc")) s->op = OP_GC;
        else if (!strcmp(w[0], "set") || !strcmp(w[0], "store") || !strcmp(w[0], "defer")) {
            s->op = w[0][0] == 's' ? (w[0][1] == 'e' ? OP_SET : OP_STORE) : OP_DEFER;
            if (n < 3) fail("missing operand", ln);
            s->slot = atol(w[1]);
            s->value = strtoll(w[2], NULL, 10);
        } else if (!strcmp(w[0], "get") || !strcmp(w[0], "load")) {
            s->op = w[0][0] == 'g' ? OP_GET : OP_LOAD;
            if (n < 2) fail("missing operand", ln);
            s->slot = atol(w[1]);
        } else if (!strcmp(w[0], "addr")) {
            s->op = OP_ADDR;
            if (n < 3 || sscanf(w[2], "%ld.%ld", &s->frame, &s->target) != 2) fail("addr S F.T", ln);
            s->slot = atol(w[1]);
        } else if (!strcmp(w[0], "repeat")) {
            s->op = OP_REPEAT;
            s->value = atol(w[1]);
            if (nrep >= 4096 || s->value < 1) fail("bad repeat", ln);
            rep[nrep++] = nstmts;
        } else fail("unknown statement", ln);
        nstmts++;
    }
    if (nrep) fail("unclosed repeat", ln);
    open_rep = calloc(4097, sizeof *open_rep);
    left_rep = calloc(4097, sizeof *left_rep);
}

static struct stmt *next(void) {
    for (;;) {
        if (nopen > 0 && pc == stmts[open_rep[nopen - 1]].end) {
            if (--left_rep[nopen - 1] > 0) pc = open_rep[nopen - 1] + 1;
            else nopen--;
            continue;
        }
        if (pc >= nstmts) return NULL;
        struct stmt *s = &stmts[pc++];
        if (s->op != OP_REPEAT) return s;
        open_rep[nopen] = pc - 1;
        left_rep[nopen++] = s->value;
    }
}

static void observe(int64_t v) {
    if (nobs == cap_obs) obs = realloc(obs, (cap_obs = cap_obs ? 2 * cap_obs : 1024) * sizeof *obs);
    obs[nobs++] = v;
}

static int interp(void);

static void push(int64_t *slots, struct layout *l) {
    if (depth + 1 >= max_depth) {
        max_depth = max_depth ? 2 * max_depth : 1024;
        frames = realloc(frames, max_depth * sizeof *frames);
        frame_layout = realloc(frame_layout, max_depth * sizeof *frame_layout);
    }
    depth++;
    frames[depth] = slots;
    frame_layout[depth] = l;
    long used = stack_hi - (char *)slots;
    if (used > peak_used) peak_used = used;
}

/* One program frame: its slots are this activation's array. noinline: every frame is a real C frame. */
static __attribute__((noinline)) int call_frame(struct layout *l) {
    int64_t slots[l->words * fat];
    memset(slots, 0, sizeof slots);
    push(slots, l);
    int a = interp();
    depth--;
    return a;
}

/* The rest of a frame after `defer S V`: the store runs when the frame returns, after its later defers. */
static __attribute__((noinline)) int defer_frame(int64_t *q, int64_t v) {
    int a = interp();
    if (a == ACT_RET) *q = v;
    return a;
}

static __attribute__((noinline)) int interp(void) {
    for (;;) {
        struct stmt *s = next();
        if (!s) return ACT_END;
        int64_t *f = depth >= 0 ? frames[depth] : NULL;
        switch (s->op) {
        case OP_CALL:
            calls++;
            if (call_frame(s->layout) != ACT_RET) return ACT_END;
            break;
        case OP_RET:
            returns++;
            return ACT_RET;
        case OP_SET:
            f[s->slot] = frame_layout[depth]->is_ptr[s->slot] ? 0 : s->value;
            break;
        case OP_GET:
            observe(f[s->slot]);
            break;
        case OP_ADDR:
            f[s->slot] = (int64_t)(intptr_t)&frames[s->frame][s->target];
            break;
        case OP_STORE:
            *(int64_t *)(intptr_t)f[s->slot] = s->value;
            break;
        case OP_LOAD:
            observe(*(int64_t *)(intptr_t)f[s->slot]);
            break;
        case OP_DEFER:
            return defer_frame((int64_t *)(intptr_t)f[s->slot], s->value);
        case OP_GC:
            break; /* C has no collector */
        }
    }
}

static void on_segv(int sig, siginfo_t *info, void *ctx) {
    (void)ctx;
    char *a = info->si_addr;
    if (a >= guard_lo && a < guard_hi) {
        overflowed = 1;
        siglongjmp(overflow_jump, 1);
    }
    signal(sig, SIG_DFL); /* any other fault is a crash */
    raise(sig);
}

/* The bench mode (stackcheck-c --bench P): the seed's claims measured inside this process on the fixed
 * thread stack, as src/main/go/bench.go does on Go's stacks, with the same workload: P calls of leaf (a
 * 256-byte frame, zeroed) and their returns, and descents to N levels of descend and back (the first and a second
 * time). JSON lines as bench.go's; used = the bytes N + 1 levels take, reserved = the thread's whole block,
 * which a fixed stack must reserve for the deepest descent in advance. */
#define LEAF_WORDS 32
static uintptr_t level_at[2];

__attribute__((noinline, noipa)) static long leaf(long i) {
    long a[LEAF_WORDS];
    memset(a, 0, sizeof a); /* zeroed, as Go zeroes its locals */
    a[i & (LEAF_WORDS - 1)] = i;
    a[0]++;
    __asm__ volatile("" : : "r"(a) : "memory"); /* the array is really written */
    return a[(i * 7) & (LEAF_WORDS - 1)] + a[0];
}

__attribute__((noinline, noipa)) static long descend(long d, long n) {
    volatile long a[8];
    a[d & 7] = d;
    if (d == 5 || d == 6) level_at[d - 5] = (uintptr_t)&a[0];
    if (d == n) return a[0];
    long r = descend(d + 1, n);
    __asm__ volatile("" : "+r"(r) : : "memory"); /* no accumulator loop: a real return per level */
    return r + a[d & 7];
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long bench_pairs;
static size_t bench_block;

static void *bench_main(void *arg) {
    (void)arg;
    long sink = 0;
    long long t = now_ns();
    for (long i = 0; i < bench_pairs; i++) sink += leaf(i);
    long long d = now_ns() - t;
    printf("{\"bench\":\"pair\",\"where\":\"inside\",\"pairs\":%ld,\"ns\":%lld,\"segments\":1}\n", bench_pairs, d);
    for (long n = 10; n <= 1000000; n *= 10) {
        for (long f = n; f <= 3 * n && f <= 1000000; f += 2 * n) {
            t = now_ns();
            sink += descend(0, f);
            long long cold = now_ns() - t;
            t = now_ns();
            sink += descend(0, f);
            long long warm = now_ns() - t;
            unsigned long level = (unsigned long)(level_at[0] - level_at[1]);
            printf("{\"bench\":\"descent\",\"frames\":%ld,\"frameBytes\":%lu,\"ns\":%lld,\"warmNs\":%lld,"
                   "\"used\":%lu,\"reserved\":%zu}\n", f, level, cold, warm, level * (unsigned long)(f + 1), bench_block);
        }
    }
    return (void *)(intptr_t)(sink & 1);
}

static void *thread_main(void *arg) {
    (void)arg;
    stack_t alt = {.ss_sp = malloc(1 << 16), .ss_size = 1 << 16};
    sigaltstack(&alt, NULL);
    pthread_attr_t attr;
    pthread_getattr_np(pthread_self(), &attr);
    void *lo;
    size_t size, guard;
    pthread_attr_getstack(&attr, &lo, &size);
    pthread_attr_getguardsize(&attr, &guard);
    stack_hi = (char *)lo + size;
    guard_lo = (char *)lo - guard;
    guard_hi = (char *)lo;
    if (sigsetjmp(overflow_jump, 1) == 0) interp();
    return NULL;
}

int main(int argc, char **argv) {
    size_t limit = 8 << 20;
    if (argc == 3 && !strcmp(argv[1], "--bench")) {
        bench_pairs = atol(argv[2]);
        bench_block = (size_t)1 << 29; /* 512 MiB: room for the million-level descent */
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, bench_block);
        pthread_t t;
        if (pthread_create(&t, &attr, bench_main, NULL)) fail("pthread_create failed", 0);
        pthread_join(t, NULL);
        return 0;
    }
    const char *env = getenv("STACKCHECK_MAX_STACK");
    if (env && atol(env) > 0) limit = (size_t)atol(env);
    const char *wrong = getenv("STACKCHECK_CFIXED_WRONG");
    if (wrong && !strcmp(wrong, "fat-frames")) fat = 4;
    size_t cap = 1 << 16, len = 0;
    char *text = malloc(cap + 1);
    for (size_t r; (r = fread(text + len, 1, cap - len, stdin)) > 0;)
        if ((len += r) == cap) text = realloc(text, (cap *= 2) + 1);
    text[len] = 0;
    parse(text);
    long page = sysconf(_SC_PAGESIZE);
    size_t size = (limit + page - 1) / page * page;
    if (size < (size_t)PTHREAD_STACK_MIN) size = PTHREAD_STACK_MIN;
    struct sigaction sa = {.sa_sigaction = on_segv, .sa_flags = SA_SIGINFO | SA_ONSTACK};
    sigaction(SIGSEGV, &sa, NULL);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, size);
    pthread_attr_setguardsize(&attr, 1 << 16);
    pthread_t t;
    if (pthread_create(&t, &attr, thread_main, NULL)) fail("pthread_create failed", 0);
    pthread_join(t, NULL);
    for (long i = 0; i < nobs; i++) printf("{\"obs\":%lld}\n", (long long)obs[i]);
    if (overflowed)
        printf("{\"overflow\":\"stack overflow: call #%ld touched the guard page below the %zu-byte thread stack\"}\n",
               calls, size);
    printf("{\"stats\":{\"calls\":%ld,\"returns\":%ld,\"peakUsed\":%ld,\"peakReserved\":%zu}}\n", calls, returns,
           peak_used, size);
    return 0;
}
