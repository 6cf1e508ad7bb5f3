#!/usr/bin/env bash
# Builds stackcheck's C engine (stackcheck-c.c) into OUT (default: target/c of the repository) with gcc:
# -O2, and -fstack-clash-protection so that a frame bigger than the guard page still touches it first.
# gcc: $CC, else gcc on the PATH.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
out="${1:-$repo/target/c}"
cc="${CC:-$(command -v gcc || true)}"
if [[ -z "$cc" ]]; then
  echo "src/main/c/build.sh: no C compiler (install gcc, or set CC)" >&2
  exit 2
fi
mkdir -p "$out"
"$cc" -std=c11 -O2 -Wall -Wextra -fstack-clash-protection -pthread -o "$out/stackcheck-c.new" "$here/stackcheck-c.c"
mv "$out/stackcheck-c.new" "$out/stackcheck-c"
echo "src/main/c/build.sh: built $out/stackcheck-c" >&2
