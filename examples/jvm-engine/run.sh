#!/usr/bin/env bash
# The example engine project as a third party runs it, and as CI checks it (.ci/run calls this):
#  1. `mvn -B verify` here: the kit's tests of the correct engine (example-copying) must pass;
#  2. `mvn -B test -Pwrong`: the kit's tests of the deliberately wrong engine (example-forgetful) must fail,
#     with a message that names the invariant (PTR-1) and shows the shrunk program, both stack diagrams and
#     a replay command; that replay command, run through `bash -c` from the repository root, must reproduce
#     the failure (exit 1);
#  3. the project's jar in STACKCHECK_CLASSPATH: `./stackcheck check --engine example-copying --tries 200`
#     from the repository root passes, `--engine example-forgetful` fails (exit 1), and the replay command
#     it prints, run through `bash -c`, reproduces the failure (exit 1).
# Needs stackcheck-api and stackcheck-junit in the local Maven repository: it runs
# `mvn -B -DskipTests install` at the root first unless STACKCHECK_INSTALLED=1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
version="$(sed -n 's#^  <version>\(.*\)</version>#\1#p' "$root/pom.xml" | head -n 1)"
say() { echo "run.sh: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

if [[ "${STACKCHECK_INSTALLED:-}" != 1 ]]; then
  say "installing stackcheck $version into the local Maven repository"
  (cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests install)
fi
mvn_here() { (cd "$here" && mvn -B -Dstyle.color=never -Dstackcheck.version="$version" "$@"); }

# 1. the correct engine passes the kit's tests
say "mvn verify (the correct engine's tests must pass)"
mvn_here -q verify || die "the correct engine's tests failed"

# 2. the wrong engine's tests fail, saying what broke and how to replay it
say "mvn test -Pwrong (the wrong engine's tests must fail)"
rm -rf "$here/target/stackcheck"
if mvn_here -q test -Pwrong > "$here/target/wrong.log" 2>&1; then
  die "the wrong engine's tests passed"
fi
report="$here/target/surefire-reports/org.example.stacks.ForgetfulCopyingEngineTest.txt"
[[ -f "$report" ]] || die "no surefire report $report"
grep -q 'PTR-1 (pointers) broken by example-forgetful' "$report" || die "the failure does not name PTR-1: $report"
grep -q '^shrunk program (' "$report" || die "no shrunk program in $report"
grep -Eq '^ *call [a-z0-9_]+$' "$report" || die "no program statement in $report"
grep -q '^before `' "$report" && grep -q '^after `' "$report" || die "no stack diagrams in $report"
replay="$(sed -n 's/^replay (from a stackcheck checkout): //p' "$report" | head -n 1)"
[[ -n "$replay" ]] || die "no replay command in $report"
say "the kit's replay command: $replay"
set +e
(cd "$root" && bash -c "$replay" > "$here/target/replay-kit.log" 2>&1)
status=$?
set -e
[[ $status -eq 1 ]] || die "the kit's replay command exited $status, not 1 (target/replay-kit.log)"
grep -q 'PTR-1' "$here/target/replay-kit.log" || die "the kit's replay did not report PTR-1"

# 3. the jar as a plug-in of the command line
jar="$here/target/example-stack-engines-1.0.0.jar"
[[ -f "$jar" ]] || die "no jar $jar"
say "STACKCHECK_CLASSPATH=$jar ./stackcheck check --engine example-copying --tries 200"
(cd "$root" && STACKCHECK_CLASSPATH="$jar" ./stackcheck check --engine example-copying --tries 200 \
    --out "$here/target/check-good" > "$here/target/check-good.log" 2>&1) \
  || die "check of example-copying failed (target/check-good.log)"
grep -q 'example-copying' "$here/target/check-good.log" || die "example-copying not named in its check"
say "STACKCHECK_CLASSPATH=$jar ./stackcheck check --engine example-forgetful --tries 200"
set +e
(cd "$root" && STACKCHECK_CLASSPATH="$jar" ./stackcheck check --engine example-forgetful --tries 200 \
    --out "$here/target/check-wrong" > "$here/target/check-wrong.log" 2>&1)
status=$?
set -e
[[ $status -eq 1 ]] || die "check of example-forgetful exited $status, not 1 (target/check-wrong.log)"
replay="$(sed -n 's/^replay: //p' "$here/target/check-wrong.log" | head -n 1)"
[[ -n "$replay" ]] || die "check printed no replay command (target/check-wrong.log)"
say "check's replay command: $replay"
set +e
(cd "$root" && env -u STACKCHECK_CLASSPATH bash -c "$replay" > "$here/target/replay-check.log" 2>&1)
status=$?
set -e
[[ $status -eq 1 ]] || die "check's replay command exited $status, not 1 (target/replay-check.log)"
grep -q 'PTR-1' "$here/target/replay-check.log" || die "check's replay did not report PTR-1"
say "ok: the correct engine passes, the wrong one fails with PTR-1, a shrunk program and a replay that reproduces it"
