#!/usr/bin/env bash
# Benchmark of result storage and result queries: writes 10,000,500 synthetic per-example rows through the result
# store into a fresh embedded PostgreSQL (100 runs: 50 models × vis4lang, 12 conditions, and lang4vis, 3; 13,334
# examples each), then times the summary, comparison and example queries. Prints a Markdown table and writes the
# same report to build/bench/results-report.md; the database goes under build/bench/results-db and is removed at
# the end unless KEEP=1.
# Usage: tools/bench/results_benchmark.sh [more benchmark-results options, e.g. --durable --writers 2]
#        (env: MODELS=50 EXAMPLES=13334 KEEP=0)
set -euo pipefail
cd "$(dirname "$0")/../.."
MODELS=${MODELS:-50}
EXAMPLES=${EXAMPLES:-13334}
OUT=build/bench
DB="$OUT/results-db"
REPORT="$OUT/results-report.md"
JAR=target/quarkus-app/quarkus-run.jar
mkdir -p "$OUT"

if [ ! -f "$JAR" ] || [ -n "$(find src migrations pom.xml -newer "$JAR" -print -quit)" ]; then
  mvn -q -DskipTests package
fi
rm -rf "$DB"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$DB"' EXIT

{
  echo "# xmodal result benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/^Mem:/ {print $2}') GiB"
  echo "command: tools/bench/results_benchmark.sh $* (MODELS=$MODELS EXAMPLES=$EXAMPLES)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  java -jar "$JAR" benchmark-results --data-dir "$DB" --models "$MODELS" --examples "$EXAMPLES" "$@"
  echo
  echo "data folder after the run: $(du -sh "$DB" | cut -f1) (WAL included); load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$REPORT"
echo "report: $REPORT"
