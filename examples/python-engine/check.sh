#!/usr/bin/env bash
# Checks the Python engine as CI does: the correct engine passes a short check (with the default limit and
# with a 16 KiB one, so that overflows happen), and each deliberately wrong variant fails with the invariant
# it breaks. Run from anywhere; needs python3 and a built stackcheck (the launcher builds it).
set -euo pipefail
cd "$(dirname "$0")/../.."
export STACKCHECK_ENGINES=examples/python-engine
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
./stackcheck check --engine python-copying --tries 200 --out "$out/ok" > "$out/ok.txt" || {
  cat "$out/ok.txt"; echo "python-engine: the correct engine failed" >&2; exit 1; }
head -1 "$out/ok.txt"
./stackcheck check --engine python-copying --tries 200 --max-stack 16384 --out "$out/limit" > "$out/limit.txt" || {
  cat "$out/limit.txt"; echo "python-engine: the correct engine failed with a 16 KiB limit" >&2; exit 1; }
head -1 "$out/limit.txt"
# wrong variant, the invariant that must catch it
for case in skip-defer-adjust:REF-1 no-double:CPY-2; do
  wrong=${case%%:*} id=${case##*:}
  status=0
  STACKCHECK_PY_WRONG=$wrong ./stackcheck check --engine python-copying --tries 500 --no-replay \
    --out "$out/$wrong" > "$out/$wrong.txt" || status=$?
  if [[ $status -ne 1 ]] || ! grep -q "^$id python-copying" "$out/$wrong.txt"; then
    cat "$out/$wrong.txt"
    echo "python-engine: STACKCHECK_PY_WRONG=$wrong was not caught by $id (exit $status)" >&2
    exit 1
  fi
  echo "STACKCHECK_PY_WRONG=$wrong caught: $(grep -m1 "^$id python-copying" "$out/$wrong.txt")"
done
