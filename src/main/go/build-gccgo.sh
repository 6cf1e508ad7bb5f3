#!/usr/bin/env bash
# Builds stackcheck's Go engine with gccgo into OUT (default: target/gccgo of the repository):
#   OUT/stackcheck-gccgo  the same sources as build.sh's engine, compiled by gccgo-12 (-fsplit-stack):
#                         goroutines run on libgcc's linked stack segments, and segments_gccgo.go reports
#                         every split, lessstack, alloc and free as protocol events
#   OUT/frames.txt        per function of the engine, from its split-stack prologue: "F FIT REQUEST" (hexadecimal),
#                         FIT the bytes below SP the prologue compares with the segment's limit (lea -FIT(%rsp),%r11;
#                         0x0 for small frames, which compare %rsp itself), REQUEST the frame size it passes to
#                         __morestack in %r10 ("-" where the function is nosplit); for the segment prediction
# gccgo's go command: $GCCGO_GO, else go-12 on the PATH (Debian's gccgo-12).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
out="${1:-$repo/target/gccgo}"
go="${GCCGO_GO:-$(command -v go-12 || true)}"
if [[ -z "$go" || ! -x "$go" ]]; then
  echo "build-gccgo.sh: no gccgo (install gccgo-12, or set GCCGO_GO to gccgo's go command)" >&2
  exit 2
fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"
exec 9> "$out/.build.lock"
flock 9
(cd "$here" && "$go" build -o "$out/stackcheck-gccgo.new" .)
mv "$out/stackcheck-gccgo.new" "$out/stackcheck-gccgo"
objdump -d --no-show-raw-insn "$out/stackcheck-gccgo" \
  | awk 'function done() { if (name != "") print name, (fit == "" ? "-" : fit), (req == "" ? "-" : req); name = "" }
         /^[0-9a-f]+ <[^>]*>:$/ { done(); if ($2 ~ /^<main\./) { name = $2; gsub(/[<>:]/, "", name); sub(/^main\./, "", name); gsub(/__/, "_", name); fit = ""; req = ""; first = 1 } ; next }
         name != "" && first && /lea +-0x[0-9a-f]+\(%rsp\),%r11/ { match($0, /-0x[0-9a-f]+/); fit = substr($0, RSTART + 1, RLENGTH - 1) }
         name != "" && first && /cmp +%fs:0x70,%rsp/ { fit = "0x0" }
         name != "" { first = 0 }
         name != "" && req == "" && /mov +\$0x[0-9a-f]+,%r10/ { match($0, /\$0x[0-9a-f]+/); req = substr($0, RSTART + 1, RLENGTH - 1) }
         END { done() }' > "$out/frames.txt.new"
if ! grep -q '^interp ' "$out/frames.txt.new"; then
  echo "build-gccgo.sh: no split-stack prologue for interp in the binary" >&2
  exit 2
fi
mv "$out/frames.txt.new" "$out/frames.txt"
echo "build-gccgo.sh: built $out/stackcheck-gccgo ($("$go" version))" >&2
