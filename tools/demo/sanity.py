#!/usr/bin/python3
"""Quick check that the exported demo models show the expected ablation effects on the eval split.

Builds the evaluation inputs as spec §2/§3 describe and prints mean MLM bits (vis4lang none,
object@0.5, all) and mean MRC-KL bits (lang4vis none, phrase, all) for every model.
"""
import argparse
import json
import math
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import MAX_LEN, MAX_SUB, BertTokenizer, Dataset, encode, locations, overlaps, pad_text  # noqa: E402

LN2 = math.log(2)


def prepare(ds, tok):
    ex = []
    for e in ds.entries:
        sub, s, t = encode(tok, e)
        ids, am = pad_text(tok, sub)
        boxes, feats, probs, hw = ds.image(e["image"])
        iot, iou = overlaps(boxes, e["refs"])
        ex.append(dict(ids=np.array(ids), am=np.array(am), span=(s + 1, min(t, MAX_SUB) + 1), feats=feats,
                       probs=probs, loc=locations(boxes, hw, 5), iot=iot, iou=iou))
    acc = np.zeros(ds.D, np.float32)
    for x in ex:
        acc += x["feats"].sum(0, dtype=np.float32) + x["feats"].mean(0, dtype=np.float64).astype(np.float32)
    avg = (acc / np.float32(ds.R + 1) / np.float32(len(ex))).astype(np.float32)
    return ex, avg


def vis4lang_inputs(x, tok, avg, thr, meta):
    ids = x["ids"].copy()
    labels = np.full(MAX_LEN, -1)
    s, t = x["span"]
    labels[s:t] = ids[s:t]
    ids[s:t] = tok.mask
    f = x["feats"].astype(np.float64)
    ab = (x["iot"] > np.float32(thr)).any(1)
    f[ab] = avg
    return ids, labels, glob(f.astype(np.float32), f.mean(0).astype(np.float32), x["loc"], meta)


def lang4vis_inputs(x, tok, cond, meta):
    ids = x["ids"].copy()
    s, t = x["span"]
    if cond == "phrase":
        ids[s:t] = tok.mask
    elif cond == "all":
        real = (x["am"] == 1) & (ids != tok.cls) & (ids != tok.sep)
        ids[real] = tok.mask
    ab = (x["iot"] > np.float32(0.5)).any(1)
    f = x["feats"].copy()
    f[ab] = 0
    score = x["iou"].max(1) * ab
    target = int(np.argmax(score))
    assert ab.any()
    return ids, target, glob(f, x["feats"].mean(0), x["loc"], meta)


def glob(f, g, loc, meta):
    k = meta["numLocations"]
    loc = loc[:, :k]
    if meta["globalImage"] == "first":
        f = np.concatenate([g[None].astype(np.float32), f], 0)
        loc = np.concatenate([np.array([[0, 0, 1, 1, 1]], np.float32)[:, :k], loc], 0)
    return f.astype(np.float32), loc


def run(model, rows, ex):
    ids = torch.tensor(np.stack([r[0] for r in rows]), dtype=torch.int64)
    am = torch.tensor(np.stack([x["am"] for x in ex]), dtype=torch.int64)
    feat = torch.tensor(np.stack([r[-1][0] for r in rows]))
    loc = torch.tensor(np.stack([r[-1][1] for r in rows]))
    with torch.no_grad():
        return model(ids, torch.zeros_like(ids), am, feat, loc, torch.ones(feat.shape[:2], dtype=torch.int64))


def evaluate(model_path, ds, tok, ex, avg, batch=256):
    with open(model_path[:-3] + ".json") as f:
        meta = json.load(f)
    model = torch.jit.load(model_path)
    model.eval()
    mlm = {c: [] for c in ("none", "object@0.5", "all")}
    kl = {c: [] for c in ("none", "phrase", "all")}
    for b0 in range(0, len(ex), batch):
        part = ex[b0:b0 + batch]
        for cond, thr in (("none", 2.0), ("object@0.5", 0.5), ("all", -1.0)):
            rows = [vis4lang_inputs(x, tok, avg, thr, meta) for x in part]
            logits, _ = run(model, rows, part)
            labels = torch.tensor(np.stack([r[1] for r in rows]))
            ce = F.cross_entropy(logits.transpose(1, 2), labels, ignore_index=-1, reduction="none")
            n = (labels >= 0).sum(1)
            mlm[cond] += (ce.sum(1) / n).tolist()
        if meta["textOnly"]:
            continue
        for cond in kl:
            rows = [lang4vis_inputs(x, tok, cond, meta) for x in part]
            _, reg = run(model, rows, part)
            off = 1 if meta["globalImage"] == "first" else 0
            for i, (r, x) in enumerate(zip(rows, part)):
                p = torch.tensor(x["probs"][r[1]])
                logq = F.log_softmax(reg[i, r[1] + off], -1)
                v = torch.where(p > 0, p * (torch.log(p.clamp_min(1e-30)) - logq), torch.zeros_like(p)).sum()
                kl[cond].append(v.item())
    out = {"mlm_bits": {c: float(np.mean(v)) / LN2 for c, v in mlm.items()}}
    if not meta["textOnly"]:
        out["kl_bits"] = {c: float(np.mean(v)) / LN2 for c, v in kl.items()}
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default="demo/corpus")
    ap.add_argument("--models", default="demo/models")
    ap.add_argument("--names", nargs="*", default=["demo-single", "demo-dual", "demo-text"])
    a = ap.parse_args()
    torch.set_num_threads(2)
    ds = Dataset(a.corpus)
    tok = BertTokenizer(os.path.join(a.models, "vocab.txt"))
    ex, avg = prepare(ds, tok)
    print("eval examples:", len(ex))
    for name in a.names:
        res = evaluate(os.path.join(a.models, name + ".pt"), ds, tok, ex, avg)
        print(name, json.dumps({k: {c: round(v, 4) for c, v in d.items()} for k, d in res.items()}), flush=True)


if __name__ == "__main__":
    main()
