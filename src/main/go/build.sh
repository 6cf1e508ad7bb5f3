#!/usr/bin/env bash
# Builds stackcheck's Go engine into OUT (default: target/go of the repository):
#   OUT/stackcheck-go        with the installed Go
#   OUT/stackcheck-go-debug  with a copy of the installed Go root, OUT/goroot-stackdebug, in which
#                            src/runtime/stack.go sets stackDebug = 1, so that the runtime prints every
#                            stack copy on standard error (the Go engine's events)
#   OUT/frames.txt           the frame size of every function of the engine, from the compiler's listing
#                            (go build -gcflags=-S: TEXT main.F(SB), FLAGS, $framesize-argsize), one
#                            "F framesize argsize" a line, for the copy-size prediction (GoPrediction)
# The installed Go root is only read. The copy is made once per Go version and reused.
# Go: $GO, else `go` on the PATH, else /usr/lib/go-1.19/bin/go (Debian's golang-1.19-go).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
out="${1:-$repo/target/go}"
go="${GO:-$(command -v go || true)}"
[[ -n "$go" ]] || go=/usr/lib/go-1.19/bin/go
if [[ ! -x "$go" ]]; then
  echo "build.sh: no Go toolchain (install golang-1.19-go, or set GO)" >&2
  exit 2
fi
goroot="$("$go" env GOROOT)"
version="$(head -n 1 "$goroot/VERSION")"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
# one build at a time (two stackcheck runs may start one together)
exec 9> "$out/.build.lock"
flock 9

(cd "$here" && "$go" build -trimpath -o "$out/stackcheck-go" .)
(cd "$here" && "$go" build -trimpath -gcflags=-S -o /dev/null . 2>&1) \
  | sed -nE 's/^.*[[:space:]]TEXT[[:space:]]+main\.([^(]+)\(SB\), [A-Za-z|]+, \$([0-9]+)-([0-9]+)$/\1 \2 \3/p' \
  > "$out/frames.txt.new"
if ! grep -q '^interp ' "$out/frames.txt.new"; then
  echo "build.sh: no frame sizes in the compiler's listing" >&2
  exit 2
fi
mv "$out/frames.txt.new" "$out/frames.txt"

debugroot="$out/goroot-stackdebug"
stamp="$debugroot/.stackcheck-stackdebug"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$goroot $version" ]]; then
  rm -rf "$debugroot"
  cp -rL "$goroot" "$debugroot"
  chmod -R u+w "$debugroot"
  stack="$debugroot/src/runtime/stack.go"
  sed -i -E 's/^(\tstackDebug[[:space:]]+= )0$/\11/' "$stack"
  if ! grep -Eq '^	stackDebug[[:space:]]+= 1$' "$stack"; then
    echo "build.sh: could not set stackDebug = 1 in $stack" >&2
    exit 2
  fi
  echo "$goroot $version" > "$stamp"
fi
(cd "$here" && GOROOT="$debugroot" "$debugroot/bin/go" build -trimpath -o "$out/stackcheck-go-debug" .)
echo "build.sh: built $out/stackcheck-go and $out/stackcheck-go-debug ($version)" >&2
