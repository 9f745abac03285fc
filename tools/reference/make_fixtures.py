#!/usr/bin/python3
"""Regenerate the reference golden files of the Java tests' fixtures under src/test/resources/.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/reference/make_fixtures.py batch-dependent

batch-dependent: the per-example losses of src/test/resources/models/batch-dependent on the first 224 entries
(14 paper batches) of demo/corpus, every condition of both directions, once in batches of 16 consecutive
entries in split order, one condition per batch (`paper`), and once one entry at a time (`exact`).
"""
import argparse
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import make_golden  # noqa: E402
import reference as ref  # noqa: E402

DIRECTIONS = (("vis4lang", ref.VIS4LANG_CONDITIONS), ("lang4vis", ref.LANG4VIS_CONDITIONS))

BATCH_DEPENDENT_README = """# Golden losses of the batch-dependent test model

`src/test/resources/models/batch-dependent` reproduces VL-BERT's shared text-position row (spec 2.4): its
per-example outputs depend on the other examples of the batch. These files hold the losses that the
independent eager reference (`tools/reference/`) computes with it on the first {limit} entries of `demo/corpus`
({batches} batches of 16), every condition of both directions:

* `paper/`: one condition at a time, batches of 16 consecutive entries in split order (batch k = entries
  [16k, 16k+16)), as the paper ran them: `reference.py --batch-size 16`.
* `exact/`: each entry on its own: `reference.py --batch-size 1`.

Produced, from the repository root, with

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/reference/make_fixtures.py batch-dependent

which runs the equivalent of

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/reference/reference.py --dataset demo/corpus \\
        --model src/test/resources/models/batch-dependent.json --direction <vis4lang|lang4vis> \\
        --limit {limit} --batch-size <16|1> --threads 1 --out <dir>

and writes each direction's rows gzipped. The files have the format of `demo/golden/<model>/`
(`demo/golden/README.md`): one row per entry and condition, floats with 17 significant digits of the float32
nats, gzip headers without name or time. `inputs.sha256` lists the files they were computed from
(`sha256sum -c src/test/resources/golden/batch-dependent/inputs.sha256` tells whether they are stale).

paper vs exact, |Δ| in nats over all rows of a direction (rows that differ by more than 1e-3 nats):

{table}
"""


def write_direction(out_dir, direction, rows):
    os.makedirs(out_dir, exist_ok=True)
    make_golden.write_gz(os.path.join(out_dir, direction + ".tsv.gz"), lambda f: ref.write_rows(f, direction, rows))


def write_digests(path, digests):
    with open(path, "w", encoding="utf-8") as f:
        for p, digest in digests:
            f.write("%s  %s\n" % (digest, os.path.relpath(p)))


def batch_dependent(args):
    ds = ref.Dataset(args.dataset)
    model = ref.Model(args.model)
    digests = make_golden.input_digests(args.dataset, [args.model])
    examples = ref.build_examples(ds, model.tokenizer)
    indices = list(range(min(args.limit, len(examples))))
    table = ["| direction | metric | rows | max \\|Δ\\| | mean \\|Δ\\| | rows with \\|Δ\\| > 1e-3 |", "|---|---|---|---|---|---|"]
    for direction, conditions in DIRECTIONS:
        values = {}
        for name, size in (("paper", 16), ("exact", 1)):
            t0 = time.time()
            rows = getattr(ref.Runner(ds, model, examples=examples, batch_size=size), direction)(conditions, indices)
            write_direction(os.path.join(args.out, name), direction, rows)
            values[name] = rows
            print("%s %s: %d rows, %.1f s" % (name, direction, len(rows), time.time() - t0), flush=True)
        metrics = [("mlm", 2)] if direction == "vis4lang" else [("mrc_kl", 3), ("mrc_xe", 4)]
        for metric, col in metrics:
            deltas = [abs(a[col] - b[col]) for a, b in zip(values["paper"], values["exact"])]
            table.append("| %s | %s | %d | %.4f | %.4f | %d |" % (
                direction, metric, len(deltas), max(deltas), sum(deltas) / len(deltas),
                sum(d > 1e-3 for d in deltas)))
            print(table[-1], flush=True)
    if make_golden.input_digests(args.dataset, [args.model]) != digests:
        raise SystemExit("inputs changed while the golden was being computed; run again")
    write_digests(os.path.join(args.out, "inputs.sha256"), digests)
    with open(os.path.join(args.out, "README.md"), "w", encoding="utf-8") as f:
        f.write(BATCH_DEPENDENT_README.format(limit=len(indices), batches=(len(indices) + 15) // 16,
                                              table="\n".join(table)))


def main(argv=None):
    ap = argparse.ArgumentParser(description="regenerate the golden files of the Java tests' fixtures")
    sub = ap.add_subparsers(dest="what", required=True)
    bd = sub.add_parser("batch-dependent", help="paper and exact losses of the batch-dependent model")
    bd.add_argument("--dataset", default="demo/corpus")
    bd.add_argument("--model", default="src/test/resources/models/batch-dependent.json")
    bd.add_argument("--limit", type=int, default=224)
    bd.add_argument("--out", default="src/test/resources/golden/batch-dependent")
    args = ap.parse_args(argv)

    import torch
    torch.set_num_threads(1)
    start = time.time()
    try:
        {"batch-dependent": batch_dependent}[args.what](args)
    except (OSError, ValueError, AssertionError) as e:
        print("make_fixtures: %s" % e, file=sys.stderr)
        return 2
    print("wall time: %.1f s" % (time.time() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
