"""Dataset reading, BERT tokenisation and example building for the demo tools (spec §1)."""
import json
import os
import unicodedata
import xml.etree.ElementTree as ET

import numpy as np

MAX_LEN = 38
MAX_SUB = MAX_LEN - 2


# ---------------------------------------------------------------------------- tokenizer
class BertTokenizer:
    """BERT uncased basic tokenisation followed by greedy longest-match WordPiece."""

    def __init__(self, vocab_file):
        with open(vocab_file, encoding="utf-8") as f:
            self.vocab = [line.rstrip("\n") for line in f]
        self.ids = {t: i for i, t in enumerate(self.vocab)}
        self.unk = self.ids["[UNK]"]
        self.pad, self.cls, self.sep, self.mask = (self.ids[t] for t in ("[PAD]", "[CLS]", "[SEP]", "[MASK]"))

    @staticmethod
    def _is_punct(ch):
        cp = ord(ch)
        if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
            return True
        return unicodedata.category(ch).startswith("P")

    def basic(self, text):
        clean = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch).startswith("C") and ch not in "\t\n\r"):
                continue
            clean.append(" " if ch.isspace() else ch)
        text = unicodedata.normalize("NFD", "".join(clean).lower())
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
        out = []
        for w in text.split():
            cur = ""
            for ch in w:
                if self._is_punct(ch):
                    if cur:
                        out.append(cur)
                    out.append(ch)
                    cur = ""
                else:
                    cur += ch
            if cur:
                out.append(cur)
        return out

    def wordpiece(self, word):
        if len(word) > 100:
            return ["[UNK]"]
        out, start = [], 0
        while start < len(word):
            end = len(word)
            piece = None
            while start < end:
                sub = word[start:end] if start == 0 else "##" + word[start:end]
                if sub in self.ids:
                    piece = sub
                    break
                end -= 1
            if piece is None:
                return ["[UNK]"]
            out.append(piece)
            start = end
        return out

    def tokenize(self, text):
        return [p for w in self.basic(text) for p in self.wordpiece(w)]

    def convert(self, toks):
        return [self.ids[t] for t in toks]


# ---------------------------------------------------------------------------- dataset
def parse_sentence(line):
    words, phrases, cur = [], [], None
    for tok in line.split():
        if tok.startswith("["):
            parts = tok[1:].split("/")
            cur = {"first_word_index": len(words), "chain": parts[1][3:], "types": parts[2:], "words": []}
            continue
        if cur is not None:
            if tok.endswith("]"):
                tok = tok[:-1]
                cur["words"].append(tok)
                words.append(tok)
                cur["phrase"] = " ".join(cur.pop("words"))
                phrases.append(cur)
                cur = None
                continue
            cur["words"].append(tok)
        words.append(tok)
    return " ".join(words), phrases


def parse_annotation(path):
    root = ET.parse(path).getroot()
    boxes = {}
    for obj in root.findall("object"):
        bb = obj.find("bndbox")
        for name in obj.findall("name"):
            if bb is not None:
                b = [int(bb.find(k).text) - 1 for k in ("xmin", "ymin", "xmax", "ymax")]
                boxes.setdefault(name.text, []).append(b)
    return boxes


class Dataset:
    def __init__(self, root):
        self.root = root
        with open(os.path.join(root, "dataset.json")) as f:
            meta = json.load(f)
        assert meta["format"] == "xmodal-dataset/1"
        with open(os.path.join(root, meta.get("split", "val.txt"))) as f:
            self.ids = [int(x) for x in f.read().split()]
        fdir = os.path.join(root, meta.get("features", "features"))
        with open(os.path.join(fdir, "manifest.json")) as f:
            man = json.load(f)
        n, r, d, c = man["numImages"], man["numRegions"], man["featureSize"], man["numClasses"]
        self.R, self.D, self.C = r, d, c
        with open(os.path.join(fdir, "images.tsv")) as f:
            rows = [line.split("\t") for line in f.read().splitlines()[1:]]
        self.index = {int(x[0]): i for i, x in enumerate(rows)}
        self.hw = {int(x[0]): (int(x[1]), int(x[2])) for x in rows}
        self.boxes = np.fromfile(os.path.join(fdir, "boxes.f32"), "<f4").reshape(n, r, 4)
        self.feats = np.fromfile(os.path.join(fdir, "features.f32"), "<f4").reshape(n, r, d)
        self.probs = np.fromfile(os.path.join(fdir, "cls_prob.f32"), "<f4").reshape(n, r, c)
        self.entries = []
        for img in self.ids:
            gold = parse_annotation(os.path.join(root, meta.get("annotations", "Annotations"), "%d.xml" % img))
            with open(os.path.join(root, meta.get("sentences", "Sentences"), "%d.txt" % img),
                      encoding="utf-8") as f:
                for line in f.read().split("\n"):
                    if not line.strip():
                        continue
                    sent, phrases = parse_sentence(line)
                    for p in phrases:
                        if p["chain"] in gold:
                            self.entries.append(dict(image=img, sentence=sent, phrase=p["phrase"],
                                                     first_word_index=p["first_word_index"],
                                                     chain=int(p["chain"]), refs=gold[p["chain"]]))

    def image(self, img):
        i = self.index[img]
        return self.boxes[i], self.feats[i], self.probs[i], self.hw[img]


# ---------------------------------------------------------------------------- examples
def encode(tok, entry):
    """Token ids, phrase span (start, end) in caption subwords, per spec §1.4."""
    sent = entry["sentence"]
    words = sent.lower().split()
    sub = tok.tokenize(sent)
    subphrase = tok.tokenize(entry["phrase"])
    first, w, acc = {}, 0, ""
    for j, t in enumerate(sub):
        piece = t.lstrip("#")
        if acc == "":
            first[w] = j
        acc += piece
        if w < len(words) and acc == words[w]:
            acc = ""
            w += 1
    start = first[entry["first_word_index"]]
    end = start
    masked = []
    while end < len(sub):
        masked.append(sub[end])
        end += 1
        if masked == subphrase:
            break
    return tok.convert(sub), start, end


def overlaps(det, refs):
    """IoT and IoU of every detector box with every gold box, float32, +1-pixel areas (spec §1.3)."""
    det = det.astype(np.float32)
    g = np.asarray(refs, dtype=np.float32)
    one = np.float32(1)
    iw = np.minimum(det[:, None, 2], g[None, :, 2]) - np.maximum(det[:, None, 0], g[None, :, 0]) + one
    ih = np.minimum(det[:, None, 3], g[None, :, 3]) - np.maximum(det[:, None, 1], g[None, :, 1]) + one
    inter = np.maximum(iw, 0) * np.maximum(ih, 0)
    ga = (g[:, 2] - g[:, 0] + one) * (g[:, 3] - g[:, 1] + one)
    da = (det[:, 2] - det[:, 0] + one) * (det[:, 3] - det[:, 1] + one)
    iot = inter / ga[None, :]
    iou = inter / (da[:, None] + ga[None, :] - inter)
    return iot, iou


def locations(boxes, hw, k):
    h, w = hw
    b = boxes.astype(np.float32)
    loc = np.stack([b[:, 0] / w, b[:, 1] / h, b[:, 2] / w, b[:, 3] / h,
                    (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1]) / (w * h)], 1).astype(np.float32)
    return loc[:, :k]


def pad_text(tok, ids):
    ids = ids[:MAX_SUB]
    full = [tok.cls] + ids + [tok.sep]
    return full + [0] * (MAX_LEN - len(full)), [1] * len(full) + [0] * (MAX_LEN - len(full))
