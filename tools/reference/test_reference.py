"""Unit tests of the reference's data conventions (spec 1.1, 1.3, 1.4, 8.17).

Run: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m unittest discover tools/reference
"""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference as ref  # noqa: E402

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "man", "in", "snow", "##board", "##er",
         "#", "1", "fan", ".", "cafe", ",", "the", "street", "dog", "##s", "it"]


def tokenizer():
    return ref.BertTokenizer({t: i for i, t in enumerate(VOCAB)})


class OverlapTest(unittest.TestCase):
    def test_plus_one_pixel_areas(self):
        # A 1-pixel region inside a 2x2-pixel gold box covers a quarter of it.
        self.assertEqual(ref.iot([[0, 0, 0, 0]], [[0, 0, 1, 1]])[0, 0], np.float32(0.25))
        # Identical boxes: IoU 1 although x2 - x1 = 0.
        self.assertEqual(ref.iou([[5, 5, 5, 5]], [[5, 5, 5, 5]])[0, 0], np.float32(1.0))

    def test_disjoint_boxes_clamp_to_zero(self):
        # Both extents negative: the product must be 0, not positive.
        self.assertEqual(ref.iot([[0, 0, 1, 1]], [[10, 10, 12, 12]])[0, 0], 0.0)

    def test_iot_uses_gold_area_iou_the_union(self):
        region, gold = [[0, 0, 9, 19]], [[0, 0, 9, 9]]  # region 200 px covers gold 100 px
        self.assertEqual(ref.iot(region, gold)[0, 0], np.float32(1.0))
        self.assertEqual(ref.iou(region, gold)[0, 0], np.float32(0.5))

    def test_strict_greater_than(self):
        region, gold = [[0, 0, 4, 9]], [[0, 0, 9, 9]]  # IoT exactly 50/100
        self.assertFalse(ref.aligned(region, gold, 0.5)[0])
        self.assertTrue(ref.aligned(region, gold, 0.4)[0])

    def test_float32_tie_at_point_one_is_not_ablated(self):
        # Gold 4x10 = 40 px, region 1x4 = 4 px inside it: IoT = 4/40 = float32(0.1).
        region, gold = [[0, 0, 0, 3]], [[0, 0, 3, 9]]
        value = ref.iot(region, gold)[0, 0]
        self.assertEqual(value, np.float32(0.1))
        self.assertGreater(float(value), 0.1)  # a double threshold would wrongly ablate it
        self.assertFalse(ref.aligned(region, gold, 0.1)[0])
        for k, thr in ((8, 0.2), (12, 0.3), (16, 0.4), (24, 0.6), (32, 0.8)):
            # k pixels of the 40: a 4-wide, k/4-tall region
            reg = [[0, 0, 3, k // 4 - 1]]
            self.assertEqual(ref.iot(reg, gold)[0, 0], np.float32(thr))
            self.assertFalse(ref.aligned(reg, gold, thr)[0], thr)

    def test_detector_float_boxes(self):
        # Fractional detector coordinates are used as stored (no rounding).
        v = ref.iot([[0.5, 0, 1.5, 0]], [[0, 0, 1, 0]])[0, 0]
        self.assertAlmostEqual(float(v), 1.5 / 2, places=6)

    def test_any_of_the_chains_boxes(self):
        regions = [[0, 0, 9, 9], [50, 50, 59, 59], [100, 100, 109, 109]]
        gold = [[0, 0, 9, 9], [50, 50, 59, 59]]
        self.assertEqual(ref.aligned(regions, gold, 0.5).tolist(), [True, True, False])

    def test_none_and_all_thresholds(self):
        regions = [[0, 0, 9, 9], [100, 100, 109, 109]]
        gold = [[0, 0, 9, 9]]
        self.assertEqual(ref.aligned(regions, gold, ref.vis4lang_threshold("none")).tolist(), [False, False])
        self.assertEqual(ref.aligned(regions, gold, ref.vis4lang_threshold("all")).tolist(), [True, True])

    def test_lang4vis_target_is_best_iou_first_on_ties(self):
        gold = [[0, 0, 9, 9]]
        regions = [[100, 100, 110, 110],  # not ablated
                   [0, 0, 9, 19],         # IoT 1, IoU 0.5
                   [0, 0, 9, 9],          # IoT 1, IoU 1
                   [0, 0, 9, 9]]          # a tie: the first one wins
        mask, target = ref.lang4vis_target(regions, gold)
        self.assertEqual(mask.tolist(), [False, True, True, True])
        self.assertEqual(target, 2)

    def test_lang4vis_no_target(self):
        mask, target = ref.lang4vis_target([[100, 100, 110, 110]], [[0, 0, 9, 9]])
        self.assertIsNone(target)


class TextTest(unittest.TestCase):
    def test_basic_tokenizer(self):
        self.assertEqual(ref.BertTokenizer.basic("A Café,\tthe\x00 street."),
                         ["a", "cafe", ",", "the", "street", "."])

    def test_wordpiece(self):
        tok = tokenizer()
        self.assertEqual(tok.tokenize("Snowboarder dogs"), ["snow", "##board", "##er", "dog", "##s"])
        self.assertEqual(tok.tokenize("xyz"), ["[UNK]"])
        self.assertEqual(tok.wordpiece("a" * 101), ["[UNK]"])

    def test_first_subword_map_with_continuation_pieces(self):
        words = "a snowboarder in a street".split()
        subwords = ["a", "snow", "##board", "##er", "in", "a", "street"]
        self.assertEqual(ref.first_subword_map(words, subwords), {0: 0, 1: 1, 2: 4, 3: 5, 4: 6})

    def test_first_subword_map_hash_word(self):
        # '#1' tokenises to '#', '1'; '#' strips to '' so the index is reassigned to '1', and the
        # reconstruction never matches '#1' again: later words get no entry.
        tok = tokenizer()
        sentence = "a #1 fan ."
        subwords = tok.tokenize(sentence)
        self.assertEqual(subwords, ["a", "#", "1", "fan", "."])
        first = ref.first_subword_map(sentence.lower().split(), subwords)
        self.assertEqual(first, {0: 0, 1: 2})
        entry = {"sentence": sentence, "phrase": "fan", "first_word_index": 2}
        with self.assertRaises(AssertionError):
            ref.build_text(entry, tok, 38)
        # A phrase before the break is fine.
        text = ref.build_text({"sentence": sentence, "phrase": "a", "first_word_index": 0}, tok, 38)
        self.assertEqual(text["phrase_positions"], [0])

    def test_phrase_mask_and_padding(self):
        tok = tokenizer()
        entry = {"sentence": "A snowboarder in the street .", "phrase": "A snowboarder", "first_word_index": 0}
        t = ref.build_text(entry, tok, 12)
        m, v = tok.mask, tok.vocab
        self.assertEqual(t["phrase"], [tok.cls, m, m, m, m, v["in"], v["the"], v["street"], v["."], tok.sep, 0, 0])
        self.assertEqual(t["labels"], [-1, v["a"], v["snow"], v["##board"], v["##er"]] + [-1] * 7)
        self.assertEqual(t["attention"], [1] * 10 + [0] * 2)
        self.assertEqual(t["all"], [tok.cls] + [m] * 8 + [tok.sep, 0, 0])

    def test_phrase_mask_stops_at_first_match(self):
        # The same word twice: only the occurrence at the phrase's first word is masked.
        self.assertEqual(ref.phrase_mask(["a", "dog", "a", "dog"], 2, ["a", "dog"]), [2, 3])

    def test_truncation(self):
        tok = tokenizer()
        entry = {"sentence": "a man in the street", "phrase": "the street", "first_word_index": 3}
        t = ref.build_text(entry, tok, 6)  # keeps 4 subwords: a man in the
        self.assertEqual(t["phrase"], [tok.cls, 5, 6, 7, tok.mask, tok.sep])
        self.assertEqual(t["labels"], [-1, -1, -1, -1, tok.vocab["the"], -1])


class ParserTest(unittest.TestCase):
    SENT = ("[/EN#197/people/other A man] in [/EN#0/notvisual it] walks [/EN#5/scene the street] .\n"
            "\n"
            "[/EN#9/animals dogs]\n")
    XML = """<annotation><size><width>100</width><height>50</height></size>
      <object><name>197</name><name>5</name><bndbox><xmin>53</xmin><ymin>45</ymin><xmax>110</xmax><ymax>203</ymax></bndbox></object>
      <object><name>197</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object>
      <object><name>9</name><nobndbox>1</nobndbox></object>
    </annotation>"""

    def test_sentences(self):
        s = ref.parse_sentences(self.SENT)
        self.assertEqual(len(s), 2)  # the empty line is skipped
        self.assertEqual(s[0]["sentence"], "A man in it walks the street .")
        self.assertEqual([(p["phrase"], p["first_word_index"], p["chain_id"], p["types"]) for p in s[0]["phrases"]],
                         [("A man", 0, "197", ["people", "other"]), ("it", 3, "0", ["notvisual"]),
                          ("the street", 5, "5", ["scene"])])
        self.assertEqual(s[1]["phrases"][0]["phrase"], "dogs")

    def test_annotations(self):
        boxes = ref.parse_annotations(self.XML)
        self.assertEqual(boxes, {"197": [[52, 44, 109, 202], [0, 0, 1, 1]], "5": [[52, 44, 109, 202]]})


class EndToEndTest(unittest.TestCase):
    """A two-image fixture corpus and a tiny scripted model exercise the whole pipeline."""

    @classmethod
    def setUpClass(cls):
        import json
        import tempfile
        import torch
        cls.tmp = tempfile.TemporaryDirectory()
        root = cls.tmp.name
        ds = os.path.join(root, "corpus")
        for d in ("Sentences", "Annotations", "features"):
            os.makedirs(os.path.join(ds, d))
        with open(os.path.join(ds, "dataset.json"), "w") as f:
            json.dump({"format": "xmodal-dataset/1", "name": "fixture", "maxSeqLength": 12}, f)
        images = [(11, 50, 100), (22, 60, 80)]
        with open(os.path.join(ds, "val.txt"), "w") as f:
            f.write("22\n11\n")
        with open(os.path.join(ds, "objects_vocab.txt"), "w") as f:
            f.write("__background__\nman\ndog\nstreet\nfan\n")
        sents = {11: "[/EN#1/people A man] in [/EN#2/scene the street] .\n[/EN#3/animals dogs] .\n",
                 22: "[/EN#4/people A snowboarder] in [/EN#0/notvisual it] .\n"}
        xml = {11: [("1", (1, 1, 20, 20)), ("2", (1, 1, 100, 50)), ("3", (40, 10, 60, 40))],
               22: [("4", (10, 10, 30, 30))]}
        for img, text in sents.items():
            with open(os.path.join(ds, "Sentences", "%d.txt" % img), "w") as f:
                f.write(text)
            with open(os.path.join(ds, "Annotations", "%d.xml" % img), "w") as f:
                f.write("<annotation>" + "".join(
                    "<object><name>%s</name><bndbox><xmin>%d</xmin><ymin>%d</ymin><xmax>%d</xmax>"
                    "<ymax>%d</ymax></bndbox></object>" % ((n,) + b) for n, b in xml[img]) + "</annotation>")
        rng = np.random.default_rng(0)
        R, D, C = 3, 4, 5
        boxes = np.array([[[0, 0, 19, 19], [0, 0, 99, 49], [39, 9, 59, 39]],
                          [[9, 9, 29, 29], [0, 0, 5, 5], [0, 0, 79, 59]]], dtype="<f4")
        feats = rng.random((2, R, D)).astype("<f4")
        cls_prob = rng.random((2, R, C)).astype("<f4")
        cls_prob[:, :, 2] = 0  # a zero class probability must contribute nothing
        cls_prob /= cls_prob.sum(-1, keepdims=True)
        fdir = os.path.join(ds, "features")
        with open(os.path.join(fdir, "manifest.json"), "w") as f:
            json.dump({"format": "xmodal-features/1", "numImages": 2, "numRegions": R,
                       "featureSize": D, "numClasses": C}, f)
        with open(os.path.join(fdir, "images.tsv"), "w") as f:
            f.write("image_id\theight\twidth\n" + "".join("%d\t%d\t%d\n" % i for i in images))
        boxes.tofile(os.path.join(fdir, "boxes.f32"))
        feats.tofile(os.path.join(fdir, "features.f32"))
        cls_prob.tofile(os.path.join(fdir, "cls_prob.f32"))
        cls.feats = feats

        class Tiny(torch.nn.Module):
            def __init__(self):
                super().__init__()
                torch.manual_seed(0)
                self.emb = torch.nn.Embedding(len(VOCAB), len(VOCAB))
                self.vis = torch.nn.Linear(D, len(VOCAB))
                self.cls = torch.nn.Linear(D, C)
                self.loc = torch.nn.Linear(5, C)

            def forward(self, input_ids, token_type_ids, attention_mask, image_feat, image_loc, image_mask):
                t = self.emb(input_ids) + self.vis(image_feat.mean(1)).unsqueeze(1)
                return t, self.cls(image_feat) + self.loc(image_loc)

        mdir = os.path.join(root, "models")
        os.makedirs(mdir)
        torch.jit.save(torch.jit.script(Tiny().eval()), os.path.join(mdir, "tiny.pt"))
        with open(os.path.join(mdir, "tokenizer.json"), "w") as f:
            json.dump({"model": {"type": "WordPiece", "vocab": {t: i for i, t in enumerate(VOCAB)}}}, f)
        with open(os.path.join(mdir, "tiny.json"), "w") as f:
            json.dump({"format": "xmodal-model/1", "name": "tiny", "family": "test", "globalImage": "first",
                       "featureSize": D, "numLocations": 5, "numClasses": C, "vocabSize": len(VOCAB),
                       "textOnly": False, "tokenizer": "tokenizer.json"}, f)
        cls.ds = ref.Dataset(ds)
        cls.model = ref.Model(os.path.join(mdir, "tiny.json"))
        cls.root = root

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_entries_in_split_order_without_notvisual(self):
        got = [(e["image_id"], e["sentence_index"], e["phrase"]) for e in self.ds.entries]
        self.assertEqual(got, [(22, 0, "A snowboarder"), (11, 0, "A man"), (11, 0, "the street"), (11, 1, "dogs")])

    def test_average_is_entry_weighted(self):
        avg = ref.vis4lang_average(self.ds, self.model)
        means = {0: self.feats[0].astype(np.float64).mean(0), 1: self.feats[1].astype(np.float64).mean(0)}
        want = (means[1] + 3 * means[0]) / 4  # image 22 (record 1) has one entry, image 11 three
        np.testing.assert_allclose(avg, want, rtol=1e-6)

    def test_visual_inputs(self):
        runner = ref.Runner(self.ds, self.model)
        ex = runner.examples[3]  # "dogs": region 2 is its gold box, region 1 the whole image
        self.assertEqual(ex["vis4lang_masks"]["object@0.5"].tolist(), [False, True, True])
        self.assertEqual(ex["target"], 2)
        avg = runner.avg()
        feats, locs = ref.vis4lang_inputs(self.ds, self.model, ex, "all", avg)
        self.assertEqual(feats.shape, (4, 4))
        np.testing.assert_array_equal(feats[1:], np.stack([avg] * 3))
        np.testing.assert_allclose(feats[0], avg, rtol=1e-6)
        np.testing.assert_array_equal(locs[0], [0, 0, 1, 1, 1])
        np.testing.assert_allclose(locs[1], [0, 0, 0.19, 0.38, 0.19 * 0.38], rtol=1e-6)
        feats, _ = ref.lang4vis_inputs(self.ds, self.model, ex)
        np.testing.assert_array_equal(feats[2:], 0)
        np.testing.assert_array_equal(feats[1], self.feats[0][0])
        np.testing.assert_array_equal(feats[0], ref.global_feature(self.feats[0]))

    def test_batching_does_not_change_values(self):
        r1 = ref.Runner(self.ds, self.model, batch_size=1)
        r3 = ref.Runner(self.ds, self.model, batch_size=3)
        idx = list(range(4))
        for direction, conds in (("vis4lang", ref.VIS4LANG_CONDITIONS), ("lang4vis", ref.LANG4VIS_CONDITIONS)):
            a = getattr(r1, direction)(conds, idx)
            b = getattr(r3, direction)(conds, idx)
            self.assertEqual(len(a), 4 * len(conds))
            for x, y in zip(a, b):
                self.assertEqual(x[:2], y[:2])
                if direction == "vis4lang":
                    self.assertAlmostEqual(x[2], y[2], places=6)
                    self.assertEqual(x[3], y[3])
                else:
                    self.assertEqual((x[2], x[5]), (y[2], y[5]))
                    self.assertAlmostEqual(x[3], y[3], places=6)
                    self.assertAlmostEqual(x[4], y[4], places=6)
        self.assertEqual(r1.forwards, 4 * 15)

    def test_mrc_metrics_closed_form(self):
        logits = np.array([0.5, -1.0, 2.0, 0.0, 1.0], dtype=np.float32)
        p = np.array([0.1, 0.6, 0.0, 0.3, 0.0], dtype=np.float32)
        kl, xe, pred = ref.mrc_metrics(logits, p)
        logq = logits.astype(np.float64) - np.log(np.exp(logits.astype(np.float64)).sum())
        want = sum(pc * (np.log(pc) - lq) for pc, lq in zip(p.astype(np.float64), logq) if pc > 0)
        self.assertAlmostEqual(kl, want, places=6)
        self.assertAlmostEqual(xe, -logq[1], places=6)  # 1 + argmax(p[1:]) = 1
        self.assertEqual(pred, 2)

    def test_cli_writes_tsv(self):
        import io
        from contextlib import redirect_stdout
        out = os.path.join(self.root, "out")
        with redirect_stdout(io.StringIO()) as buf:
            ref.main(["--dataset", self.ds.path, "--model", os.path.join(self.root, "models", "tiny.json"),
                      "--direction", "lang4vis", "--condition", "phrase", "--out", out])
        with open(os.path.join(out, "lang4vis.tsv")) as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[0].split("\t"), ref.LANG4VIS_HEADER)
        self.assertEqual(len(lines), 5)
        self.assertIn("forward passes: 1", buf.getvalue())

    def test_global_row_last_and_none(self):
        import copy
        runner = ref.Runner(self.ds, self.model)
        ex, avg = runner.examples[3], runner.avg()
        last = copy.copy(self.model)
        last.global_image, last.K = "last", 4
        feats, locs = ref.vis4lang_inputs(self.ds, last, ex, "object@0.5", avg)
        np.testing.assert_array_equal(feats[0], self.feats[0][0])
        np.testing.assert_array_equal(feats[1:3], np.stack([avg] * 2))
        np.testing.assert_allclose(feats[3], feats[:3].astype(np.float64).mean(0), rtol=1e-6)
        np.testing.assert_array_equal(locs[3], [0, 0, 1, 1])
        self.assertEqual(locs.shape, (4, 4))
        none = copy.copy(self.model)
        none.global_image = "none"
        feats, locs = ref.lang4vis_inputs(self.ds, none, ex)
        self.assertEqual((feats.shape, locs.shape), ((3, 4), (3, 5)))
        self.assertEqual(none.region_offset(), 0)


def write_corpus(root, max_len, images, sentences, gold, regions, seed=0):
    """A small corpus: images (id, height, width) in split order, sentences and gold {image: [(chain, box)]}
    as file text, regions [image][R][4] 0-based detector boxes; random features and class distributions."""
    import json
    for d in ("Sentences", "Annotations", "features"):
        os.makedirs(os.path.join(root, d))
    with open(os.path.join(root, "dataset.json"), "w") as f:
        json.dump({"format": "xmodal-dataset/1", "name": "fixture", "maxSeqLength": max_len}, f)
    with open(os.path.join(root, "val.txt"), "w") as f:
        f.write("".join("%d\n" % i for i, _, _ in images))
    with open(os.path.join(root, "objects_vocab.txt"), "w") as f:
        f.write("__background__\nman\ndog\nstreet\nfan\n")
    for img, text in sentences.items():
        with open(os.path.join(root, "Sentences", "%d.txt" % img), "w") as f:
            f.write(text)
        with open(os.path.join(root, "Annotations", "%d.xml" % img), "w") as f:
            f.write("<annotation>" + "".join(
                "<object><name>%s</name><bndbox><xmin>%d</xmin><ymin>%d</ymin><xmax>%d</xmax>"
                "<ymax>%d</ymax></bndbox></object>" % ((n,) + b) for n, b in gold[img]) + "</annotation>")
    rng = np.random.default_rng(seed)
    boxes = np.array(regions, dtype="<f4")
    n, R = boxes.shape[:2]
    D, C = 4, 5
    feats = rng.random((n, R, D)).astype("<f4")
    cls_prob = rng.random((n, R, C)).astype("<f4")
    cls_prob /= cls_prob.sum(-1, keepdims=True)
    fdir = os.path.join(root, "features")
    with open(os.path.join(fdir, "manifest.json"), "w") as f:
        json.dump({"format": "xmodal-features/1", "numImages": n, "numRegions": R, "featureSize": D,
                   "numClasses": C}, f)
    with open(os.path.join(fdir, "images.tsv"), "w") as f:
        f.write("image_id\theight\twidth\n" + "".join("%d\t%d\t%d\n" % i for i in images))
    boxes.tofile(os.path.join(fdir, "boxes.f32"))
    feats.tofile(os.path.join(fdir, "features.f32"))
    cls_prob.tofile(os.path.join(fdir, "cls_prob.f32"))


def write_model(root, name, module, features=4, classes=5):
    import json
    import torch
    os.makedirs(root, exist_ok=True)
    torch.jit.save(torch.jit.script(module.eval()), os.path.join(root, name + ".pt"))
    with open(os.path.join(root, "tokenizer.json"), "w") as f:
        json.dump({"model": {"type": "WordPiece", "vocab": {t: i for i, t in enumerate(VOCAB)}}}, f)
    with open(os.path.join(root, name + ".json"), "w") as f:
        json.dump({"format": "xmodal-model/1", "name": name, "family": "test", "globalImage": "first",
                   "featureSize": features, "numLocations": 5, "numClasses": classes, "vocabSize": len(VOCAB),
                   "textOnly": False, "tokenizer": "tokenizer.json"}, f)
    return os.path.join(root, name + ".json")


class UntargetedTest(unittest.TestCase):
    """Entries without a target (spec: vis4lang phrase beyond truncation, lang4vis no region at IoT > 0.5),
    with a model whose outputs depend on the whole batch, so that the batch each entry ran in shows."""

    @classmethod
    def setUpClass(cls):
        import tempfile
        import torch
        cls.tmp = tempfile.TemporaryDirectory()
        root = cls.tmp.name
        corpus = os.path.join(root, "corpus")
        # maxSeqLength 8 keeps 6 subwords: in the second caption of image 11 'a man' starts at subword 6
        # and 'the street' at 8, so neither has an MLM target; chain 5's box meets no detector region.
        write_corpus(
            corpus, 8, [(22, 60, 80), (11, 50, 100)],
            {22: "[/EN#4/people A snowboarder] in [/EN#5/animals a dog] .\n",
             11: "[/EN#1/people A man] in [/EN#2/scene the street] .\n"
                 "a man in the street . [/EN#1/people a man] in [/EN#2/scene the street] .\n"},
            {22: [("4", (10, 10, 30, 30)), ("5", (61, 1, 80, 20))],
             11: [("1", (1, 1, 20, 20)), ("2", (1, 1, 100, 50))]},
            [[[9, 9, 29, 29], [0, 0, 5, 5], [20, 30, 50, 59]],
             [[0, 0, 19, 19], [0, 0, 99, 49], [39, 9, 59, 39]]])

        class BatchMean(torch.nn.Module):
            """Every output also sees the mean of the whole batch's features and text embeddings."""

            def __init__(self):
                super().__init__()
                torch.manual_seed(0)
                self.emb = torch.nn.Embedding(len(VOCAB), len(VOCAB))
                self.vis = torch.nn.Linear(4, len(VOCAB))
                self.cls = torch.nn.Linear(4, 5)
                self.txt = torch.nn.Linear(len(VOCAB), 5)

            def forward(self, input_ids, token_type_ids, attention_mask, image_feat, image_loc, image_mask):
                e = self.emb(input_ids)
                t = e + self.vis(image_feat.mean(1) + image_feat.mean((0, 1))).unsqueeze(1)
                v = self.cls(image_feat + image_feat.mean((0, 1))) + self.txt(e.mean((0, 1)))
                return t, v

        cls.ds = ref.Dataset(corpus)
        cls.model = ref.Model(write_model(os.path.join(root, "models"), "batch-mean", BatchMean()))
        cls.root = root

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def runner(self, untargeted, batch_size=3):
        return ref.Runner(self.ds, self.model, batch_size=batch_size, untargeted=untargeted)

    def test_entries_and_targets(self):
        got = [(e["image_id"], e["sentence_index"], e["phrase"]) for e in self.ds.entries]
        self.assertEqual(got, [(22, 0, "A snowboarder"), (22, 0, "a dog"), (11, 0, "A man"), (11, 0, "the street"),
                               (11, 1, "a man"), (11, 1, "the street")])
        examples = self.runner("skip").examples
        self.assertEqual([ref.has_target(ex, "vis4lang") for ex in examples], [True] * 4 + [False] * 2)
        self.assertEqual([ref.has_target(ex, "lang4vis") for ex in examples], [True, False] + [True] * 4)

    def test_error_names_every_entry_of_the_direction(self):
        with self.assertRaises(ref.UntargetedError) as caught:
            self.runner("error").vis4lang(["none"], list(range(6)))
        message = str(caught.exception)
        self.assertIn("vis4lang: 2 of 6 entries", message)
        self.assertIn("entry 4 (image 11, phrase 'a man')", message)
        self.assertIn("entry 5 (image 11, phrase 'the street')", message)
        self.assertNotIn("entry 1 ", message)
        self.assertNotIn("\n", message)
        self.assertTrue(message.endswith("run with --untargeted skip to leave them out"), message)
        with self.assertRaises(ref.UntargetedError) as caught:
            self.runner("error").lang4vis(["none"], list(range(6)))
        self.assertIn("lang4vis: 1 of 6 entries", str(caught.exception))
        self.assertIn("entry 1 (image 22, phrase 'a dog')", str(caught.exception))
        # A range without untargeted entries runs under error.
        self.assertEqual(len(self.runner("error").vis4lang(["none"], [0, 1, 2, 3])), 4)

    def test_skip_is_per_direction(self):
        runner = self.runner("skip")
        v = runner.vis4lang(["none", "all"], list(range(6)))
        self.assertEqual([r[0] for r in v], [0, 0, 1, 1, 2, 2, 3, 3])
        self.assertEqual(runner.skipped["vis4lang"], [(4, "beyond_truncation"), (5, "beyond_truncation")])
        lv = runner.lang4vis(["phrase"], list(range(6)))
        self.assertEqual([r[0] for r in lv], [0, 2, 3, 4, 5])
        self.assertEqual(runner.skipped["lang4vis"], [(1, "no_aligned_region")])
        agg = ref.aggregates("lang4vis", lv, ["phrase"])
        self.assertEqual([a[2] for a in agg], [5, 5])

    def forward_block(self, direction, condition, block):
        """The outputs of one forward over the entries `block`, built independently of Runner."""
        runner = self.runner("skip")
        exs = [runner.examples[i] for i in block]
        key = {"none": "plain", "phrase": "phrase", "all": "all"}.get(condition, "phrase")
        ids = np.array([ex["text"][key if direction == "lang4vis" else "phrase"] for ex in exs], dtype=np.int64)
        att = np.array([ex["text"]["attention"] for ex in exs], dtype=np.int64)
        if direction == "vis4lang":
            vis = [ref.vis4lang_inputs(self.ds, self.model, ex, condition, runner.avg()) for ex in exs]
        else:
            vis = [ref.lang4vis_inputs(self.ds, self.model, ex) for ex in exs]
        return ref._forward(self.model, ids, att, np.stack([f for f, _ in vis]), np.stack([l for _, l in vis]))

    def test_skipped_entries_fill_their_batch(self):
        runner = self.runner("skip")
        # batches of 3: [0, 1, 2] and [3, 4, 5]; 4 and 5 fill the second vis4lang batch unscored
        v = {r[0]: r[2] for r in runner.vis4lang(["object@0.5"], list(range(6)))}
        t, _ = self.forward_block("vis4lang", "object@0.5", [3, 4, 5])
        want = ref.mlm_metrics(t[:1], [runner.examples[3]["text"]["labels"]])[0][0]
        self.assertAlmostEqual(v[3], want, places=6)
        t, _ = self.forward_block("vis4lang", "object@0.5", [3])
        alone = ref.mlm_metrics(t, [runner.examples[3]["text"]["labels"]])[0][0]
        self.assertGreater(abs(v[3] - alone), 1e-4)  # the filler changed the value: the check can fail
        # entry 1 fills the first lang4vis batch with its unablated image
        lv = {r[0]: r[3] for r in runner.lang4vis(["all"], list(range(6)))}
        _, out = self.forward_block("lang4vis", "all", [0, 1, 2])
        filler = runner.examples[1]
        feats, _ = ref.lang4vis_inputs(self.ds, self.model, filler)
        np.testing.assert_array_equal(feats[1:], self.ds.features.record(filler["entry"]["image_id"])[1])
        for b, i in ((0, 0), (2, 2)):
            ex = runner.examples[i]
            p = self.ds.features.record(ex["entry"]["image_id"])[2][ex["target"]]
            self.assertAlmostEqual(lv[i], ref.mrc_metrics(out[b, ex["target"] + 1], p)[0], places=6)
        _, out = self.forward_block("lang4vis", "all", [0, 2])
        ex = runner.examples[0]
        p = self.ds.features.record(ex["entry"]["image_id"])[2][ex["target"]]
        self.assertGreater(abs(lv[0] - ref.mrc_metrics(out[0, ex["target"] + 1], p)[0]), 1e-4)

    def test_batches_are_aligned_to_the_split(self):
        # Evaluating entries 1..2 still runs them in the batch [0, 1, 2], and entry 3 in [3, 4, 5].
        full = {r[0]: r[2] for r in self.runner("skip").vis4lang(["none"], list(range(6)))}
        part = self.runner("skip").vis4lang(["none"], [1, 2, 3])
        self.assertEqual([r[0] for r in part], [1, 2, 3])
        for r in part:
            self.assertEqual(r[2], full[r[0]])

    def test_cli_error_is_one_line(self):
        import io
        from contextlib import redirect_stderr, redirect_stdout
        args = ["--dataset", self.ds.path, "--model", os.path.join(self.root, "models", "batch-mean.json"),
                "--direction", "vis4lang", "--out", os.path.join(self.root, "out")]
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()) as err:
            rc = ref.main(args)
        self.assertEqual(rc, 2)
        self.assertEqual(err.getvalue().count("\n"), 1)
        self.assertIn("entry 4 (image 11", err.getvalue())
        with redirect_stdout(io.StringIO()) as out:
            self.assertEqual(ref.main(args + ["--untargeted", "skip"]), 0)
        self.assertIn("examples 4  skipped 2", out.getvalue())
        with open(os.path.join(self.root, "out", "vis4lang-skipped.tsv")) as f:
            self.assertEqual(f.read().splitlines(), ["\t".join(ref.SKIPPED_HEADER),
                                                     "4\t11\ta man\tvis4lang\tbeyond_truncation",
                                                     "5\t11\tthe street\tvis4lang\tbeyond_truncation"])


class UntargetedFixtureTest(unittest.TestCase):
    """The committed untargeted corpus holds the entries its golden README describes."""

    def test_fixture_corpus(self):
        repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        ds = ref.Dataset(os.path.join(repo, "src", "test", "resources", "corpora", "untargeted"))
        self.assertEqual(os.path.realpath(os.path.join(ds.path, ds.meta["features"])),
                         os.path.realpath(os.path.join(repo, "demo", "corpus", "features")))
        tok = ref.BertTokenizer.from_file(os.path.join(repo, "demo", "models", "tokenizer.json"))
        examples = ref.build_examples(ds, tok)
        self.assertEqual(len(examples), 168)
        missing = {d: [i for i, ex in enumerate(examples) if not ref.has_target(ex, d)]
                   for d in ("vis4lang", "lang4vis")}
        self.assertEqual(missing, {"vis4lang": [16, 17, 47], "lang4vis": [41, 45, 47, 151]})
        starts = {i: examples[i]["text"]["phrase_positions"][0] for i in (15, 16, 17, 47)}
        self.assertEqual(starts, {15: 34, 16: 38, 17: 42, 47: 36})
        self.assertEqual(sum(l != -1 for l in examples[15]["text"]["labels"]), 2)  # cut by truncation
        for i in missing["lang4vis"]:
            boxes, _, _, h, w = ds.features.record(examples[i]["entry"]["image_id"])
            gold = np.array(examples[i]["entry"]["ref_boxes"], dtype=np.float32)
            self.assertTrue((gold >= 0).all() and (gold[:, 2] <= w - 1).all() and (gold[:, 3] <= h - 1).all())
            self.assertGreater(float(ref.iot(boxes, gold).max()), 0.0)


if __name__ == "__main__":
    unittest.main()
