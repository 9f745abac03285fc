#!/usr/bin/env bash
# Load times of the web UI's history and compare pages with many sweeps stored (default 10,000), in Debian's
# headless Chromium against a node on its own embedded PostgreSQL. Figures: docs/benchmarks.md.
#
#   tools/bench/ui_benchmark.sh [SWEEPS] [REPEATS]     # outputs under build/ui-bench (removed unless KEEP=1)
set -euo pipefail
cd "$(dirname "$0")/../.."
SWEEPS=${1:-10000}
REPEATS=${2:-10}
OUT=build/ui-bench
rm -rf "$OUT" && mkdir -p "$OUT"
[ -f target/quarkus-app/quarkus-run.jar ] || mvn -q -DskipTests package
mvn -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" > /dev/null
java -cp "target/test-classes:target/classes:$(cat "$OUT/classpath.txt")" org.xmodal.web.UiBenchmark "$SWEEPS" "$REPEATS" "$OUT"
[ "${KEEP:-0}" = 1 ] || rm -rf "$OUT"
