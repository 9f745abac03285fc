#!/usr/bin/python3
"""Regenerate demo/golden/ from the demo corpus and demo models with the eager reference.

Usage (from the repository root):
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/reference/make_golden.py \
        [--dataset demo/corpus] [--models demo/models] [--out demo/golden]
"""
import argparse
import glob
import gzip
import hashlib
import io
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import reference as ref  # noqa: E402

README = """# Golden files for the demo corpus

Produced by the independent eager-PyTorch reference (`tools/reference/`) from `demo/corpus` and the
models in `demo/models`. Regenerate with, from the repository root:

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/reference/make_golden.py

(defaults: `--dataset demo/corpus --models demo/models --out demo/golden --batch-size 16 --threads 1`).
The files are deterministic: gzip headers carry no name or time, floats are written with 17 significant
digits (`%.17g`) of the float32 values the reference computed in nats.

`inputs.sha256` lists (in `sha256sum` format, paths relative to the repository root) every corpus and model
file the golden was computed from; `sha256sum -c demo/golden/inputs.sha256` tells whether it is stale.

## `<model>/vis4lang.tsv.gz`
One row per example and condition, examples in dataset entry order, conditions `none`, `object@0.9` ...
`object@0.0`, `all` within each example.

| column | meaning |
|---|---|
| `example` | entry index (0-based, spec 1.1 order) |
| `condition` | vis4lang condition |
| `mlm_nats` | mean over the masked phrase subwords of -log_softmax(text_logits)[label], nats |
| `predicted` | arg-max token id at each masked position, in position order, space-separated |

## `<model>/lang4vis.tsv.gz` (not for text-only models)
One row per example and condition (`none`, `phrase`, `all`).

| column | meaning |
|---|---|
| `example` | entry index |
| `condition` | lang4vis text condition |
| `target_region` | the scored detector region, 0-based among the R detector regions (global row excluded) |
| `mrc_kl_nats` | KL(cls_prob[target] ‖ softmax(region_logits[target])), nats, p used as stored, 0·log 0 = 0 |
| `mrc_xe_nats` | -log_softmax(region_logits[target])[1 + argmax(cls_prob[target][1:])], nats |
| `predicted_class` | arg-max of region_logits[target] (0 = background) |

## `aggregates.tsv`
`model direction condition metric n mean_nats mean_bits`: the unweighted mean over examples of the
per-example values (metric `mlm`, `mrc_kl` or `mrc_xe`), and that mean divided by ln 2.

## `examples.tsv.gz`
The data-pipeline golden, one row per example (model-independent given the tokenizer):

| column | meaning |
|---|---|
| `example` | entry index |
| `image_id` | Flickr image id |
| `sentence_index` | 0-based index of the caption among the non-empty lines of `Sentences/<image>.txt` |
| `phrase` | the phrase text (its words joined by one space) |
| `first_word_index` | number of caption words before the phrase |
| `chain_id` | coreference chain id (string from the `EN#` tag) |
| `n_ref_boxes` | number of gold boxes of the chain |
| `input_ids` | vis4lang input: `[CLS]` caption `[SEP]` with the phrase subwords as `[MASK]`, padded to maxSeqLength, space-separated |
| `labels` | original id at each masked position, -1 elsewhere, space-separated |
| `target_region` | lang4vis target region (0-based detector region: argmax of max-IoU × (IoT > 0.5), first on ties) |
| `ablated_counts` | detector regions ablated (IoT > thr, float32) for none, 0.9, ..., 0.0, all: 12 space-separated ints |
"""


def gz_writer(path):
    raw = open(path, "wb")
    gz = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
    return raw, gz, io.TextIOWrapper(gz, encoding="utf-8", newline="\n")


def write_gz(path, fill):
    raw, gz, text = gz_writer(path)
    try:
        fill(text)
    finally:
        text.close()
        raw.close()


def write_examples(f, examples):
    f.write("example\timage_id\tsentence_index\tphrase\tfirst_word_index\tchain_id\tn_ref_boxes\t"
            "input_ids\tlabels\ttarget_region\tablated_counts\n")
    for i, ex in enumerate(examples):
        e = ex["entry"]
        counts = [int(ex["vis4lang_masks"][c].sum()) for c in ref.VIS4LANG_CONDITIONS]
        tgt = -1 if ex["target"] is None else ex["target"]
        f.write("%d\t%d\t%d\t%s\t%d\t%s\t%d\t%s\t%s\t%d\t%s\n" % (
            i, e["image_id"], e["sentence_index"], e["phrase"], e["first_word_index"], e["chain_id"],
            len(e["ref_boxes"]), " ".join(map(str, ex["text"]["phrase"])),
            " ".join(map(str, ex["text"]["labels"])), tgt, " ".join(map(str, counts))))


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def input_digests(dataset, models):
    """(file, sha256) of everything the golden depends on, so a stale golden can be detected."""
    out = []
    for root, dirs, names in os.walk(dataset):
        dirs.sort()
        out += [os.path.join(root, n) for n in sorted(names)]
    for path in models:
        with open(path, encoding="utf-8") as f:
            meta = json.load(f)
        out += [path, os.path.splitext(path)[0] + ".pt", os.path.join(os.path.dirname(path), meta["tokenizer"])]
    return [(p, sha256_of(p)) for p in sorted(set(out))]


def model_files(models_dir):
    out = []
    for path in sorted(glob.glob(os.path.join(models_dir, "*.json"))):
        with open(path, encoding="utf-8") as f:
            try:
                meta = json.load(f)
            except ValueError:
                continue
        if isinstance(meta, dict) and meta.get("format") == "xmodal-model/1":
            out.append(path)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description="regenerate demo/golden")
    ap.add_argument("--dataset", default="demo/corpus")
    ap.add_argument("--models", default="demo/models")
    ap.add_argument("--out", default="demo/golden")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)

    import torch
    torch.set_num_threads(args.threads)
    start = time.time()
    ds = ref.Dataset(args.dataset)
    os.makedirs(args.out, exist_ok=True)
    examples_by_tokenizer, agg_rows, first_examples = {}, [], None
    indices = list(range(len(ds.entries)))
    models = model_files(args.models)
    digests = input_digests(args.dataset, models)
    for path in models:
        model = ref.Model(path)
        key = os.path.realpath(os.path.join(os.path.dirname(path), model.meta["tokenizer"]))
        if key not in examples_by_tokenizer:
            examples_by_tokenizer[key] = ref.build_examples(ds, model.tokenizer)
        examples = examples_by_tokenizer[key]
        first_examples = first_examples or examples
        runner = ref.Runner(ds, model, examples=examples, batch_size=args.batch_size)
        base = os.path.splitext(os.path.basename(path))[0]
        os.makedirs(os.path.join(args.out, base), exist_ok=True)
        directions = [("vis4lang", ref.VIS4LANG_CONDITIONS)]
        if not model.text_only:
            directions.append(("lang4vis", ref.LANG4VIS_CONDITIONS))
        for direction, conditions in directions:
            t0 = time.time()
            rows = getattr(runner, direction)(conditions, indices)
            write_gz(os.path.join(args.out, base, direction + ".tsv.gz"),
                     lambda f: ref.write_rows(f, direction, rows))
            for c, metric, n, nats, bits in ref.aggregates(direction, rows, conditions):
                agg_rows.append((base, direction, c, metric, n, nats, bits))
            print("%s %s: %d rows, %.1f s" % (base, direction, len(rows), time.time() - t0), flush=True)
        print("%s: %d forward passes" % (base, runner.forwards), flush=True)
    with open(os.path.join(args.out, "aggregates.tsv"), "w", encoding="utf-8") as f:
        f.write("model\tdirection\tcondition\tmetric\tn\tmean_nats\tmean_bits\n")
        for m, d, c, metric, n, nats, bits in agg_rows:
            f.write("%s\t%s\t%s\t%s\t%d\t%s\t%s\n" % (m, d, c, metric, n, ref.fmt(nats), ref.fmt(bits)))
    write_gz(os.path.join(args.out, "examples.tsv.gz"), lambda f: write_examples(f, first_examples))
    if input_digests(args.dataset, models) != digests:
        raise SystemExit("inputs changed while the golden was being computed; run again")
    with open(os.path.join(args.out, "inputs.sha256"), "w", encoding="utf-8") as f:
        for p, digest in digests:
            f.write("%s  %s\n" % (digest, os.path.relpath(p)))
    with open(os.path.join(args.out, "README.md"), "w", encoding="utf-8") as f:
        f.write(README)
    print("wall time: %.1f s" % (time.time() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
