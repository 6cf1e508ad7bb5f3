#!/usr/bin/env bash
# Runs the JMH benchmarks (Maven profile bench) once and writes reports/benchmarks.md from that run.
# Extra arguments go to JMH (for example a benchmark name pattern). Short iterations by default; set
# STACKCHECK_JMH to other JMH options for a longer run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -Pbench -DskipTests -pl core -am package
opts=${STACKCHECK_JMH:--f 1 -wi 3 -w 1s -i 5 -r 1s}
mkdir -p target
# shellcheck disable=SC2086
java -jar core/target/benchmarks.jar $opts -rf json -rff target/jmh.json "$@"
java -cp core/target/benchmarks.jar dev.stackcheck.report.BenchmarkReport target/jmh.json reports/benchmarks.md \
  "scripts/bench.sh $* (JMH options: $opts)"
# leave the plain jar for ./stackcheck
mvn -B -q -DskipTests -pl core -am package
