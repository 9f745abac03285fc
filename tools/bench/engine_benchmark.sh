#!/usr/bin/env bash
# Benchmarks of the evaluation engine, measured side by side in one run on this machine. Prints figures and
# ratios; writes the same report to build/bench/engine-report.txt.
#   (a) forward throughput: DJL vs this machine's Python PyTorch on the same TorchScript file, same threads
#   (b) a full sweep (vis4lang none, object@0.9…0.0, all; lang4vis none, phrase, all): the one-pass engine vs
#       one process per condition (the paper's procedure), in Java and in the Python reference, forward passes counted
#   (c) share of the CPU's peak FLOP/s reached on a BERT-base-sized random model (peak: a large matmul in libtorch)
#   (d) peak memory on the demo corpus and on a 30,000-image store
# Usage: tools/bench/engine_benchmark.sh   (env: THREADS=2 LIMIT=1000 MODEL=demo-single IMAGES=30000)
set -euo pipefail
cd "$(dirname "$0")/../.."
THREADS=${THREADS:-2}
LIMIT=${LIMIT:-1000}
MODEL=${MODEL:-demo-single}
IMAGES=${IMAGES:-30000}
PY=/usr/bin/python3
OUT=build/bench
mkdir -p "$OUT"
REPORT="$OUT/engine-report.txt"
: > "$REPORT"
say() { echo "$*" | tee -a "$REPORT"; }
field() { grep -m1 "^$1=" | cut -d= -f2; }
secs() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }

[ -f target/quarkus-app/quarkus-run.jar ] || mvn -q -DskipTests package
JAVA=(java -jar target/quarkus-app/quarkus-run.jar)
export OPENBLAS_NUM_THREADS=$THREADS OMP_NUM_THREADS=$THREADS

say "# xmodal engine benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
say "threads=$THREADS model=$MODEL sweep_examples=$LIMIT"

say ""
say "## (a) forward throughput, same TorchScript, same inputs' shapes, $THREADS threads"
[ -f "$OUT/models/bert-base-random.pt" ] || $PY tools/bench/make_bert_base.py "$OUT/models" > "$OUT/models.txt"
FLOPS_PER_EXAMPLE=$(field flops_per_example_L38_R37 < "$OUT/models.txt")
for spec in "demo/models/$MODEL.json:17:32:5:32" "$OUT/models/bert-base-random.json:37:2048:5:8"; do
  IFS=: read -r json rows feat locs batch <<< "$spec"
  djl=$("${JAVA[@]}" benchmark --model "$json" --rows "$rows" --batch-size "$batch" --threads "$THREADS" --calls 20 | field forward_ms_median)
  tor=$($PY tools/bench/torch_forward.py --model "${json%.json}.pt" --rows "$rows" --feat "$feat" --locs "$locs" \
        --batch-size "$batch" --threads "$THREADS" --calls 20 | field forward_ms_median)
  say "$(basename "${json%.json}") batch=$batch: DJL ${djl} ms/batch, Python torch $($PY -c 'import torch;print(torch.__version__)') ${tor} ms/batch, DJL speed-up $(echo "scale=2; $tor / $djl" | bc)x"
done

say ""
say "## (c) share of peak FLOP/s, bert-base-random, batch 8, L=38, R'=37"
bench=$("${JAVA[@]}" benchmark --model "$OUT/models/bert-base-random.json" --rows 37 --batch-size 8 --threads "$THREADS" --calls 20 --matmul 4096)
ms=$(echo "$bench" | field forward_ms_median)
peak=$(echo "$bench" | field matmul_gflops)
achieved=$(echo "scale=2; $FLOPS_PER_EXAMPLE * 8 / ($ms / 1000) / 1000000000" | bc)
say "flops per example $FLOPS_PER_EXAMPLE; forward ${ms} ms/batch → ${achieved} GFLOP/s; peak fp32 matmul 4096² ${peak} GFLOP/s; share $(echo "scale=1; 100 * $achieved / $peak" | bc)%"

say ""
say "## (b) full sweep of $MODEL on the first $LIMIT demo examples: one pass vs one process per condition"
VIS="none object@0.9 object@0.8 object@0.7 object@0.6 object@0.5 object@0.4 object@0.3 object@0.2 object@0.1 object@0.0 all"
LANG="none phrase all"
onepass_log="$OUT/onepass.log"
t_one=$(secs "${JAVA[@]}" evaluate --dataset demo/corpus --model "demo/models/$MODEL.json" --limit "$LIMIT" --threads "$THREADS")
"${JAVA[@]}" evaluate --dataset demo/corpus --model "demo/models/$MODEL.json" --limit "$LIMIT" --threads "$THREADS" 2> "$onepass_log" > /dev/null
f_one=$(grep -o '[0-9]* forward passes' "$onepass_log" | awk '{s+=$1} END {print s}')
t_jpc=0; f_jpc=0
for d in vis4lang lang4vis; do
  conds=$VIS; [ "$d" = lang4vis ] && conds=$LANG
  for c in $conds; do
    log="$OUT/jpc-$d-$c.log"
    s=$(date +%s.%N)
    "${JAVA[@]}" evaluate --dataset demo/corpus --model "demo/models/$MODEL.json" --limit "$LIMIT" --threads "$THREADS" \
      --direction "$d" --condition "$c" --no-reuse > /dev/null 2> "$log"
    t_jpc=$(echo "$t_jpc + $(date +%s.%N) - $s" | bc)
    f_jpc=$((f_jpc + $(grep -o '[0-9]* forward passes' "$log" | awk '{print $1}')))
  done
done
t_ppc=0; f_ppc=0
for d in vis4lang lang4vis; do
  conds=$VIS; [ "$d" = lang4vis ] && conds=$LANG
  for c in $conds; do
    log="$OUT/ppc-$d-$c.log"
    s=$(date +%s.%N)
    $PY tools/reference/reference.py --dataset demo/corpus --model "demo/models/$MODEL.json" --direction "$d" \
      --condition "$c" --limit "$LIMIT" --threads "$THREADS" --batch-size 32 --out "$OUT/ppc-out" > "$log" 2>&1
    t_ppc=$(echo "$t_ppc + $(date +%s.%N) - $s" | bc)
    # the reference runs one forward pass per example for its one condition; it reports model calls (batches)
    f_ppc=$((f_ppc + $(grep -o 'examples [0-9]*' "$log" | head -1 | awk '{print $2}')))
  done
done
say "one-pass engine (1 JVM):                 $(printf %.1f "$t_one") s, $f_one forward passes"
say "Java, one process per condition (15):    $(printf %.1f "$t_jpc") s, $f_jpc forward passes  → one-pass is $(echo "scale=2; $t_jpc / $t_one" | bc)x faster"
say "Python reference, one process/condition: $(printf %.1f "$t_ppc") s, $f_ppc forward passes  → one-pass is $(echo "scale=2; $t_ppc / $t_one" | bc)x faster"

say ""
say "## (d) peak memory (max RSS), vis4lang full sweep of $MODEL on the first $LIMIT examples"
[ -f "$OUT/large-corpus/features/features.f32" ] || $PY tools/bench/make_large_store.py --images "$IMAGES" --out "$OUT/large-corpus" > /dev/null
# the same 30,000-image store behind the demo's 700-image split: only the store's size differs from the demo
SMALL_SPLIT="$OUT/large-store-demo-split"
rm -rf "$SMALL_SPLIT" && mkdir -p "$SMALL_SPLIT"
for f in Sentences Annotations features objects_vocab.txt dataset.json; do ln -s "$(pwd)/$OUT/large-corpus/$f" "$SMALL_SPLIT/$f"; done
head -700 "$OUT/large-corpus/val.txt" > "$SMALL_SPLIT/val.txt"
rss() { # dataset, extra JVM flags...
  local ds=$1; shift
  /usr/bin/time -f '%M' -o "$OUT/rss.txt" java "$@" -jar target/quarkus-app/quarkus-run.jar \
    evaluate --dataset "$ds" --model "demo/models/$MODEL.json" --direction vis4lang --limit "$LIMIT" --threads "$THREADS" \
    > /dev/null 2> "$OUT/mem.log" || { echo "failed: $(tail -1 "$OUT/mem.log")"; return; }
  echo "$(( $(tail -1 "$OUT/rss.txt") / 1024 )) MiB"
}
for ds in demo/corpus "$SMALL_SPLIT" "$OUT/large-corpus"; do
  say "$ds: split of $(grep -c . "$ds/val.txt") images, store of $(grep -o '"numImages": [0-9]*' "$ds/features/manifest.json" | grep -o '[0-9]*') images ($(du -shL "$ds/features" | cut -f1)) → max RSS $(rss "$ds") (default heap), $(rss "$ds" -Xmx256m) with -Xmx256m"
done
say ""
say "report: $REPORT"
