#!/usr/bin/env bash
# Builds stackcheck's Go engine into OUT (default: target/go of the repository):
#   OUT/stackcheck-go        with the installed Go
#   OUT/stackcheck-go-debug  with a copy of the installed Go root, OUT/goroot-stackdebug, in which
#                            src/runtime/stack.go sets stackDebug = 1, so that the runtime prints every
#                            stack copy on standard error (the Go engine's events)
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

(cd "$here" && "$go" build -trimpath -o "$out/stackcheck-go" .)

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
