#!/usr/bin/env bash
# The figures users wait for (issue 15's table), measured with the command line's own counters, one row per
# command: explore states per second (depths 7 and 8, with 1 and 2 workers), check statements per
# second cold (seeds 1, 2, 4) and long (20,000 programs), and the programs each copying target refused in a
# default check. With FIGURES_DEEP=1 also `explore --depth 9` (minutes; its time, completeness and bytes per
# state, with the launcher's default heap), with FIGURES_DEEP=2 also `explore --depth 10` (about an hour on
# 2 CPUs; it spills its fingerprints to the temporary directory: some 35 GB of disk at the peak). Each
# launcher builds its jar first if needed.
#
#   scripts/figures.sh [--write] [DIR ...]   (default: this checkout)
#
# Give two checkouts to compare them side by side in one sitting: the rows alternate between them, round
# after round (FIGURES_ROUNDS, default 2), and each cell is the best round, so both see the same machine.
# Prints a Markdown table; --write also puts it, with the machine and the commands, at the head of the figures
# section of reports/benchmarks.md, in place of the table there, keeping the section's ### subsections
# (scripts/bench.sh keeps the whole section when it rewrites the file).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
write=0
if [[ ${1:-} == --write ]]; then write=1; shift; fi
dirs=("$@"); [[ ${#dirs[@]} -gt 0 ]] || dirs=("$here")
rounds=${FIGURES_ROUNDS:-2}
for d in "${dirs[@]}"; do "$d/stackcheck" --help >/dev/null 2>&1 || true; done
declare -A best
# key dir field command... : keeps the best (highest) value of the rounds
measure() {
  local key=$1 d=$2 field=$3; shift 3
  local v; v=$(cd "$d" && ./stackcheck "$@" --json 2>/dev/null | python3 -c "
import json, sys
d = json.load(sys.stdin)
f = '$field'
if f == 'refused':
    print(max([e['refused'] for n, e in d['perEngine'].items() if n.startswith('copying')] or [0]))
elif f == 'deep':
    sp = d.get('spill')
    print('%d states, %.0f s, %s, %.1f bytes/state in the heap%s' % (d['states'], d['elapsedMs'] / 1000,
          'complete' if d['complete'] else 'stopped: ' + d.get('stopped', ''), d['bytesPerState'],
          '' if sp is None else ', %d fingerprints spilled to disk (%d merges, %.1f GB at most, %.0f s merging)'
          % (sp['fingerprints'], sp['merges'], sp['peakBytes'] / 1e9, sp['ms'] / 1000)))
else:
    print(round(d[f]))") || v="failed"
  local old=${best[$key]:-}
  if [[ -z $old || $field == deep ]] || python3 -c "import sys; sys.exit(0 if float('$v') > float('$old') else 1)" 2>/dev/null; then
    best[$key]=$v
  fi
}
rows=("explore --depth 7 --workers 1" "explore --depth 7 --workers 2" "explore --depth 8 --workers 1"
      "explore --depth 8 --workers 2"
      "check --seed 1" "check --seed 2" "check --seed 4" "check --seed 1 --tries 20000" "check --seed 1 ")
[[ ${FIGURES_DEEP:-0} -ge 1 ]] && rows+=("explore --depth 9")
[[ ${FIGURES_DEEP:-0} -ge 2 ]] && rows+=("explore --depth 10")
field_of() {
  case $1 in
    "explore --depth 9" | "explore --depth 10") echo deep ;;
    explore*) echo statesPerSecond ;;
    "check --seed 1 ") echo refused ;;
    *) echo opsPerSecond ;;
  esac
}
unit_of() {
  case $(field_of "$1") in
    deep) echo "result" ;; statesPerSecond) echo "states/s" ;; refused) echo "programs refused per copying target (of 1000)" ;;
    *) echo "statements/s" ;;
  esac
}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 0; r < rounds; r++)); do
  for row in "${rows[@]}"; do
    [[ $r -gt 0 && $row == "explore --depth "[19]* ]] && continue
    for d in "${dirs[@]}"; do
      # shellcheck disable=SC2086
      measure "$row|$d" "$d" "$(field_of "$row")" $row
    done
  done
done
table() {
  printf '| command | unit |'; for d in "${dirs[@]}"; do printf ' %s |' "$(cd "$d" && git log -1 --format=%h)"; done; echo
  printf '|---|---|'; for d in "${dirs[@]}"; do printf -- '---:|'; done; echo
  for row in "${rows[@]}"; do
    printf '| `./stackcheck %s` | %s |' "${row% }" "$(unit_of "$row")"
    for d in "${dirs[@]}"; do printf ' %s |' "${best[$row|$d]}"; done; echo
  done
  echo
  echo "Best of $rounds alternating rounds (refusals depend only on the seed, not the machine);" \
    "$(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(uname -sm)," \
    "$(java -version 2>&1 | head -1), load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)."
}
out=$(table)
echo "$out"
if [[ $write == 1 ]]; then
  f="$here/reports/benchmarks.md"
  section=$(printf '%s\n' "<!-- figures -->" "## The figures users wait for" "" \
    "Measured by \`scripts/figures.sh --write\` on $(date -u +%Y-%m-%dT%H:%MZ): each row is the command shown, run by the launcher with its default heap (a cold JVM each time), and its own counter (\`statesPerSecond\`, \`opsPerSecond\`, \`perEngine.refused\` of \`--json\`). A load average above the number of CPUs means the machine was shared while measuring: compare columns of one table, not tables." \
    "" "$out")
  python3 - "$f" "$section" <<'EOF'
import re, sys
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
# the section's first part, up to its first ### subsection (kept: the series, depths 9 and 10, the JVM
# options' tables, written by hand) or its end
pattern = re.compile(r'<!-- figures -->.*?(?=\n### |\n<!-- /figures -->)', re.S)
if pattern.search(text):
    text = pattern.sub(lambda m: section + '\n', text, count=1)
else:
    text = text.rstrip('\n') + '\n\n' + section + '\n<!-- /figures -->\n'
open(path, 'w').write(text)
EOF
  echo "wrote the figures section of $f" >&2
fi
