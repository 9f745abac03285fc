#!/usr/bin/env bash
# The long chaos run: every kind of fault, three times each (24 faults), injected into sweeps of the demo
# experiment on a 2-node cluster (src/test/java/org/xmodal/chaos/ChaosIT.java). Builds the application when the
# sources are newer than the packaged jar, runs the suite, prints the report and writes it to target/chaos/report.md;
# the nodes' logs go to target/chaos/nodes. Exits non-zero when a fault is not survived.
# Usage: tools/chaos/chaos.sh [more Maven options, e.g. -Dxmodal.chaos.faults=DB_KILL,NODE_PAUSE -Dxmodal.chaos.subset-to=1500]
#        (env: MODE=short runs the short version that `mvn verify` runs; MVN="mvn -o" to build and run offline)
set -euo pipefail
cd "$(dirname "$0")/../.."
MODE=${MODE:-long}
MVN=${MVN:-mvn}
JAR=target/quarkus-app/quarkus-run.jar
OUT=target/chaos

if [ ! -f "$JAR" ] || [ -n "$(find src migrations web pom.xml -newer "$JAR" -print -quit)" ]; then
  $MVN -q -DskipTests package
fi
mkdir -p "$OUT"
rm -f "$OUT/report-$MODE.md"
status=0
$MVN -q failsafe:integration-test failsafe:verify -Dit.test=ChaosIT -Dxmodal.chaos="$MODE" "$@" > "$OUT/maven.log" 2>&1 || status=$?
if [ ! -f "$OUT/report-$MODE.md" ]; then
  tail -50 "$OUT/maven.log"
  echo "chaos: no report (the run stopped before its end); see $OUT/maven.log" >&2
  [ "$status" != 0 ] || status=1
  exit "$status"
fi
{
  echo "# xmodal chaos run — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  cat "$OUT/report-$MODE.md"
} | tee "$OUT/report.md"
echo "report: $OUT/report.md; Maven's output: $OUT/maven.log"
exit "$status"
