#!/usr/bin/python3
"""Regenerate the reference golden files of the Java tests' fixtures under src/test/resources/.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/reference/make_fixtures.py batch-dependent

batch-dependent: the per-example losses of src/test/resources/models/batch-dependent on the first 224 entries
(14 paper batches) of demo/corpus, every condition of both directions, once in batches of 16 consecutive
entries in split order, one condition per batch (`paper`), and once one entry at a time (`exact`).

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/reference/make_fixtures.py untargeted-corpus
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/reference/make_fixtures.py untargeted

untargeted-corpus: writes src/test/resources/corpora/untargeted, a copy of the first 12 images of demo/corpus
(features read from the demo store) edited so that some entries have no vis4lang target (a phrase that starts
beyond the truncation limit) and some no lang4vis target (no detector region at IoT > 0.5).
untargeted: its golden losses under --untargeted skip, batches of 16, and the list of skipped entries.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/reference/make_fixtures.py labels

labels: gold class labels for the first 64 entries of demo/corpus (src/test/resources/golden/labels/labels.tsv) and,
for demo-single under lang4vis, MRC-XE against each label (the paper's MRC-XE-VG) and whether the label is the
detector's top foreground class at the target region (labelmatch-agree).
"""
import argparse
import os
import re
import shutil
import sys
import time

import numpy as np

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


# ---------------------------------------------------------------------------------------------------
# The untargeted corpus

UNTARGETED_IMAGES = 12
STORE = "../../../../../demo/corpus/features"  # from src/test/resources/corpora/untargeted to demo/corpus
# A caption line added to an image: its late phrases start beyond the 36 subwords that maxSeqLength 38 keeps.
LONG_CAPTIONS = {
    # 46 subwords: 'a yellow tree' starts at 34 (cut after its 2nd subword, still scored), 'the sheep' at 38
    # and 'the old woman' at 42 have no MLM target.
    3902664583: "[/EN#102/people A woman] watches [/EN#101/animals a white sheep] near [/EN#103/scene a tree] "
                "while many people walk past a small cafe and a red bus and a blue truck in the town square "
                "during a summer afternoon near [/EN#103/scene a yellow tree] and [/EN#101/animals the sheep] "
                "looks at [/EN#102/people the old woman] .",
    # 39 subwords: 'the frisbee' starts at 36, the first subword that truncation drops.
    1680117500: "[/EN#111/people A man] throws [/EN#112/other a frisbee] to [/EN#110/animals a black dog] while "
                "many people walk past a small cafe and a red bus and a blue truck in the town square during "
                "the afternoon and the dog catches [/EN#112/other the frisbee] .",
}
# Chains whose gold box is moved to where no detector region covers more than half of it.
MOVED_CHAINS = {1680117500: "112", 1592640536: "147"}


def unaligned_box(regions, h, w, steps=24):
    """A gold box [x1, y1, x2, y2] (0-based, inside the image) that detector regions overlap but none at
    IoT > 0.5: the largest box of a grid whose best IoT lies in [0.2, 0.45] (first of equal ones)."""
    xs = np.unique(np.linspace(0, w - 1, steps + 1).astype(int))
    ys = np.unique(np.linspace(0, h - 1, steps + 1).astype(int))
    spans = lambda v: [(a, b) for a in v for b in v if a < b]  # noqa: E731
    boxes = np.array([[x1, y1, x2, y2] for x1, x2 in spans(xs) for y1, y2 in spans(ys)], dtype=np.float32)
    top = ref.iot(regions, boxes).max(axis=0)
    ok = np.nonzero((top >= 0.2) & (top <= 0.45))[0]
    if len(ok) == 0:
        raise ValueError("no box without an aligned region found")
    area = (boxes[ok, 2] - boxes[ok, 0] + 1) * (boxes[ok, 3] - boxes[ok, 1] + 1)
    return [int(v) for v in boxes[ok[int(np.argmax(area))]]]


def move_box(xml, chain, box):
    """The annotation XML with the bndbox of `chain`'s object replaced (file coordinates are 1-based)."""
    pattern = re.compile(r"(<name>%s</name>\s*<bndbox>).*?(</bndbox>)" % re.escape(chain), re.S)
    body = "".join("\n\t\t<%s>%d</%s>" % (k, v + 1, k) for k, v in zip(("xmin", "ymin", "xmax", "ymax"), box))
    out, n = pattern.subn(lambda m: m.group(1) + body + "\n\t" + m.group(2), xml)
    if n != 1:
        raise ValueError("chain %s has %d boxes, expected 1" % (chain, n))
    return out


def untargeted_corpus(args):
    src, out = args.dataset, args.out
    demo = ref.Dataset(src)
    images = demo.image_ids[:UNTARGETED_IMAGES]
    if os.path.isdir(out):
        shutil.rmtree(out)  # the fixture folder is rebuilt from scratch
    for sub in ("Sentences", "Annotations"):
        os.makedirs(os.path.join(out, sub))
    store = os.path.normpath(os.path.join(out, STORE))
    if os.path.realpath(store) != os.path.realpath(os.path.join(src, demo.meta.get("features", "features"))):
        raise ValueError("%s does not lead from %s to the demo feature store" % (STORE, out))
    with open(os.path.join(out, "dataset.json"), "w", encoding="utf-8") as f:
        f.write('{\n  "format": "xmodal-dataset/1",\n  "name": "untargeted",\n  "split": "val.txt",\n'
                '  "sentences": "Sentences",\n  "annotations": "Annotations",\n  "classes": "objects_vocab.txt",\n'
                '  "features": "%s",\n  "maxSeqLength": 38\n}\n' % STORE)
    with open(os.path.join(out, "val.txt"), "w", encoding="utf-8") as f:
        f.write("".join("%d\n" % i for i in images))
    shutil.copyfile(os.path.join(src, "objects_vocab.txt"), os.path.join(out, "objects_vocab.txt"))
    for image in images:
        with open(os.path.join(src, "Sentences", "%d.txt" % image), encoding="utf-8") as f:
            text = f.read()
        if image in LONG_CAPTIONS:
            text = text.rstrip("\n") + "\n" + LONG_CAPTIONS[image] + "\n"
        with open(os.path.join(out, "Sentences", "%d.txt" % image), "w", encoding="utf-8") as f:
            f.write(text)
        with open(os.path.join(src, "Annotations", "%d.xml" % image), encoding="utf-8") as f:
            xml = f.read()
        if image in MOVED_CHAINS:
            regions, _, _, h, w = demo.features.record(image)
            xml = move_box(xml, MOVED_CHAINS[image], unaligned_box(regions, h, w))
        with open(os.path.join(out, "Annotations", "%d.xml" % image), "w", encoding="utf-8") as f:
            f.write(xml)
    ds = ref.Dataset(out)
    tok = ref.BertTokenizer.from_file(os.path.join("demo", "models", "tokenizer.json"))
    examples = ref.build_examples(ds, tok)
    kinds = {d: {i for i, ex in enumerate(examples) if not ref.has_target(ex, d)} for d, _ in DIRECTIONS}
    print("%s: %d images, %d entries; no vis4lang target: %s; no lang4vis target: %s" % (
        out, len(images), len(examples), sorted(kinds["vis4lang"]), sorted(kinds["lang4vis"])))


UNTARGETED_README = """# Golden losses of the untargeted corpus

`src/test/resources/corpora/untargeted` holds the first {images} images of `demo/corpus` ({entries} entries,
maxSeqLength 38; its `features` entry leads to the demo feature store, relative to the dataset folder), edited
by `tools/reference/make_fixtures.py untargeted-corpus` so that some entries have no target:

* vis4lang, reason `beyond_truncation`: the phrase's first subword lies at or after subword 36
  (maxSeqLength - 2), so truncation leaves nothing to mask. Two images got a long caption as their last line.
  In image 3902664583's, 'a yellow tree' starts at subword 34 and loses its last subword to truncation
  (still scored, over its 2 kept subwords), 'the sheep' starts at 38 and 'the old woman' at 42; in image
  1680117500's, 'the frisbee' starts exactly at 36.
* lang4vis, reason `no_aligned_region`: no detector region has IoT > 0.5 with the phrase's gold boxes. The
  gold boxes of chain 112 (image 1680117500) and chain 147 (image 1592640536) were moved to where detector
  regions overlap them, but none by more than half (best IoT between 0.2 and 0.45).

Entries without a target, by example index (the same for both models; `skipped.tsv` lists them with image,
phrase, direction and reason):

| direction | entries |
|---|---|
{skipped_table}

Under `--untargeted skip` they produce no rows and are not counted in n, but they keep their place in their
batch of 16 (batch k = entries [16k, 16k+16) of the split), fed with their own inputs as filler: in vis4lang the
truncated caption with nothing masked, in lang4vis the unablated image (nothing is aligned) with the
condition's text. The vis4lang replacement feature (AVG) is the mean over all {entries} entries of the split.

Produced, from the repository root, with

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/reference/make_fixtures.py untargeted-corpus
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/reference/make_fixtures.py untargeted

The second runs the equivalent of, for each model and direction,

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/reference/reference.py \
        --dataset src/test/resources/corpora/untargeted --model demo/models/<demo-dual|demo-text>.json \
        --direction <vis4lang|lang4vis> --batch-size 16 --untargeted skip --threads 1 --out <dir>

and writes `<model>/<direction>.tsv.gz` (demo-dual: both directions, demo-text: vis4lang), `aggregates.tsv` and
`skipped.tsv`, in the format of `demo/golden` (`demo/golden/README.md`). `inputs.sha256` lists the files they
were computed from (`sha256sum -c src/test/resources/golden/untargeted/inputs.sha256`).

With `--untargeted error` (the default) the reference refuses each direction, naming every entry above.
"""


def untargeted(args):
    ds = ref.Dataset(args.dataset)
    models = [os.path.join(args.models, m + ".json") for m in ("demo-dual", "demo-text")]
    store = os.path.normpath(os.path.join(args.dataset, ds.meta["features"]))
    digests = make_golden.input_digests(args.dataset, models)
    digests = sorted(set(digests) | {(os.path.join(store, n), make_golden.sha256_of(os.path.join(store, n)))
                                     for n in sorted(os.listdir(store))})
    os.makedirs(args.out, exist_ok=True)
    agg, skipped, examples = [], {}, None
    for path in models:
        model = ref.Model(path)
        examples = examples or ref.build_examples(ds, model.tokenizer)
        runner = ref.Runner(ds, model, examples=examples, batch_size=16, untargeted="skip")
        name = os.path.splitext(os.path.basename(path))[0]
        indices = list(range(len(examples)))
        for direction, conditions in DIRECTIONS:
            if direction == "lang4vis" and model.text_only:
                continue
            rows = getattr(runner, direction)(conditions, indices)
            write_direction(os.path.join(args.out, name), direction, rows)
            for c, metric, n, nats, bits in ref.aggregates(direction, rows, conditions):
                agg.append((name, direction, c, metric, n, nats, bits))
            got = runner.skipped[direction]
            if skipped.setdefault(direction, got) != got:
                raise ValueError("models disagree on the skipped %s entries" % direction)
            print("%s %s: %d rows, %d skipped %s" % (name, direction, len(rows), len(got),
                                                     [i for i, _ in got]), flush=True)
    with open(os.path.join(args.out, "aggregates.tsv"), "w", encoding="utf-8") as f:
        f.write("model\tdirection\tcondition\tmetric\tn\tmean_nats\tmean_bits\n")
        for m, d, c, metric, n, nats, bits in agg:
            f.write("%s\t%s\t%s\t%s\t%d\t%s\t%s\n" % (m, d, c, metric, n, ref.fmt(nats), ref.fmt(bits)))
    listed = [(i, d, code) for d, _ in DIRECTIONS for i, code in skipped.get(d, [])]
    with open(os.path.join(args.out, "skipped.tsv"), "w", encoding="utf-8") as f:
        ref.write_skipped(f, ds, listed)
    write_digests(os.path.join(args.out, "inputs.sha256"), digests)
    table = "\n".join("| %s | %s |" % (d, ", ".join(
        "%d %s" % (i, repr(ds.entries[i]["phrase"])) for i, _ in skipped.get(d, []))) for d, _ in DIRECTIONS)
    with open(os.path.join(args.out, "README.md"), "w", encoding="utf-8") as f:
        f.write(UNTARGETED_README.format(images=len(ds.image_ids), entries=len(examples), skipped_table=table))


LABELS_README = """# Gold labels and MRC-XE against them (MRC-XE-VG)

`labels.tsv` gives gold class labels to the first {n} entries of `demo/corpus`: entry i has none when i % 4 == 3,
the detector's top foreground class at its lang4vis target region when i % 4 == 0, and class 1 + (7 i mod (C - 1))
otherwise (given by its index when i % 4 == 1, by its name else). `demo-single/lang4vis.tsv.gz` holds, per labelled
entry and condition, `mrc_xe_label_nats` = -log_softmax(region_logits[target])[label] computed by the independent
eager reference in its batches of 16, and `agree` (yes / no): whether the label is the detector's top foreground class.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/reference/make_fixtures.py labels
"""


def labels(args):
    import torch
    ds = ref.Dataset(args.dataset)
    model = ref.Model(args.model)
    digests = make_golden.input_digests(args.dataset, [args.model])
    examples = ref.build_examples(ds, model.tokenizer)
    n = min(args.limit, len(examples))
    names = [line.strip() for line in open(os.path.join(args.dataset, ds.meta["classes"]), encoding="utf-8") if line.strip()]
    C = len(names)
    gold, cells = {}, {}
    for i in range(n):
        ex = examples[i]
        if i % 4 == 3 or ex["target"] is None:
            continue
        p = ds.features.record(ex["entry"]["image_id"])[2][ex["target"]]
        detector = 1 + int(np.argmax(p[1:]))
        gold[i] = detector if i % 4 == 0 else 1 + (7 * i) % (C - 1)
        cells[i] = str(gold[i]) if i % 4 == 1 else names[gold[i]]
    key = {"none": "plain", "phrase": "phrase", "all": "all"}
    off = model.region_offset()
    rows = []
    for k in range((n + 15) // 16):
        batch = list(range(16 * k, min(16 * k + 16, len(examples))))
        exs = [examples[i] for i in batch]
        att = np.array([ex["text"]["attention"] for ex in exs], dtype=np.int64)
        vis = [ref.lang4vis_inputs(ds, model, ex) for ex in exs]
        feats = np.stack([f for f, _ in vis])
        locs = np.stack([l for _, l in vis])
        for c in ref.LANG4VIS_CONDITIONS:
            ids = np.array([ex["text"][key[c]] for ex in exs], dtype=np.int64)
            _, v = ref._forward(model, ids, att, feats.copy(), locs.copy())
            for b, i in enumerate(batch):
                if i in gold:
                    tgt = examples[i]["target"]
                    logq = torch.log_softmax(torch.as_tensor(v[b, tgt + off]), dim=-1)
                    p = ds.features.record(examples[i]["entry"]["image_id"])[2][tgt]
                    agree = "yes" if gold[i] == 1 + int(np.argmax(p[1:])) else "no"
                    rows.append((i, c, tgt, float(-logq[gold[i]]), agree))
    rows.sort(key=lambda r: (r[0], ref.LANG4VIS_CONDITIONS.index(r[1])))
    os.makedirs(os.path.join(args.out, "demo-single"), exist_ok=True)
    with open(os.path.join(args.out, "labels.tsv"), "w", encoding="utf-8") as f:
        f.write("example\tlabel\n")
        for i in sorted(cells):
            f.write("%d\t%s\n" % (i, cells[i]))

    def fill(f):
        f.write("example\tcondition\ttarget_region\tmrc_xe_label_nats\tagree\n")
        for i, c, tgt, nats, agree in rows:
            f.write("%d\t%s\t%d\t%s\t%s\n" % (i, c, tgt, ref.fmt(nats), agree))
    make_golden.write_gz(os.path.join(args.out, "demo-single", "lang4vis.tsv.gz"), fill)
    write_digests(os.path.join(args.out, "inputs.sha256"), digests)
    with open(os.path.join(args.out, "README.md"), "w", encoding="utf-8") as f:
        f.write(LABELS_README.format(n=n))
    print("labels: %d labelled entries, %d rows" % (len(cells), len(rows)))


def main(argv=None):
    ap = argparse.ArgumentParser(description="regenerate the golden files of the Java tests' fixtures")
    sub = ap.add_subparsers(dest="what", required=True)
    bd = sub.add_parser("batch-dependent", help="paper and exact losses of the batch-dependent model")
    bd.add_argument("--dataset", default="demo/corpus")
    bd.add_argument("--model", default="src/test/resources/models/batch-dependent.json")
    bd.add_argument("--limit", type=int, default=224)
    bd.add_argument("--out", default="src/test/resources/golden/batch-dependent")
    uc = sub.add_parser("untargeted-corpus", help="write the untargeted fixture corpus")
    uc.add_argument("--dataset", default="demo/corpus")
    uc.add_argument("--out", default="src/test/resources/corpora/untargeted")
    ug = sub.add_parser("untargeted", help="golden losses of the untargeted corpus under --untargeted skip")
    ug.add_argument("--dataset", default="src/test/resources/corpora/untargeted")
    ug.add_argument("--models", default="demo/models")
    ug.add_argument("--out", default="src/test/resources/golden/untargeted")
    lb = sub.add_parser("labels", help="gold labels and MRC-XE against them (MRC-XE-VG) for demo-single")
    lb.add_argument("--dataset", default="demo/corpus")
    lb.add_argument("--model", default="demo/models/demo-single.json")
    lb.add_argument("--limit", type=int, default=64)
    lb.add_argument("--out", default="src/test/resources/golden/labels")
    args = ap.parse_args(argv)

    import torch
    torch.set_num_threads(1)
    start = time.time()
    try:
        {"batch-dependent": batch_dependent, "untargeted-corpus": untargeted_corpus,
         "untargeted": untargeted, "labels": labels}[args.what](args)
    except (OSError, ValueError, AssertionError) as e:
        print("make_fixtures: %s" % e, file=sys.stderr)
        return 2
    print("wall time: %.1f s" % (time.time() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
