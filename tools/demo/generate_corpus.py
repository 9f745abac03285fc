#!/usr/bin/python3
"""Synthetic Flickr30k-Entities-style corpus for the xmodal demo.

Writes an evaluation dataset and a disjoint training dataset in the layout of docs/formats.md,
plus the BERT-style WordPiece tokenizer (tokenizer.json, vocab.txt) that covers both.

The world is built so that cross-modal ablation has something to find: colour words and the identity
of objects named after ambiguous verbs can only be recovered from the aligned regions, while other
words are predictable from the caption alone.
"""
import argparse
import json
import os
import shutil
import unicodedata

import numpy as np

R = 16
D = 32

PEOPLE = ["man", "woman", "boy", "girl"]
ANIMALS = ["dog", "cat", "horse", "bird", "cow", "sheep"]
VEHICLES = ["car", "bus", "truck", "boat", "train", "motorcycle", "bike"]
CLOTHING = ["shirt", "jacket", "hat", "dress", "coat", "helmet"]
OTHER = ["ball", "frisbee", "kite", "umbrella", "bag", "guitar", "drum", "skateboard",
         "surfboard", "bench", "table", "chair", "book"]
BODY = ["hand", "hair"]
SCENE_OBJ = ["tree", "building"]
CLASSES = PEOPLE + ANIMALS + VEHICLES + CLOTHING + OTHER + BODY + SCENE_OBJ
assert len(CLASSES) == 40
CID = {c: i + 1 for i, c in enumerate(CLASSES)}  # index 0 is __background__
GROUPS = [PEOPLE, ANIMALS, VEHICLES, CLOTHING, OTHER, BODY, SCENE_OBJ]

COLOURS = ["red", "blue", "green", "yellow", "black", "white", "brown", "orange", "pink", "gray", "purple"]
SCENES = ["park", "street", "beach", "field", "city", "yard", "road", "lake"]

PLURAL = {"man": "men", "woman": "women", "boy": "boys", "girl": "girls", "dog": "dogs", "cat": "cats",
          "horse": "horses", "bird": "birds", "cow": "cows", "sheep": "sheep"}

# Words that the vocabulary deliberately lacks as whole words, so WordPiece has to split them.
SPLIT_WORDS = {
    "skateboarder": ["skate", "##board", "##er"],
    "skateboard": ["skate", "##board"],
    "surfboard": ["surf", "##board"],
    "surfer": ["surf", "##er"],
    "firefighter": ["fire", "##fighter"],
}
# Words that must come out as [UNK]: no vocabulary entry may be a prefix of them.
OOV_WORDS = ["Qatar", "Xalapa", "Zanzibar"]
# Filler that makes a caption run past 36 subwords after its last phrase.
LONG_TAILS = [
    "on a sunny afternoon while many people walk past and the children laugh loudly near the old fountain "
    "in the middle of the square",
    "as the people in the background watch and cheer for a long time before the sun goes down over the hills "
    "behind the small town",
    "during a warm summer day with a few clouds in the sky and a light wind that moves the leaves of the trees",
]


def box_iou(a, b):
    iw = min(a[2], b[2]) - max(a[0], b[0]) + 1
    ih = min(a[3], b[3]) - max(a[1], b[1]) + 1
    if iw <= 0 or ih <= 0:
        return 0.0
    inter = iw * ih
    aa = (a[2] - a[0] + 1) * (a[3] - a[1] + 1)
    ab = (b[2] - b[0] + 1) * (b[3] - b[1] + 1)
    return inter / (aa + ab - inter)


class World:
    """Fixed embeddings shared by every image, so features mean the same thing in train and eval."""

    def __init__(self, rng):
        self.cls_emb = rng.normal(0, 1, (len(CLASSES) + 1, D))
        self.col_emb = rng.normal(0, 1, (len(COLOURS), D))
        self.scene_emb = rng.normal(0, 0.6, (len(SCENES), D))
        self.bg_emb = rng.normal(0, 0.6, D)
        # A confusable neighbour per class gives the detector realistic second guesses.
        self.partner = {}
        for g in GROUPS:
            for c in g:
                others = [o for o in g if o != c]
                self.partner[CID[c]] = CID[others[rng.integers(len(others))]]


class Builder:
    def __init__(self, rng, world, first_chain):
        self.rng = rng
        self.world = world
        self.next_chain = first_chain

    def chain(self):
        self.next_chain += 1
        return self.next_chain

    def pick(self, seq):
        return seq[self.rng.integers(len(seq))]

    def box(self, w, h, fw, fh, inside=None):
        rng = self.rng
        if inside is None:
            bw = max(12, int(w * rng.uniform(*fw)))
            bh = max(12, int(h * rng.uniform(*fh)))
            x1 = int(rng.integers(0, max(1, w - bw)))
            y1 = int(rng.integers(0, max(1, h - bh)))
        else:
            px1, py1, px2, py2 = inside
            pw, ph = px2 - px1 + 1, py2 - py1 + 1
            bw = max(8, int(pw * rng.uniform(*fw)))
            bh = max(8, int(ph * rng.uniform(*fh)))
            x1 = px1 + int(rng.integers(0, max(1, pw - bw)))
            y1 = py1 + int(ph * rng.uniform(0.0, 0.2)) if fh[1] > 0.3 else py1
        x2 = min(w - 1, x1 + bw - 1)
        y2 = min(h - 1, y1 + bh - 1)
        return [x1, y1, x2, y2]

    # -------------------------------------------------------------------- scenes
    def image(self):
        rng = self.rng
        w = int(rng.integers(300, 641))
        h = int(rng.integers(300, 641))
        objs = []        # dicts: cls, colour, box, names (chain ids)
        extra = []       # XML objects without a box: (chain, kind)
        scene = self.pick(SCENES)
        kind = rng.choice(["person", "animal", "vehicle"], p=[0.5, 0.3, 0.2])
        caps = getattr(self, "_" + kind)(w, h, objs, extra, scene)
        return dict(w=w, h=h, objs=objs, extra=extra, scene=scene, captions=caps)

    def obj(self, objs, cls, box, names, colour=None):
        if colour is None:
            colour = int(self.rng.integers(len(COLOURS)))
        o = dict(cls=CID[cls], colour=colour, box=box, names=list(names))
        objs.append(o)
        return o

    def scene_phrase(self, extra, scene):
        c = self.chain()
        extra.append((c, "scene"))
        return "[/EN#%d/scene the %s]" % (c, scene)

    def tail(self):
        """Text after the last phrase; the only place where the reconstruction may break."""
        rng = self.rng
        u = rng.random()
        if u < 0.05:
            return " wearing number #%d ." % int(rng.integers(1, 30))
        if u < 0.09:
            return " in %s ." % self.pick(OOV_WORDS)
        if u < 0.12:
            return " " + self.pick(LONG_TAILS) + " ."
        return " ."

    def _person(self, w, h, objs, extra, scene):
        rng = self.pick
        r = self.rng
        group = r.random() < 0.12
        pcls = rng(PEOPLE)
        pchain = self.chain()
        pbox = self.box(w, h, (0.2, 0.45), (0.5, 0.9))
        person = self.obj(objs, pcls, pbox, [pchain])
        if group:
            self.obj(objs, pcls, self.box(w, h, (0.2, 0.4), (0.5, 0.9)), [pchain], person["colour"])
        ccls = rng(CLOTHING)
        cchain = self.chain()
        if ccls in ("hat", "helmet"):
            cbox = self.box(w, h, (0.4, 0.7), (0.1, 0.18), inside=pbox)
        elif ccls == "dress":
            cbox = self.box(w, h, (0.7, 1.0), (0.45, 0.7), inside=pbox)
        else:
            cbox = self.box(w, h, (0.7, 1.0), (0.3, 0.45), inside=pbox)
        cloth = self.obj(objs, ccls, cbox, [cchain])
        ocls = rng(["ball", "frisbee", "kite", "umbrella", "bag", "guitar", "drum", "skateboard",
                    "surfboard", "bike", "book"])
        ochain = self.chain()
        obox = self.box(w, h, (0.1, 0.3), (0.1, 0.3)) if ocls != "bike" else self.box(w, h, (0.3, 0.5), (0.3, 0.5))
        thing = self.obj(objs, ocls, obox, [ochain])
        # An alternative name for the person shares the person's box: one <object> with two <name>s.
        alt = None
        if not group and (ocls in ("skateboard", "surfboard") or ccls == "helmet") and r.random() < 0.7:
            alt = self.chain()
            person["names"].append(alt)
            alt_word = {"skateboard": "skateboarder", "surfboard": "surfer"}.get(ocls, "firefighter")
        hand = None
        if not group and r.random() < 0.15:
            hand = self.obj(objs, "hand", self.box(w, h, (0.15, 0.3), (0.06, 0.1), inside=pbox), [self.chain()])
        sceneobj = None
        if r.random() < 0.15:
            scls = rng(SCENE_OBJ)
            sceneobj = self.obj(objs, scls, self.box(w, h, (0.3, 0.6), (0.4, 0.8)), [self.chain()])
        crowd = None
        if r.random() < 0.15:
            crowd = self.chain()
            extra.append((crowd, "nobox"))
        vehscene = None
        if r.random() < 0.08:
            vcls = rng(["train", "bus"])
            vehscene = self.obj(objs, vcls, self.box(w, h, (0.6, 0.95), (0.5, 0.8)), [self.chain()])
        scene_ph = self.scene_phrase(extra, scene)

        pron = "his" if pcls in ("man", "boy") else "her"
        verbs = {"ball": ["throws", "kicks", "catches"], "frisbee": ["throws", "catches"], "kite": ["flies"],
                 "umbrella": ["holds", "opens"], "bag": ["carries"], "guitar": ["strums", "plays"],
                 "drum": ["plays", "beats"], "skateboard": ["rides"], "surfboard": ["carries", "rides"],
                 "bike": ["rides", "pushes"], "book": ["reads"]}

        def P(cap=True, allow_alt=True):
            if group:
                txt = "two %s" % PLURAL[pcls]
                if r.random() < 0.3:
                    txt = "two people"
            elif alt is not None and allow_alt and r.random() < 0.4:
                return "[/EN#%d/people %s %s]" % (alt, "An" if alt_word[0] in "aeiou" else "A", alt_word) \
                    if cap else "[/EN#%d/people the %s]" % (alt, alt_word)
            else:
                u = r.random()
                txt = "a person" if u < 0.2 else ("a young " + pcls if u < 0.4 else "a " + pcls)
                if u > 0.85:
                    txt = "an older " + pcls
            if cap:
                txt = txt[0].upper() + txt[1:]
            return "[/EN#%d/people %s]" % (pchain, txt)

        def C():
            noun = ccls
            if ccls == "shirt" and r.random() < 0.4:
                noun = "t-shirt"
            if r.random() < 0.85:
                col = COLOURS[cloth["colour"]]
                return "[/EN#%d/clothing %s %s %s]" % (cchain, "an" if col[0] in "aeiou" else "a", col, noun)
            return "[/EN#%d/clothing a %s]" % (cchain, noun)

        def O():
            det = "an" if ocls[0] in "aeiou" else "a"
            if r.random() < 0.75:
                col = COLOURS[thing["colour"]]
                det = "an" if col[0] in "aeiou" else "a"
                return "[/EN#%d/other %s %s %s]" % (ochain, det, col, ocls)
            return "[/EN#%d/other %s %s]" % (ochain, det, ocls)

        def V():
            return rng(verbs[ocls]) if r.random() < 0.5 else rng(["holds", "has", "grabs"])

        caps = []
        for k in range(5):
            t = r.integers(0, 8)
            if t == 0:
                s = "%s in %s %s %s in %s" % (P(), C(), V(), O(), scene_ph) + self.tail()
            elif t == 1:
                s = "%s wearing %s %s %s" % (P(), C(), V(), O()) + self.tail()
            elif t == 2:
                s = "%s %s %s while wearing %s" % (P(), V(), O(), C()) + self.tail()
            elif t == 3:
                s = "%s , in %s , stands in %s with %s" % (P(), C(), scene_ph, O()) + self.tail()
            elif t == 4:
                s = "%s holds %s and looks at [/EN#0/notvisual it] ." % (P(), O())
            elif t == 5 and hand is not None:
                s = "%s raises [/EN#%d/bodyparts %s hand] next to %s ." % (P(), hand["names"][0], pron, O())
            elif t == 5 and crowd is not None:
                s = "%s %s %s as [/EN#%d/people a crowd] watches ." % (P(), V(), O(), crowd)
            elif t == 6 and sceneobj is not None:
                s = "%s in %s stands near [/EN#%d/scene a %s]" % (P(), C(), sceneobj["names"][0],
                                                               CLASSES[sceneobj["cls"] - 1]) + self.tail()
            elif t == 6 and vehscene is not None:
                s = "%s in %s waits for [/EN#%d/vehicles/scene the %s] ." % (
                    P(), C(), vehscene["names"][0], CLASSES[vehscene["cls"] - 1])
            elif t == 7 and r.random() < 0.3:
                s = "%s in %s sits outside [/EN#%d/scene a café] ." % (P(), C(), self._cafe(w, h, objs))
            else:
                s = "%s with %s is in %s" % (P(), O(), scene_ph) + self.tail()
            caps.append(s)
        return caps

    def _cafe(self, w, h, objs):
        c = self.chain()
        self.obj(objs, "building", self.box(w, h, (0.4, 0.7), (0.4, 0.7)), [c])
        return c

    def _animal(self, w, h, objs, extra, scene):
        r = self.rng
        acls = self.pick(ANIMALS)
        group = r.random() < 0.15
        achain = self.chain()
        abox = self.box(w, h, (0.25, 0.5), (0.2, 0.45))
        an = self.obj(objs, acls, abox, [achain], int(r.choice([4, 5, 6, 9, 7])))
        if group:
            self.obj(objs, acls, self.box(w, h, (0.25, 0.5), (0.2, 0.45)), [achain], an["colour"])
        pcls = self.pick(PEOPLE)
        pchain = self.chain()
        self.obj(objs, pcls, self.box(w, h, (0.2, 0.4), (0.5, 0.9)), [pchain])
        ocls = {"dog": ["ball", "frisbee"], "cat": ["table", "chair", "bench"], "horse": ["bench", "tree"],
                "bird": ["tree", "bench"], "cow": ["tree", "building"], "sheep": ["tree", "building"]}[acls]
        ocls = self.pick(ocls)
        ochain = self.chain()
        thing = self.obj(objs, ocls, self.box(w, h, (0.1, 0.4), (0.1, 0.4)), [ochain])
        scene_ph = self.scene_phrase(extra, scene)
        verbs = {"dog": ["barks", "runs"], "cat": ["sleeps", "meows"], "horse": ["gallops"],
                 "bird": ["sings", "perches"], "cow": ["grazes", "moos"], "sheep": ["grazes"]}
        otype = "scene" if ocls in SCENE_OBJ else "other"

        def A(cap=True):
            if group:
                txt = "two %s %s" % (COLOURS[an["colour"]], PLURAL[acls]) if r.random() < 0.6 \
                    else "two %s" % PLURAL[acls]
                if r.random() < 0.2:
                    txt = "two animals"
            else:
                u = r.random()
                txt = "a %s %s" % (COLOURS[an["colour"]], acls) if u < 0.6 else (
                    "an animal" if u < 0.75 else "a " + acls)
            if cap:
                txt = txt[0].upper() + txt[1:]
            return "[/EN#%d/animals %s]" % (achain, txt)

        def Pp(cap=False):
            txt = self.pick(["a " + pcls, "a person", "a young " + pcls])
            if cap:
                txt = txt[0].upper() + txt[1:]
            return "[/EN#%d/people %s]" % (pchain, txt)

        def O():
            if r.random() < 0.6:
                col = COLOURS[thing["colour"]]
                return "[/EN#%d/%s %s %s %s]" % (ochain, otype, "an" if col[0] in "aeiou" else "a", col, ocls)
            return "[/EN#%d/%s a %s]" % (ochain, otype, ocls)

        def V():
            return self.pick(verbs[acls]) if r.random() < 0.6 else self.pick(["stands", "waits"])

        caps = []
        for k in range(5):
            t = r.integers(0, 5)
            if t == 0:
                s = "%s %s near %s" % (A(), V(), O()) + self.tail()
            elif t == 1:
                s = "%s %s next to %s in %s ." % (A(), V(), Pp(), scene_ph)
            elif t == 2:
                s = "%s watches %s near %s" % (Pp(True), A(False), O()) + self.tail()
            elif t == 3:
                s = "%s %s in %s and %s looks at [/EN#0/notvisual it] ." % (A(), V(), scene_ph, Pp())
            else:
                s = "%s %s while %s stands by %s" % (A(), V(), Pp(), O()) + self.tail()
            caps.append(s)
        return caps

    def _vehicle(self, w, h, objs, extra, scene):
        r = self.rng
        vcls = self.pick(["car", "bus", "truck", "boat", "motorcycle", "bike", "train"])
        vchain = self.chain()
        vbox = self.box(w, h, (0.4, 0.8), (0.3, 0.6))
        veh = self.obj(objs, vcls, vbox, [vchain])
        pcls = self.pick(PEOPLE)
        pchain = self.chain()
        self.obj(objs, pcls, self.box(w, h, (0.15, 0.3), (0.4, 0.8)), [pchain])
        ccls = self.pick(["jacket", "coat", "hat", "shirt"])
        cchain = self.chain()
        cloth = self.obj(objs, ccls, self.box(w, h, (0.1, 0.2), (0.1, 0.25)), [cchain])
        scene_ph = self.scene_phrase(extra, "water" if vcls == "boat" else scene)
        verbs = {"car": ["drives", "parks"], "bus": ["drives", "boards"], "truck": ["drives", "loads"],
                 "boat": ["sails", "rows"], "motorcycle": ["rides"], "bike": ["rides", "pedals"],
                 "train": ["boards"]}
        vtype = "vehicles/scene" if vcls == "train" and r.random() < 0.5 else "vehicles"

        def Vh(cap=False):
            txt = "a " + vcls
            if r.random() < 0.7:
                col = COLOURS[veh["colour"]]
                txt = "%s %s %s" % ("an" if col[0] in "aeiou" else "a", col, vcls)
            if cap:
                txt = txt[0].upper() + txt[1:]
            return "[/EN#%d/%s %s]" % (vchain, vtype, txt)

        def Pp(cap=True):
            txt = self.pick(["a " + pcls, "a person", "a young " + pcls])
            if cap:
                txt = txt[0].upper() + txt[1:]
            return "[/EN#%d/people %s]" % (pchain, txt)

        def C():
            col = COLOURS[cloth["colour"]]
            return "[/EN#%d/clothing %s %s %s]" % (cchain, "an" if col[0] in "aeiou" else "a", col, ccls)

        def V():
            return self.pick(verbs[vcls]) if r.random() < 0.5 else self.pick(["uses", "waits near", "looks at"])

        caps = []
        for k in range(5):
            t = r.integers(0, 4)
            if t == 0:
                s = "%s in %s %s %s" % (Pp(), C(), V(), Vh()) + self.tail()
            elif t == 1:
                s = "%s %s %s in %s ." % (Pp(), V(), Vh(), scene_ph)
            elif t == 2:
                s = "%s is parked near %s wearing %s" % (Vh(True), Pp(False), C()) + self.tail()
            else:
                s = "%s wearing %s stands next to %s" % (Pp(), C(), Vh()) + self.tail()
            caps.append(s)
        return caps

    # -------------------------------------------------------------------- detector
    def detector(self, img):
        rng = self.rng
        w, h = img["w"], img["h"]
        golds = [o for o in img["objs"]]
        per = 3 if len(golds) <= 4 else 2
        boxes = []
        for o in golds:
            x1, y1, x2, y2 = o["box"]
            bw, bh = x2 - x1 + 1, y2 - y1 + 1
            for k in range(per):
                # Proposals range from tight to loose/partial so IoT with the gold box spans 0..1.
                s = [rng.uniform(0.85, 1.15), rng.uniform(0.6, 1.4), rng.uniform(0.3, 1.8)][k]
                jit = [0.08, 0.3, 0.7][k]
                cx = (x1 + x2) / 2 + rng.uniform(-jit, jit) * bw
                cy = (y1 + y2) / 2 + rng.uniform(-jit, jit) * bh
                nw = bw * s * rng.uniform(0.85, 1.15)
                nh = bh * s * rng.uniform(0.85, 1.15)
                boxes.append(self.clip([cx - nw / 2, cy - nh / 2, cx + nw / 2, cy + nh / 2], w, h))
        boxes = boxes[:R - 3]
        boxes.append(self.clip([rng.uniform(0, 0.05) * w, rng.uniform(0, 0.05) * h,
                                (1 - rng.uniform(0, 0.05)) * w, (1 - rng.uniform(0, 0.05)) * h], w, h))
        while len(boxes) < R:
            bw, bh = rng.uniform(0.1, 0.6) * w, rng.uniform(0.1, 0.6) * h
            x, y = rng.uniform(0, w - bw), rng.uniform(0, h - bh)
            boxes.append(self.clip([x, y, x + bw, y + bh], w, h))
        order = rng.permutation(R)
        boxes = np.array(boxes, dtype=np.float32)[order]

        world = self.world
        feats = np.zeros((R, D))
        probs = np.zeros((R, len(CLASSES) + 1))
        scene_vec = world.scene_emb[SCENES.index(img["scene"])] if img["scene"] in SCENES else world.bg_emb
        for r_ in range(R):
            b = boxes[r_].tolist()
            ious = [box_iou(b, o["box"]) for o in golds]
            f = np.zeros(D)
            tot = 0.0
            logit = rng.normal(-3.0, 0.7, len(CLASSES) + 1)
            for o, u in zip(golds, ious):
                if u <= 0:
                    continue
                wgt = min(1.0, 1.3 * u)
                f += wgt * (world.cls_emb[o["cls"]] + 0.9 * world.col_emb[o["colour"]])
                tot += wgt
                logit[o["cls"]] = max(logit[o["cls"]], 9.0 * u)
                p = world.partner[o["cls"]]
                logit[p] = max(logit[p], 5.0 * u + rng.normal(0, 0.5))
            m = max(ious) if ious else 0.0
            logit[0] = 5.0 * (1 - m) + rng.normal(0, 0.5)
            f += max(0.0, 1.0 - tot) * (scene_vec + world.bg_emb)
            f += rng.normal(0, 0.35, D)
            feats[r_] = f
            p = np.exp(logit - logit.max())
            p /= p.sum()
            p[p < 2e-4] = 0.0  # exact zeros exercise the 0*log0 convention
            probs[r_] = p / p.sum()
        return boxes, feats.astype(np.float32), probs.astype(np.float32)

    @staticmethod
    def clip(b, w, h):
        x1 = min(max(0.0, b[0]), w - 2.0)
        y1 = min(max(0.0, b[1]), h - 2.0)
        x2 = min(max(x1 + 1.0, b[2]), w - 1.0)
        y2 = min(max(y1 + 1.0, b[3]), h - 1.0)
        return [round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2)]


def annotation_xml(img_id, img):
    out = ["<annotation>", "<filename>%d.jpg</filename>" % img_id, "<size>",
           "\t<width>%d</width>" % img["w"], "\t<height>%d</height>" % img["h"], "\t<depth>3</depth>",
           "</size>", "<segmented>0</segmented>"]
    for o in img["objs"]:
        out.append("<object>")
        for n in o["names"]:
            out.append("\t<name>%d</name>" % n)
        x1, y1, x2, y2 = o["box"]
        out += ["\t<bndbox>", "\t\t<xmin>%d</xmin>" % (x1 + 1), "\t\t<ymin>%d</ymin>" % (y1 + 1),
                "\t\t<xmax>%d</xmax>" % (x2 + 1), "\t\t<ymax>%d</ymax>" % (y2 + 1), "\t</bndbox>", "</object>"]
    for chain, kind in img["extra"]:
        out += ["<object>", "\t<name>%d</name>" % chain,
                "\t<nobndbox>%d</nobndbox>" % (1 if kind == "nobox" else 0),
                "\t<scene>%d</scene>" % (1 if kind == "scene" else 0), "</object>"]
    out.append("</annotation>")
    return "\n".join(out) + "\n"


def write_dataset(out, name, ids, images, world):
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "Sentences"))
    os.makedirs(os.path.join(out, "Annotations"))
    os.makedirs(os.path.join(out, "features"))
    with open(os.path.join(out, "dataset.json"), "w") as f:
        json.dump({"format": "xmodal-dataset/1", "name": name, "split": "val.txt", "sentences": "Sentences",
                   "annotations": "Annotations", "classes": "objects_vocab.txt", "features": "features",
                   "maxSeqLength": 38}, f, indent=2)
        f.write("\n")
    with open(os.path.join(out, "val.txt"), "w") as f:
        f.write("".join("%d\n" % i for i in ids))
    with open(os.path.join(out, "objects_vocab.txt"), "w") as f:
        f.write("__background__\n" + "".join(c + "\n" for c in CLASSES))
    boxes, feats, probs = [], [], []
    tsv = ["image_id\theight\twidth"]
    for i, img in zip(ids, images):
        with open(os.path.join(out, "Sentences", "%d.txt" % i), "w", encoding="utf-8") as f:
            f.write("".join(c + "\n" for c in img["captions"]))
        with open(os.path.join(out, "Annotations", "%d.xml" % i), "w") as f:
            f.write(annotation_xml(i, img))
        tsv.append("%d\t%d\t%d" % (i, img["h"], img["w"]))
        boxes.append(img["det"][0])
        feats.append(img["det"][1])
        probs.append(img["det"][2])
    fdir = os.path.join(out, "features")
    with open(os.path.join(fdir, "images.tsv"), "w") as f:
        f.write("\n".join(tsv) + "\n")
    np.asarray(boxes, "<f4").tofile(os.path.join(fdir, "boxes.f32"))
    np.asarray(feats, "<f4").tofile(os.path.join(fdir, "features.f32"))
    np.asarray(probs, "<f4").tofile(os.path.join(fdir, "cls_prob.f32"))
    with open(os.path.join(fdir, "manifest.json"), "w") as f:
        json.dump({"format": "xmodal-features/1", "numImages": len(ids), "numRegions": R, "featureSize": D,
                   "numClasses": len(CLASSES) + 1}, f, indent=2)
        f.write("\n")


# ------------------------------------------------------------------------ vocabulary
PUNCT = [".", ",", "-", "#"]


def basic_words(text):
    """BERT basic tokenisation of one caption (lower-case, strip accents, split punctuation)."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    out = []
    for w in text.split():
        cur = ""
        for ch in w:
            if unicodedata.category(ch).startswith("P") or ch in "$+<=>^`|~":
                if cur:
                    out.append(cur)
                out.append(ch)
                cur = ""
            else:
                cur += ch
        if cur:
            out.append(cur)
    return out


def strip_markup(line):
    words = []
    for t in line.split():
        if t.startswith("["):
            continue
        words.append(t[:-1] if t.endswith("]") else t)
    return " ".join(words)


def build_vocab(captions):
    oov = {w.lower() for w in OOV_WORDS}
    words, pieces = set(), set()
    for c in captions:
        for w in basic_words(strip_markup(c)):
            if w in oov or w in PUNCT:
                continue
            if w in SPLIT_WORDS:
                pieces.update(SPLIT_WORDS[w])
            elif w.isdigit():
                continue
            else:
                words.add(w)
    for parts in SPLIT_WORDS.values():
        pieces.update(parts)
    words |= {p for p in pieces if not p.startswith("##")}
    words -= set(SPLIT_WORDS)
    cont = sorted(p for p in pieces if p.startswith("##"))
    digits = [str(d) for d in range(10)]
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + PUNCT + digits + sorted(words) + cont + \
        ["##" + d for d in digits]
    for o in oov:
        assert not any(o.startswith(v) for v in vocab if v[0] not in "[#"), o
    return vocab


def write_tokenizer(models_dir, vocab):
    os.makedirs(models_dir, exist_ok=True)
    with open(os.path.join(models_dir, "vocab.txt"), "w") as f:
        f.write("".join(v + "\n" for v in vocab))
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tok = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": i, "content": s, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True} for i, s in enumerate(specials)],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]},
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": {v: i for i, v in enumerate(vocab)}},
    }
    with open(os.path.join(models_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tok, f, indent=2, ensure_ascii=False)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--eval-out", required=True)
    ap.add_argument("--train-out", required=True)
    ap.add_argument("--models-out", default=None, help="where tokenizer.json and vocab.txt go")
    ap.add_argument("--eval-images", type=int, default=700)
    ap.add_argument("--train-images", type=int, default=3000)
    a = ap.parse_args()

    rng = np.random.default_rng(a.seed)
    world = World(rng)
    n = a.eval_images + a.train_images
    # Real Flickr ids run past 2**31, so some of these do too.
    ids = []
    seen = set()
    while len(ids) < n:
        i = int(rng.integers(1_000_000_000, 5_000_000_000))
        if i not in seen:
            seen.add(i)
            ids.append(i)
    eval_ids = [int(i) for i in ids[:a.eval_images]]
    train_ids = [int(i) for i in ids[a.eval_images:]]
    assert not set(eval_ids) & set(train_ids)
    builder = Builder(rng, world, first_chain=100)
    images = []
    for _ in range(n):
        img = builder.image()
        img["det"] = builder.detector(img)
        images.append(img)
    write_dataset(a.eval_out, "demo-val", eval_ids, images[:a.eval_images], world)
    write_dataset(a.train_out, "demo-train", train_ids, images[a.eval_images:], world)
    if a.models_out:
        vocab = build_vocab([c for img in images for c in img["captions"]])
        write_tokenizer(a.models_out, vocab)


if __name__ == "__main__":
    main()
