#!/usr/bin/python3
"""Independent eager-PyTorch reference of cross-modal input ablation (docs/spec: ablation-method.md).

Written from the spec alone so that it can arbitrate the Java implementation: it shares no parser,
tokenizer or overlap code with it. Run with Debian's /usr/bin/python3 (torch 1.13, numpy).
"""
import argparse
import json
import math
import os
import sys
import time
import unicodedata
import warnings
import xml.etree.ElementTree as ET

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

F32 = np.float32
LN2 = math.log(2.0)

VIS4LANG_THRESHOLDS = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0]
VIS4LANG_CONDITIONS = ["none"] + ["object@%.1f" % t for t in VIS4LANG_THRESHOLDS] + ["all"]
LANG4VIS_CONDITIONS = ["none", "phrase", "all"]
LANG4VIS_THRESHOLD = 0.5


# ---------------------------------------------------------------------------------------------------
# Flickr30k Entities files (spec 1.1)

def parse_sentences(text):
    """Parse a Sentences/<img>.txt file: one dict per non-empty line, phrases in order of appearance."""
    sentences = []
    for line in text.split("\n"):
        tokens = line.split()
        if not tokens:
            continue
        words, phrases = [], []
        current = None  # the phrase being read, or None outside a phrase
        for token in tokens:
            if current is not None:
                # Only a trailing ']' closes; it is stripped before the word is stored.
                closes = token.endswith("]")
                if closes:
                    token = token[:-1]
                current["words"].append(token)
                words.append(token)
                if closes:
                    current["phrase"] = " ".join(current.pop("words"))
                    phrases.append(current)
                    current = None
            elif token.startswith("["):
                # The tag token is not a word: [/EN#<chain>/<type>[/<type>...]
                parts = token.split("/")
                current = {"first_word_index": len(words), "chain_id": parts[1][3:],
                           "types": parts[2:], "words": []}
            else:
                words.append(token)
        sentences.append({"sentence": " ".join(words), "words": words, "phrases": phrases})
    return sentences


def parse_annotations(text):
    """chain id (string) -> list of 0-based [x1, y1, x2, y2] int boxes; box-less objects give nothing."""
    root = ET.fromstring(text)
    boxes = {}
    for obj in root.iter("object"):
        bnd = obj.find("bndbox")
        if bnd is None:
            continue
        box = [int(bnd.find(k).text) - 1 for k in ("xmin", "ymin", "xmax", "ymax")]
        for name in obj.findall("name"):
            boxes.setdefault(name.text, []).append(list(box))
    return boxes


class Dataset:
    def __init__(self, path):
        self.path = path
        with open(os.path.join(path, "dataset.json"), encoding="utf-8") as f:
            meta = json.load(f)
        if meta.get("format") != "xmodal-dataset/1":
            raise ValueError("not an xmodal dataset: %r" % meta.get("format"))
        self.meta = meta
        self.max_seq_length = int(meta.get("maxSeqLength", 38))
        sub = lambda key, default: os.path.join(path, meta.get(key, default))  # noqa: E731
        with open(sub("split", "val.txt"), encoding="utf-8") as f:
            self.image_ids = [int(line.strip()) for line in f if line.strip()]
        with open(sub("classes", "objects_vocab.txt"), encoding="utf-8") as f:
            self.class_names = f.read().split("\n")
            if self.class_names and self.class_names[-1] == "":
                self.class_names.pop()
        self.entries = self._entries(sub("sentences", "Sentences"), sub("annotations", "Annotations"))
        self.features = FeatureStore(sub("features", "features"))

    def _entries(self, sent_dir, ann_dir):
        entries = []
        for image_id in self.image_ids:
            with open(os.path.join(sent_dir, "%d.txt" % image_id), encoding="utf-8") as f:
                sentences = parse_sentences(f.read())
            with open(os.path.join(ann_dir, "%d.xml" % image_id), encoding="utf-8") as f:
                boxes = parse_annotations(f.read())
            for s_index, sent in enumerate(sentences):
                for ph in sent["phrases"]:
                    if ph["chain_id"] not in boxes:
                        continue  # scene / no-box / notvisual chains are not examples
                    entries.append({
                        "image_id": image_id, "sentence_index": s_index, "sentence": sent["sentence"],
                        "phrase": ph["phrase"], "first_word_index": ph["first_word_index"],
                        "chain_id": ph["chain_id"], "types": ph["types"],
                        "ref_boxes": boxes[ph["chain_id"]]})
        return entries


# ---------------------------------------------------------------------------------------------------
# Feature store (docs/formats.md)

class FeatureStore:
    def __init__(self, path):
        with open(os.path.join(path, "manifest.json"), encoding="utf-8") as f:
            m = json.load(f)
        if m.get("format") != "xmodal-features/1":
            raise ValueError("not an xmodal feature store: %r" % m.get("format"))
        self.n, self.R, self.D, self.C = (int(m[k]) for k in ("numImages", "numRegions", "featureSize", "numClasses"))
        self.index, self.size = {}, {}
        with open(os.path.join(path, "images.tsv"), encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split("\t")
            col = {name: i for i, name in enumerate(header)}
            for i, line in enumerate(l for l in f if l.strip()):
                parts = line.rstrip("\n").split("\t")
                image_id = int(parts[col["image_id"]])
                self.index[image_id] = i
                self.size[image_id] = (float(parts[col["height"]]), float(parts[col["width"]]))
        if len(self.index) != self.n:
            raise ValueError("images.tsv has %d images, manifest says %d" % (len(self.index), self.n))
        mm = lambda name, *shape: np.memmap(os.path.join(path, name), dtype="<f4", mode="r",  # noqa: E731
                                            shape=(self.n,) + shape)
        self._boxes = mm("boxes.f32", self.R, 4)
        self._features = mm("features.f32", self.R, self.D)
        self._cls = mm("cls_prob.f32", self.R, self.C)
        self._cache = {}

    def record(self, image_id):
        """(boxes [R,4], features [R,D], cls_prob [R,C], height, width), float32 copies."""
        rec = self._cache.get(image_id)
        if rec is None:
            i = self.index[image_id]
            h, w = self.size[image_id]
            rec = (np.array(self._boxes[i], dtype=F32), np.array(self._features[i], dtype=F32),
                   np.array(self._cls[i], dtype=F32), h, w)
            self._cache[image_id] = rec
        return rec


def global_feature(regions):
    """[IMG] feature: float32 column sum over the regions, in row order, divided by R in float32."""
    acc = np.zeros(regions.shape[1], dtype=F32)
    for row in regions:
        acc = acc + row
    return acc / F32(regions.shape[0])


def region_spatials(boxes, h, w):
    """[x1/w, y1/h, x2/w, y2/h, (x2-x1)(y2-y1)/(w*h)] in float32, raw pixels without +1."""
    b = boxes.astype(F32)
    loc = np.zeros((b.shape[0], 5), dtype=F32)
    loc[:, 0] = b[:, 0] / F32(w)
    loc[:, 1] = b[:, 1] / F32(h)
    loc[:, 2] = b[:, 2] / F32(w)
    loc[:, 3] = b[:, 3] / F32(h)
    loc[:, 4] = ((b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])) / F32(w * h)
    return loc


# ---------------------------------------------------------------------------------------------------
# Overlaps (spec 1.3, 8.17): float32, +1 pixel, the same operation order as the original

def _area(b):
    one = F32(1)
    return (b[:, 2] - b[:, 0] + one) * (b[:, 3] - b[:, 1] + one)


def _intersection(regions, gold):
    one, zero = F32(1), F32(0)
    a, g = regions[:, None, :], gold[None, :, :]
    iw = np.minimum(a[..., 2], g[..., 2]) - np.maximum(a[..., 0], g[..., 0]) + one
    ih = np.minimum(a[..., 3], g[..., 3]) - np.maximum(a[..., 1], g[..., 1]) + one
    return np.maximum(iw, zero) * np.maximum(ih, zero)


def iot(regions, gold):
    """[R, K] intersection over the gold box's area."""
    regions, gold = np.asarray(regions, dtype=F32), np.asarray(gold, dtype=F32)
    return _intersection(regions, gold) / _area(gold)[None, :]


def iou(regions, gold):
    """[R, K] intersection over union."""
    regions, gold = np.asarray(regions, dtype=F32), np.asarray(gold, dtype=F32)
    inter = _intersection(regions, gold)
    return inter / (_area(regions)[:, None] + _area(gold)[None, :] - inter)


def aligned(regions, gold, thr):
    """Detector regions with IoT > thr for any gold box; the threshold is compared as float32 so that
    exact ties (e.g. 4/40 at 0.1) stay unablated, as in the original."""
    return (iot(regions, gold) > F32(thr)).any(axis=1)


def lang4vis_target(regions, gold):
    """(ablated mask, target) for lang4vis: argmax over regions of max IoU x ablated, first on ties."""
    ablate = aligned(regions, gold, LANG4VIS_THRESHOLD)
    score = iou(regions, gold).max(axis=1) * ablate.astype(F32)
    if not ablate.any():
        return ablate, None
    return ablate, int(np.argmax(score))


def vis4lang_threshold(condition):
    if condition == "none":
        return 2.0
    if condition == "all":
        return -1.0
    if condition.startswith("object@"):
        return float(condition[len("object@"):])
    raise ValueError("unknown vis4lang condition %r" % condition)


# ---------------------------------------------------------------------------------------------------
# BERT uncased tokenizer: BasicTokenizer + greedy WordPiece (spec 1.4)

_NEVER_SPLIT = ("[UNK]", "[SEP]", "[PAD]", "[CLS]", "[MASK]")


def _is_whitespace(ch):
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def _is_control(ch):
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch).startswith("C")


def _is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


class BertTokenizer:
    def __init__(self, vocab):
        self.vocab = dict(vocab)
        self.inv = {i: t for t, i in self.vocab.items()}
        self._memo = {}
        for tok in ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"):
            if tok not in self.vocab:
                raise ValueError("tokenizer vocabulary lacks %s" % tok)
        self.pad, self.unk, self.cls, self.sep, self.mask = (
            self.vocab[t] for t in ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"))

    @classmethod
    def from_file(cls, path):
        with open(path, encoding="utf-8") as f:
            j = json.load(f)
        return cls(j["model"]["vocab"])

    @staticmethod
    def basic(text):
        cleaned = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or _is_control(ch):
                continue
            cleaned.append(" " if _is_whitespace(ch) else ch)
        spaced = []
        for ch in cleaned:
            spaced.append(" %s " % ch if _is_cjk(ord(ch)) else ch)
        out = []
        for token in "".join(spaced).split():
            if token in _NEVER_SPLIT:
                out.append(token)
                continue
            token = unicodedata.normalize("NFD", token.lower())
            token = "".join(ch for ch in token if unicodedata.category(ch) != "Mn")
            piece = []
            for ch in token:
                if _is_punctuation(ch):
                    if piece:
                        out.append("".join(piece))
                        piece = []
                    out.append(ch)
                else:
                    piece.append(ch)
            if piece:
                out.append("".join(piece))
        return out

    def wordpiece(self, word):
        if len(word) > 100:
            return ["[UNK]"]
        pieces, start = [], 0
        while start < len(word):
            end, found = len(word), None
            while start < end:
                sub = word[start:end] if start == 0 else "##" + word[start:end]
                if sub in self.vocab:
                    found = sub
                    break
                end -= 1
            if found is None:
                return ["[UNK]"]  # one unknown piece makes the whole word unknown
            pieces.append(found)
            start = end
        return pieces

    def tokenize(self, text):
        # A caption with k phrases is tokenised k times; memoise (a copy, so callers may mutate).
        cached = self._memo.get(text)
        if cached is None:
            cached = [p for w in self.basic(text) for p in self.wordpiece(w)]
            self._memo[text] = cached
        return list(cached)

    def ids(self, tokens):
        return [self.vocab.get(t, self.unk) for t in tokens]


def first_subword_map(words, subwords):
    """word index -> index of its first subword, replicating the original's reconstruction: every '#'
    at the start of a piece is dropped (lstrip), and the index is reassigned while acc is empty."""
    first, w, acc = {}, 0, ""
    for j, tok in enumerate(subwords):
        piece = tok.lstrip("#")
        if acc == "":
            first[w] = j
        acc += piece
        if w < len(words) and acc == words[w]:
            acc = ""
            w += 1
    return first


def phrase_mask(subwords, start, subphrase):
    """Positions masked for the phrase: from start on, until the masked strings equal subphrase."""
    masked, positions = [], []
    for j in range(start, len(subwords)):
        masked.append(subwords[j])
        positions.append(j)
        if masked == subphrase:
            break
    return positions


def wrap(ids, labels, max_len, tok):
    """Truncate to max_len-2, add [CLS]/[SEP], right-pad: (input_ids, attention_mask, labels)."""
    ids, labels = ids[:max_len - 2], labels[:max_len - 2]
    ids = [tok.cls] + ids + [tok.sep]
    labels = [-1] + labels + [-1]
    n = len(ids)
    pad = max_len - n
    return ids + [tok.pad] * pad, [1] * n + [0] * pad, labels + [-1] * pad


def build_text(entry, tok, max_len):
    """Token inputs of one entry for every text condition."""
    sentence, phrase = entry["sentence"], entry["phrase"]
    subwords = tok.tokenize(sentence)
    subphrase = tok.tokenize(phrase)
    first = first_subword_map(sentence.lower().split(), subwords)
    fwi = entry["first_word_index"]
    if fwi not in first:
        raise AssertionError("no first subword for word %d of %r" % (fwi, sentence))
    positions = phrase_mask(subwords, first[fwi], subphrase)
    ids = tok.ids(subwords)
    masked, labels = list(ids), [-1] * len(ids)
    for j in positions:
        labels[j] = ids[j]
        masked[j] = tok.mask
    plain_ids, att, _ = wrap(ids, [-1] * len(ids), max_len, tok)
    phrase_ids, _, phrase_labels = wrap(masked, labels, max_len, tok)
    all_ids, _, _ = wrap([tok.mask] * len(ids), [-1] * len(ids), max_len, tok)
    return {"plain": plain_ids, "phrase": phrase_ids, "all": all_ids, "labels": phrase_labels,
            "attention": att, "n_subwords": len(subwords), "phrase_positions": positions}


# ---------------------------------------------------------------------------------------------------
# Model and visual inputs

class Model:
    def __init__(self, meta_path):
        with open(meta_path, encoding="utf-8") as f:
            meta = json.load(f)
        if meta.get("format") != "xmodal-model/1":
            raise ValueError("not an xmodal model: %r" % meta.get("format"))
        self.meta = meta
        self.name = meta.get("name") or os.path.splitext(os.path.basename(meta_path))[0]
        self.pt_path = os.path.splitext(meta_path)[0] + ".pt"
        self.global_image = meta.get("globalImage", "none")
        if self.global_image not in ("first", "last", "none"):
            raise ValueError("globalImage must be first, last or none")
        self.K = int(meta["numLocations"])
        self.D = int(meta["featureSize"])
        self.C = int(meta["numClasses"])
        self.text_only = bool(meta.get("textOnly", False))
        self.tokenizer = BertTokenizer.from_file(os.path.join(os.path.dirname(meta_path), meta["tokenizer"]))
        self._module = None

    @property
    def module(self):
        if self._module is None:
            import hashlib
            import torch
            want = self.meta.get("sha256")
            if want:
                with open(self.pt_path, "rb") as f:
                    got = hashlib.sha256(f.read()).hexdigest()
                if got != want.lower():
                    raise ValueError("%s: sha256 %s does not match the metadata" % (self.pt_path, got))
            self._module = torch.jit.load(self.pt_path, map_location="cpu")
            self._module.eval()
        return self._module

    def region_offset(self):
        """Row of detector region 0 in the model's visual sequence."""
        return 1 if self.global_image == "first" else 0

    def assemble(self, regions, global_row):
        """Insert the global row where the model expects it."""
        if self.global_image == "first":
            return np.concatenate([global_row[None, :], regions], axis=0)
        if self.global_image == "last":
            return np.concatenate([regions, global_row[None, :]], axis=0)
        return regions

    def locations(self, boxes, h, w):
        loc = region_spatials(boxes, h, w)
        glob = np.array([0, 0, 1, 1, 1], dtype=F32)
        return self.assemble(loc, glob)[:, :self.K]


def vis4lang_average(ds, model):
    """Dataset-mean replacement feature over the whole split, entry-weighted, over the rows the model
    sees; accumulated in float64 and cast to float32 once."""
    D = ds.features.D
    acc = np.zeros(D, dtype=np.float64)
    per_image = {}
    for e in ds.entries:
        s = per_image.get(e["image_id"])
        if s is None:
            _, feats, _, _, _ = ds.features.record(e["image_id"])
            if model.global_image == "none":
                s = feats.astype(np.float64).sum(axis=0) / feats.shape[0]
            else:
                rows = model.assemble(feats, global_feature(feats))
                s = rows.astype(np.float64).sum(axis=0) / rows.shape[0]
            per_image[e["image_id"]] = s
        acc += s
    return (acc / len(ds.entries)).astype(F32)


# ---------------------------------------------------------------------------------------------------
# Examples

def build_examples(ds, tok):
    """Model-independent per-entry data: text inputs, vis4lang ablation masks, lang4vis target.

    An entry whose phrase starts beyond the truncation limit has no masked position left ("labels" all -1):
    it has no vis4lang target. One without a detector region at IoT > 0.5 has no lang4vis target
    ("target" None). Both still get every input, so that they can fill their place in a batch.
    """
    out = []
    for e in ds.entries:
        text = build_text(e, tok, ds.max_seq_length)
        boxes = ds.features.record(e["image_id"])[0]
        gold = np.array(e["ref_boxes"], dtype=F32)
        overlaps = iot(boxes, gold)
        v4l = {c: (overlaps > F32(vis4lang_threshold(c))).any(axis=1) for c in VIS4LANG_CONDITIONS}
        l4v_mask, target = lang4vis_target(boxes, gold)
        out.append({"entry": e, "text": text, "vis4lang_masks": v4l, "lang4vis_mask": l4v_mask,
                    "target": target})
    return out


def _forward(model, ids, att, feats, locs):
    import torch
    B, L = ids.shape
    with torch.no_grad(), warnings.catch_warnings():
        # VL-BERT-style models shift an expanded position row in place (spec 2.4); torch warns that this is
        # deprecated, and the batch dependence it causes is what such a model is evaluated with.
        warnings.filterwarnings("ignore", message="Use of index_put_ on expanded tensors")
        t, v = model.module(torch.from_numpy(ids), torch.zeros((B, L), dtype=torch.int64),
                            torch.from_numpy(att), torch.from_numpy(feats), torch.from_numpy(locs),
                            torch.ones(feats.shape[:2], dtype=torch.int64))
    return t, v


def vis4lang_inputs(ds, model, ex, condition, avg):
    boxes, feats, _, h, w = ds.features.record(ex["entry"]["image_id"])
    F = feats.astype(np.float64)
    F[ex["vis4lang_masks"][condition]] = avg.astype(np.float64)
    regions = F.astype(F32)
    glob = F.mean(axis=0).astype(F32)  # recomputed from the post-ablation regions
    return model.assemble(regions, glob), model.locations(boxes, h, w)


def lang4vis_inputs(ds, model, ex):
    boxes, feats, _, h, w = ds.features.record(ex["entry"]["image_id"])
    regions = feats.copy()
    regions[ex["lang4vis_mask"]] = 0
    glob = global_feature(feats)  # NOT recomputed: keeps the original regions' mean
    return model.assemble(regions, glob), model.locations(boxes, h, w)


def mlm_metrics(text_logits, labels):
    """(nats, predicted ids) per example: mean over masked positions of -log_softmax[label]."""
    import torch
    out = []
    for b in range(text_logits.shape[0]):
        pos = [i for i, l in enumerate(labels[b]) if l != -1]
        logits = text_logits[b, pos]
        lsm = torch.log_softmax(logits, dim=-1)
        target = torch.tensor([labels[b][i] for i in pos], dtype=torch.int64)
        nll = -lsm.gather(1, target[:, None])[:, 0]
        pred = [int(i) for i in np.argmax(logits.numpy(), axis=-1)]
        out.append((float(nll.mean()), pred))
    return out


def mrc_metrics(logits, p):
    """(KL(p || softmax(logits)), XE at 1 + argmax(p[1:]), argmax(logits)) for one region, nats."""
    import torch
    logits = torch.as_tensor(logits)
    p = torch.from_numpy(np.asarray(p, dtype=F32))
    logq = torch.log_softmax(logits, dim=-1)
    terms = torch.where(p > 0, p * (torch.log(p) - logq), torch.zeros_like(p))
    kl = float(terms.sum())
    xe = float(-logq[1 + int(np.argmax(p[1:].numpy()))])
    return kl, xe, int(np.argmax(logits.numpy()))


UNTARGETED_REASONS = {
    "vis4lang": ("beyond_truncation", "no MLM target: the phrase starts beyond the truncation limit"),
    "lang4vis": ("no_aligned_region", "no MRC target: no detector region has IoT > 0.5 with the phrase's boxes"),
}


def has_target(ex, direction):
    if direction == "vis4lang":
        return any(l != -1 for l in ex["text"]["labels"])
    return ex["target"] is not None


class UntargetedError(ValueError):
    """Entries of the evaluated range without a target in the direction, under --untargeted error."""


class Runner:
    """Evaluates one condition at a time in batches of batch_size consecutive entries of the whole split:
    batch k holds entries [k*bs, (k+1)*bs), aligned to entry 0 as in the paper's DataLoader. Entries of a
    batch that are outside the evaluated indices, or skipped for having no target, are still fed as filler
    (their own inputs, no labels) so that each batch is the same whatever range is evaluated; only their
    results are dropped. This matters for models whose outputs depend on the batch (spec 2.4).

    untargeted: "error" refuses a range with entries that have no target in the direction, naming every one;
    "skip" leaves them out of the rows and lists them in self.skipped[direction] as (example, reason).
    """

    def __init__(self, ds, model, examples=None, batch_size=16, untargeted="error"):
        self.ds, self.model, self.bs = ds, model, batch_size
        if batch_size < 1:
            raise ValueError("batch size must be at least 1, got %d" % batch_size)
        if untargeted not in ("error", "skip"):
            raise ValueError("untargeted must be error or skip, got %r" % untargeted)
        self.untargeted = untargeted
        if model.D != ds.features.D:
            raise ValueError("model featureSize %d != store %d" % (model.D, ds.features.D))
        self.examples = examples if examples is not None else build_examples(ds, model.tokenizer)
        self.forwards = 0
        self.skipped = {}
        self._avg = None

    def avg(self):
        if self._avg is None:
            self._avg = vis4lang_average(self.ds, self.model)
        return self._avg

    def batches(self, indices):
        """(batch, scored) per split-aligned block that holds an evaluated index: batch lists every entry of
        the block, scored the evaluated ones among them."""
        wanted = set(indices)
        n = len(self.examples)
        for k in sorted({i // self.bs for i in indices}):
            batch = list(range(k * self.bs, min((k + 1) * self.bs, n)))
            yield batch, [i for i in batch if i in wanted]

    def targeted(self, direction, indices):
        """The indices to score: refuses or records (self.skipped) those without a target."""
        missing = [i for i in indices if not has_target(self.examples[i], direction)]
        code, text = UNTARGETED_REASONS[direction]
        if missing and self.untargeted == "error":
            listed = "; ".join("entry %d (image %d, phrase %r)" % (
                i, self.examples[i]["entry"]["image_id"], self.examples[i]["entry"]["phrase"]) for i in missing)
            raise UntargetedError("%s: %d of %d entries have %s: %s; run with --untargeted skip to leave them out"
                                  % (direction, len(missing), len(indices), text, listed))
        self.skipped[direction] = [(i, code) for i in missing]
        gone = set(missing)
        return [i for i in indices if i not in gone]

    def vis4lang(self, conditions, indices):
        """rows (example, condition, nats, predicted) in example order, conditions in the given order."""
        scored = self.targeted("vis4lang", indices)
        rows = {}
        avg = self.avg()
        for batch, keep in self.batches(scored):
            exs = [self.examples[i] for i in batch]
            ids = np.array([ex["text"]["phrase"] for ex in exs], dtype=np.int64)
            att = np.array([ex["text"]["attention"] for ex in exs], dtype=np.int64)
            at = [batch.index(i) for i in keep]
            labels = [exs[b]["text"]["labels"] for b in at]
            for c in conditions:
                vis = [vis4lang_inputs(self.ds, self.model, ex, c, avg) for ex in exs]
                feats = np.stack([f for f, _ in vis])
                locs = np.stack([l for _, l in vis])
                t, _ = _forward(self.model, ids, att, feats, locs)
                self.forwards += 1
                for i, (nats, pred) in zip(keep, mlm_metrics(t[at], labels)):
                    rows[(i, c)] = (nats, pred)
        return [(i, c) + rows[(i, c)] for i in scored for c in conditions]

    def lang4vis(self, conditions, indices):
        """rows (example, condition, target, kl, xe, predicted_class)."""
        if self.model.text_only:
            raise ValueError("lang4vis does not apply to a text-only model")
        if self.model.C != self.ds.features.C:
            raise ValueError("model numClasses %d != store %d" % (self.model.C, self.ds.features.C))
        scored = self.targeted("lang4vis", indices)
        key = {"none": "plain", "phrase": "phrase", "all": "all"}
        off = self.model.region_offset()
        rows = {}
        for batch, keep in self.batches(scored):
            exs = [self.examples[i] for i in batch]
            att = np.array([ex["text"]["attention"] for ex in exs], dtype=np.int64)
            # an entry without a target has nothing ablated: its image goes in unchanged
            vis = [lang4vis_inputs(self.ds, self.model, ex) for ex in exs]
            feats = np.stack([f for f, _ in vis])
            locs = np.stack([l for _, l in vis])
            for c in conditions:
                ids = np.array([ex["text"][key[c]] for ex in exs], dtype=np.int64)
                _, v = _forward(self.model, ids, att, feats.copy(), locs.copy())
                self.forwards += 1
                for i in keep:
                    b, ex = batch.index(i), self.examples[i]
                    tgt = ex["target"]
                    p = self.ds.features.record(ex["entry"]["image_id"])[2][tgt]
                    rows[(i, c)] = (tgt,) + mrc_metrics(v[b, tgt + off], p)
        return [(i, c) + rows[(i, c)] for i in scored for c in conditions]


# ---------------------------------------------------------------------------------------------------
# Output

def fmt(x):
    return "%.17g" % float(x)


VIS4LANG_HEADER = ["example", "condition", "mlm_nats", "predicted"]
LANG4VIS_HEADER = ["example", "condition", "target_region", "mrc_kl_nats", "mrc_xe_nats", "predicted_class"]


def write_rows(f, direction, rows):
    if direction == "vis4lang":
        f.write("\t".join(VIS4LANG_HEADER) + "\n")
        for i, c, nats, pred in rows:
            f.write("%d\t%s\t%s\t%s\n" % (i, c, fmt(nats), " ".join(str(p) for p in pred)))
    else:
        f.write("\t".join(LANG4VIS_HEADER) + "\n")
        for i, c, tgt, kl, xe, pc in rows:
            f.write("%d\t%s\t%d\t%s\t%s\t%d\n" % (i, c, tgt, fmt(kl), fmt(xe), pc))


SKIPPED_HEADER = ["example", "image", "phrase", "direction", "reason"]


def write_skipped(f, ds, skipped):
    """skipped: (example, direction, reason code) in the order to write."""
    f.write("\t".join(SKIPPED_HEADER) + "\n")
    for i, direction, code in skipped:
        e = ds.entries[i]
        f.write("%d\t%d\t%s\t%s\t%s\n" % (i, e["image_id"], e["phrase"], direction, code))


def aggregates(direction, rows, conditions):
    """[(condition, metric, n, mean_nats, mean_bits)], unweighted means over examples."""
    out = []
    metrics = [("mlm", 2)] if direction == "vis4lang" else [("mrc_kl", 3), ("mrc_xe", 4)]
    for c in conditions:
        for name, col in metrics:
            vals = np.array([r[col] for r in rows if r[1] == c], dtype=np.float64)
            mean = float(vals.mean()) if len(vals) else float("nan")
            out.append((c, name, len(vals), mean, mean / LN2))
    return out


def normalise_condition(direction, c):
    if direction == "lang4vis":
        if c not in LANG4VIS_CONDITIONS:
            raise ValueError("lang4vis conditions are none, phrase, all; got %r" % c)
        return c
    if c in ("none", "all"):
        return c
    t = vis4lang_threshold(c)
    if not 0.0 <= t <= 1.0:
        raise ValueError("object threshold must lie in [0, 1]: %r" % c)
    return "object@%.1f" % t


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--model", required=True, help="model metadata JSON (the .pt sits beside it)")
    ap.add_argument("--direction", required=True, choices=["vis4lang", "lang4vis"])
    ap.add_argument("--condition", action="append",
                    help="repeatable; default: every condition of the direction")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--limit", type=int, help="evaluate only the first N examples (AVG still uses all; the "
                    "last batch is still filled with the entries that follow)")
    ap.add_argument("--untargeted", choices=["error", "skip"], default="error",
                    help="entries without a target in the direction (vis4lang: phrase beyond the truncation "
                    "limit; lang4vis: no region at IoT > 0.5): refuse the run, naming them all (default), or "
                    "leave them out of the rows (they still fill their place in their batch)")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    try:
        return run(args)
    except (OSError, ValueError, KeyError, AssertionError) as e:
        print("reference: %s" % (e if str(e) else type(e).__name__), file=sys.stderr)
        return 2


def run(args):
    import torch
    torch.set_num_threads(args.threads)
    start = time.time()
    ds = Dataset(args.dataset)
    model = Model(args.model)
    default = VIS4LANG_CONDITIONS if args.direction == "vis4lang" else LANG4VIS_CONDITIONS
    conditions = [normalise_condition(args.direction, c) for c in (args.condition or default)]
    runner = Runner(ds, model, batch_size=args.batch_size, untargeted=args.untargeted)
    n = len(runner.examples) if args.limit is None else min(args.limit, len(runner.examples))
    indices = list(range(n))
    rows = getattr(runner, args.direction)(conditions, indices)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, args.direction + ".tsv"), "w", encoding="utf-8") as f:
        write_rows(f, args.direction, rows)
    skipped = runner.skipped.get(args.direction, [])
    if args.untargeted == "skip":
        with open(os.path.join(args.out, args.direction + "-skipped.tsv"), "w", encoding="utf-8") as f:
            write_skipped(f, ds, [(i, args.direction, code) for i, code in skipped])
    print("model %s  direction %s  examples %d  skipped %d" % (model.name, args.direction, n - len(skipped),
                                                               len(skipped)))
    print("condition\tmetric\tn\tmean_bits")
    for c, metric, cnt, _, bits in aggregates(args.direction, rows, conditions):
        print("%s\t%s\t%d\t%.6f" % (c, metric, cnt, bits))
    print("forward passes: %d (batch size %d)" % (runner.forwards, args.batch_size))
    print("wall time: %.1f s" % (time.time() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
