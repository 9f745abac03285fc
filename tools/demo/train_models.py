#!/usr/bin/python3
"""Train the three demo reference models on the demo train split and export them to TorchScript.

Regenerates the corpus with the same seed into a work directory first (the train split is not
committed), checks that the regenerated eval split and tokenizer equal the committed ones, then trains
demo-single, demo-dual and demo-text and writes <name>.pt + <name>.json into the models directory.
"""
import argparse
import filecmp
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from common import MAX_LEN, MAX_SUB, BertTokenizer, Dataset, encode, locations, overlaps, pad_text  # noqa: E402
from models import SingleStream, TextOnly, TwoStream  # noqa: E402

SPECS = {
    "demo-single": dict(family="single-stream", globalImage="first", numLocations=5, textOnly=False),
    "demo-dual": dict(family="two-stream", globalImage="none", numLocations=4, textOnly=False),
    "demo-text": dict(family="text-only", globalImage="none", numLocations=4, textOnly=True),
}

HP = dict(batch=32, lr=1e-3, weight_decay=0.01, warmup=200, p_lang4vis=0.5, p_vis_none=0.6,
          p_vis_object=0.35, p_vis_all=0.05, p_extra_mask=0.1, kl_weight=1.0,
          zero_thresholds=[0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.5, 0.5])


def dirs_equal(a, b):
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return not mismatch and not errors and all(dirs_equal(os.path.join(a, d), os.path.join(b, d))
                                               for d in cmp.common_dirs)


class TrainData:
    """Pre-tokenised train examples plus per-image tensors, sampled into ablated batches."""

    def __init__(self, root, tok):
        ds = Dataset(root)
        self.tok = tok
        n = len(ds.entries)
        self.ids = np.zeros((n, MAX_LEN), np.int64)
        self.amask = np.zeros((n, MAX_LEN), np.int64)
        self.span = np.zeros((n, 2), np.int64)
        self.img = np.zeros(n, np.int64)
        self.maxiot = np.zeros((n, ds.R), np.float32)
        for i, e in enumerate(ds.entries):
            sub, s, t = encode(tok, e)
            assert s < MAX_SUB
            self.ids[i], self.amask[i] = pad_text(tok, sub)
            self.span[i] = (s + 1, min(t, MAX_SUB) + 1)
            self.img[i] = ds.index[e["image"]]
            iot, _ = overlaps(ds.boxes[self.img[i]], e["refs"])
            self.maxiot[i] = iot.max(1)
        self.feats = ds.feats
        self.probs = ds.probs
        self.loc = self._loc_by_record(ds)
        # Replacement feature: mean of per-image mean region features, weighted by entries (spec §2.2).
        self.avg = self.feats[self.img].mean(1).mean(0).astype(np.float32)
        self.n = n
        print("train split: %d images, %d examples" % (len(ds.ids), n), flush=True)

    @staticmethod
    def _loc_by_record(ds):
        loc = np.zeros((len(ds.ids), ds.R, 5), np.float32)
        for img, rec in ds.index.items():
            loc[rec] = locations(ds.boxes[rec], ds.hw[img], 5)
        return loc

    def batch(self, rng, b, global_first, k):
        idx = rng.integers(0, self.n, b)
        ids = self.ids[idx].copy()
        amask = self.amask[idx]
        labels = np.full_like(ids, -1)
        pos = np.arange(MAX_LEN)[None, :]
        phrase = (pos >= self.span[idx, :1]) & (pos < self.span[idx, 1:])
        real = (amask == 1) & (ids != self.tok.cls) & (ids != self.tok.sep)
        l4v = rng.random(b) < HP["p_lang4vis"]
        tcond = rng.integers(0, 3, b)  # lang4vis text: none, phrase, all
        mask_phrase = ~l4v | (tcond >= 1)
        extra = ~l4v[:, None] & real & (rng.random(ids.shape) < HP["p_extra_mask"])
        lab = (phrase & mask_phrase[:, None]) | extra
        labels[lab] = ids[lab]
        ids[lab] = self.tok.mask
        ids[(l4v & (tcond == 2))[:, None] & real] = self.tok.mask

        feats = self.feats[self.img[idx]].copy()
        orig_mean = feats.mean(1)
        maxiot = self.maxiot[idx]
        u = rng.random(b)
        thr = np.where(u < HP["p_vis_none"], 2.0,
                       np.where(u < HP["p_vis_none"] + HP["p_vis_object"], rng.integers(0, 10, b) / 10.0, -1.0))
        replace = ~l4v[:, None] & (maxiot > thr[:, None].astype(np.float32))
        feats[replace] = self.avg
        # Zeroing with thresholds down to 0 sometimes removes all visual evidence of the object,
        # which teaches the region head to read the phrase too (the evaluation zeroes at 0.5).
        zthr = rng.choice(HP["zero_thresholds"], b).astype(np.float32)
        zero = l4v[:, None] & (maxiot > zthr[:, None])
        feats[zero] = 0.0
        loc = self.loc[self.img[idx]][:, :, :k]
        targets = zero
        if global_first:
            glob = np.where(l4v[:, None], orig_mean, feats.mean(1))
            feats = np.concatenate([glob[:, None, :], feats], 1)
            gloc = np.array([0, 0, 1, 1, 1], np.float32)[:k]
            loc = np.concatenate([np.broadcast_to(gloc, (b, 1, k)), loc], 1)
        probs = self.probs[self.img[idx]]
        t = torch.from_numpy
        return (t(ids), t(np.zeros_like(ids)), t(amask.copy()), t(feats.astype(np.float32)),
                t(np.ascontiguousarray(loc)), t(np.ones(feats.shape[:2], np.int64)),
                t(labels), t(targets), t(probs.copy()))


def kl_to(p, logits):
    logq = F.log_softmax(logits, -1)
    plogp = torch.where(p > 0, p * torch.log(p.clamp_min(1e-30)), torch.zeros_like(p))
    return (plogp - p * logq).sum(-1)


def train(name, model, data, steps, seed, log_every=250):
    spec = SPECS[name]
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=HP["lr"], weight_decay=HP["weight_decay"])
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / HP["warmup"]) * max(0.05, 1 - s / steps))
    model.train()
    t0 = time.time()
    for step in range(steps):
        ids, tt, am, feat, loc, im, labels, targets, probs = data.batch(
            rng, HP["batch"], spec["globalImage"] == "first", spec["numLocations"])
        text_logits, region_logits = model(ids, tt, am, feat, loc, im)
        loss = F.cross_entropy(text_logits.reshape(-1, text_logits.shape[-1]), labels.reshape(-1),
                               ignore_index=-1)
        kl = torch.zeros(())
        if not spec["textOnly"] and targets.any():
            reg = region_logits[:, 1:] if spec["globalImage"] == "first" else region_logits
            kl = kl_to(probs[targets], reg[targets]).mean()
            loss = loss + HP["kl_weight"] * kl
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        if step % log_every == 0 or step == steps - 1:
            print("%s step %d loss %.3f kl %.3f (%.0fs)" % (name, step, loss.item(), kl.item(), time.time() - t0),
                  flush=True)
    model.eval()
    return model


def export(name, model, vocab_size, out_dir):
    spec = SPECS[name]
    scripted = torch.jit.script(model)
    gen = torch.Generator().manual_seed(1)
    # The exported module must not bake in batch size, text length or region count.
    for b, l, r in [(3, 38, 17), (5, 20, 9), (1, 38, 16)]:
        ids = torch.randint(5, vocab_size, (b, l), generator=gen)
        am = torch.ones(b, l, dtype=torch.int64)
        am[0, l // 2:] = 0
        args = (ids, torch.zeros(b, l, dtype=torch.int64), am, torch.randn(b, r, 32, generator=gen),
                torch.rand(b, r, spec["numLocations"], generator=gen), torch.ones(b, r, dtype=torch.int64))
        copies = [a.clone() for a in args]
        with torch.no_grad():
            e1, e2 = model(*args)
            s1, s2 = scripted(*args)
        assert e1.shape == (b, l, vocab_size) and e2.shape == (b, r, 41)
        assert torch.allclose(e1, s1, atol=1e-5) and torch.allclose(e2, s2, atol=1e-5)
        assert all(torch.equal(a, c) for a, c in zip(args, copies))
    path = os.path.join(out_dir, name + ".pt")
    torch.jit.save(scripted, path)
    with open(path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    meta = {"format": "xmodal-model/1", "name": name, "family": spec["family"],
            "globalImage": spec["globalImage"], "featureSize": 32, "numLocations": spec["numLocations"],
            "numClasses": 41, "vocabSize": vocab_size, "textOnly": spec["textOnly"],
            "tokenizer": "tokenizer.json", "sha256": sha}
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print("exported %s (%d bytes)" % (path, os.path.getsize(path)), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=7, help="corpus seed (must match demo/corpus)")
    ap.add_argument("--train-seed", type=int, default=13)
    ap.add_argument("--corpus", default="demo/corpus")
    ap.add_argument("--models", default="demo/models")
    ap.add_argument("--work", default=None, help="build directory for the regenerated corpus (default: temp)")
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--only", nargs="*", default=list(SPECS))
    a = ap.parse_args()
    torch.set_num_threads(a.threads)

    work = a.work or tempfile.mkdtemp(prefix="xmodal-demo-")
    gen_eval, gen_train, gen_tok = (os.path.join(work, d) for d in ("eval", "train", "tokenizer"))
    subprocess.run([sys.executable, os.path.join(HERE, "generate_corpus.py"), "--seed", str(a.seed),
                    "--eval-out", gen_eval, "--train-out", gen_train, "--models-out", gen_tok], check=True)
    if os.path.isdir(a.corpus) and not dirs_equal(gen_eval, a.corpus):
        sys.exit("%s differs from the corpus regenerated with seed %d; rerun generate_corpus.py" % (a.corpus, a.seed))
    os.makedirs(a.models, exist_ok=True)
    for f in ("vocab.txt", "tokenizer.json"):
        dst = os.path.join(a.models, f)
        if os.path.exists(dst) and not filecmp.cmp(dst, os.path.join(gen_tok, f), shallow=False):
            sys.exit("%s differs from the regenerated one; rerun generate_corpus.py" % dst)
        shutil.copyfile(os.path.join(gen_tok, f), dst)

    tok = BertTokenizer(os.path.join(a.models, "vocab.txt"))
    data = TrainData(gen_train, tok)
    vocab = len(tok.vocab)
    build = {"demo-single": lambda: SingleStream(vocab, locs=5),
             "demo-dual": lambda: TwoStream(vocab, locs=4),
             "demo-text": lambda: TextOnly(vocab)}
    for i, name in enumerate(SPECS):
        if name not in a.only:
            continue
        torch.manual_seed(a.train_seed + i)
        model = train(name, build[name](), data, a.steps, a.train_seed + i)
        export(name, model, vocab, a.models)
    if a.work is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
