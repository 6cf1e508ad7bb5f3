#!/usr/bin/env bash
# Which JIT options suit which command: runs one command of the launcher under several sets of JVM options
# (STACKCHECK_JAVA_OPTS, which replaces the launcher's own), alternating the sets run after run so that all
# see the same machine, and prints each run's own counter (statesPerSecond of explore, opsPerSecond of
# check; a command with neither, or a run that fails, shows as "failed") with the median per set (of an
# even number of runs, the lower middle one). The launcher's rule (which options a command gets) comes from
# such tables: reports/benchmarks.md keeps them with the command that made them.
#
#   scripts/jit.sh ROUNDS 'OPTIONS' ['OPTIONS' ...] -- COMMAND ...
#   e.g. scripts/jit.sh 4 '-XX:TieredStopAtLevel=1' '-XX:FreqInlineSize=100' -- check --seed 1 --tries 20000
#
# Every set gets '-Xmx8g -XX:+UseParallelGC' in front (the launcher's heap and collector); '' is the JVM's
# defaults (C1 then C2).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=$1; shift
sets=()
while [[ $# -gt 0 && $1 != -- ]]; do sets+=("$1"); shift; done
[[ ${1:-} == -- && $# -gt 1 && ${#sets[@]} -gt 0 ]] || { echo "usage: $0 ROUNDS 'OPTIONS' ... -- COMMAND ..." >&2; exit 2; }
shift
"$here/stackcheck" --help >/dev/null 2>&1 || true # builds the jar first if needed
runs=()
for ((r = 0; r < rounds; r++)); do
  for i in "${!sets[@]}"; do
    s=${sets[$i]}
    v=$(STACKCHECK_JAVA_OPTS="-Xmx8g -XX:+UseParallelGC $s" "$here/stackcheck" "$@" --json 2>/dev/null \
      | python3 -c "import json, sys; d = json.load(sys.stdin); print(round(d['statesPerSecond'] if 'statesPerSecond' in d else d['opsPerSecond']))" 2>/dev/null) \
      || v=failed
    runs[$i]="${runs[$i]:-} $v"
  done
done
echo "\`./stackcheck $*\`, $rounds alternating rounds, $(nproc) CPUs, $(java -version 2>&1 | head -1)," \
  "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| JVM options (after -Xmx8g -XX:+UseParallelGC) | median | runs |"
echo "|---|---:|---|"
for i in "${!sets[@]}"; do
  s=${sets[$i]}
  # shellcheck disable=SC2086 # the runs are a list of numbers
  median=$(printf '%s\n' ${runs[$i]} | { grep -v failed || true; } | sort -n | awk '{a[NR] = $1} END {print NR ? a[int((NR + 1) / 2)] : "failed"}')
  printf '| `%s` | %s |%s |\n' "${s:-(defaults)}" "$median" "${runs[$i]}"
done
