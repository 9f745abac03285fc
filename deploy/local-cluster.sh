#!/usr/bin/env bash
# A small xmodal cluster on one machine: an API-only node and N worker nodes, all on the PostgreSQL named by
# XMODAL_DATABASE_URL (a server of your own: the embedded default serves one node only).
#
#   deploy/local-cluster.sh [WORKERS]      # default 2 workers; Ctrl-C stops them all
#
# Nodes listen on 8080 (API-only, the one to open), 8081, 8082, …; logs go to build/cluster/.
set -euo pipefail
cd "$(dirname "$0")/.."
WORKERS=${1:-2}
APP=target/quarkus-app/quarkus-run.jar
[ -f "$APP" ] || mvn -q -DskipTests package
: "${XMODAL_DATABASE_URL:?set XMODAL_DATABASE_URL (and XMODAL_DATABASE_USER/PASSWORD) to a PostgreSQL every node can reach}"
mkdir -p build/cluster
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
java -jar "$APP" serve --api-only --port 8080 --node-name api > build/cluster/api.log 2>&1 &
pids+=($!)
for i in $(seq 1 "$WORKERS"); do
  java -jar "$APP" serve --port $((8080 + i)) --node-name "worker-$i" --devices cpu --threads 1 > "build/cluster/worker-$i.log" 2>&1 &
  pids+=($!)
done
echo "api node on http://localhost:8080/, $WORKERS worker nodes; logs in build/cluster/ (Ctrl-C stops all)"
wait
