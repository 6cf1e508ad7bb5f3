#!/usr/bin/env bash
# The figures users wait for, measured with the command line's own counters, one row per command:
# explore states per second (1 and 2 workers), check statements per second cold (seeds 1, 2, 4) and
# long (20,000 programs). Run it on a quiet machine; give two checkouts to compare them side by side
# in one sitting, alternating runs so that both see the same machine:
#   scripts/figures.sh [DIR ...]      (default: this checkout)
# Prints a Markdown table on standard output; each launcher builds its jar first if needed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dirs=("$@"); [[ ${#dirs[@]} -gt 0 ]] || dirs=("$here")
rounds=${FIGURES_ROUNDS:-2}
for d in "${dirs[@]}"; do "$d/stackcheck" --help >/dev/null 2>&1 || true; done
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
declare -A best
measure() { # key dir command... ; keeps the best of the rounds
  local key=$1 d=$2; shift 2
  local v; v=$(cd "$d" && ./stackcheck "$@" --json 2>/dev/null | field "$FIELD")
  local old=${best[$key]:-0}
  if python3 -c "import sys; sys.exit(0 if float('$v') > float('$old') else 1)"; then best[$key]=$v; fi
}
rows=("explore --depth 7 --workers 1" "explore --depth 7 --workers 2" "check --seed 1" "check --seed 2" "check --seed 4" "check --seed 1 --tries 20000")
for ((r = 0; r < rounds; r++)); do
  for row in "${rows[@]}"; do
    for d in "${dirs[@]}"; do
      if [[ $row == explore* ]]; then FIELD=statesPerSecond; else FIELD=opsPerSecond; fi
      # shellcheck disable=SC2086
      measure "$row|$d" "$d" $row
    done
  done
done
printf '| command | unit |'; for d in "${dirs[@]}"; do printf ' %s |' "$(cd "$d" && git log -1 --format=%h)"; done; echo
printf '|---|---|'; for d in "${dirs[@]}"; do printf -- '---:|'; done; echo
for row in "${rows[@]}"; do
  if [[ $row == explore* ]]; then unit="states/s"; else unit="statements/s"; fi
  printf '| `%s` | %s |' "$row" "$unit"
  for d in "${dirs[@]}"; do printf ' %s |' "${best[$row|$d]}"; done; echo
done
echo
echo "best of $rounds alternating rounds; $(nproc) CPUs, $(uname -m), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
