import contextlib
import importlib.util
import io
import json
import os
import types
import unittest

import torch

from tests.support import TempDirTestCase, use_volta
from tests import standins
import contract
import export_hf_model
import export_volta_model
import tokenizer_file
from contract import ExportError

HAS_TRANSFORMERS = importlib.util.find_spec("transformers") is not None
HAS_TOKENIZERS = importlib.util.find_spec("tokenizers") is not None

FAKE_VOLTA = {
    "__init__.py": "",
    "config.py": (
        "import json\n"
        "class BertConfig:\n"
        "    @classmethod\n"
        "    def from_json_file(cls, path):\n"
        "        config = cls()\n"
        "        with open(path) as handle:\n"
        "            config.__dict__.update(json.load(handle))\n"
        "        return config\n"),
    "encoders.py": (
        "from tests.standins import VoltaStandIn\n"
        "class BertForVLPreTraining(VoltaStandIn):\n"
        "    def __init__(self, config):\n"
        "        super().__init__(vocab=config.vocab_size, classes=config.test_classes,\n"
        "                         locs=config.num_locs, vl_bert=config.test_vl_bert)\n"),
}


def write_vocab(path):
    with open(path, "w") as handle:
        handle.write("\n".join(standins.vocab_tokens()) + "\n")
    return path


class VoltaExporterTest(TempDirTestCase):
    """The command line against a stand-in `volta` package: config, checkpoint, metadata wiring."""

    def setUp(self):
        super().setUp()
        root = self.path("fakevolta")
        os.makedirs(os.path.join(root, "volta"))
        for name, body in FAKE_VOLTA.items():
            with open(os.path.join(root, "volta", name), "w") as handle:
                handle.write(body)
        use_volta(self, root)
        self.config = self.path("ctrl_vl-bert_base.json")
        with open(self.config, "w") as handle:
            json.dump({"vocab_size": standins.VOCAB, "v_feature_size": standins.FEAT, "num_locs": 5,
                       "add_global_imgfeat": "first", "visual_target_weights": {"0": 1.0},
                       "test_classes": standins.CLASSES, "test_vl_bert": True}, handle)
        torch.manual_seed(3)
        self.model = standins.VoltaStandIn(vl_bert=True)
        self.checkpoint = self.path("pytorch_model_9.bin")
        torch.save({"module." + k: v for k, v in self.model.state_dict().items()}, self.checkpoint)
        self.vocab = write_vocab(self.path("vocab.txt"))

    def run_main(self, *extra):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = export_volta_model.main(["--config", self.config, "--checkpoint", self.checkpoint,
                                            "--tokenizer", self.vocab, "--out", self.path("models"), *extra])
        return code, err.getvalue()

    def test_exports_with_metadata_from_the_config(self):
        code, err = self.run_main()
        self.assertEqual(code, 0, err)
        self.assertIn("validation (traced vs eager", err)
        with open(self.path("models", "ctrl_vl-bert_base.json")) as handle:
            meta = json.load(handle)
        self.assertEqual({k: meta[k] for k in ("family", "globalImage", "featureSize", "numLocations",
                                               "numClasses", "vocabSize", "textOnly", "tokenizer")},
                         {"family": "vl-bert", "globalImage": "first", "featureSize": standins.FEAT,
                          "numLocations": 5, "numClasses": standins.CLASSES, "vocabSize": standins.VOCAB,
                          "textOnly": False, "tokenizer": "tokenizer.json"})
        loaded = torch.jit.load(self.path("models", "ctrl_vl-bert_base.pt"))
        spec = contract.ModelSpec("m", "f", "first", standins.FEAT, 5)
        inputs = contract.example_inputs(spec, standins.VOCAB, batch=2, seed=21, zero_regions=2)
        with torch.no_grad():
            text, _ = loaded(*inputs)
            expected = self.model.eval()(inputs[0], inputs[3].clone(), inputs[4], token_type_ids=inputs[1],
                                         attention_mask=inputs[2], image_attention_mask=inputs[5])[0]
        torch.testing.assert_close(text, expected, rtol=0, atol=1e-5)

    def test_checkpoint_missing_weights_is_refused(self):
        state = {k: v for k, v in self.model.state_dict().items() if not k.startswith("region_head")}
        torch.save(state, self.checkpoint)
        code, err = self.run_main()
        self.assertEqual(code, 2)
        self.assertIn("checkpoint lacks 2 weights", err)

    def test_config_without_visual_target_is_refused(self):
        with open(self.config) as handle:
            config = json.load(handle)
        config["visual_target_weights"] = {}
        with open(self.config, "w") as handle:
            json.dump(config, handle)
        code, err = self.run_main()
        self.assertEqual(code, 2)
        self.assertIn("no visual_target_weights", err)

    def test_family_from_config_names(self):
        for name, family in (("ctrl_lxmert.json", "lxmert"), ("ctrl_vilbert_base.json", "vilbert"),
                             ("ctrl_visualbert_base.json", "visualbert"), ("ctrl_uniter_base.json", "uniter"),
                             ("ctrl_vl-bert_base.json", "vl-bert"), ("my_model.json", "volta")):
            self.assertEqual(export_volta_model.family_of(name), family)


class HfWrapperTest(TempDirTestCase):
    """The HF wrappers against stand-ins with the HF attribute layout (real models: see below)."""

    def args(self, **overrides):
        values = dict(name=None, model=self.path("hf-model"), family=None, group=None, num_regions=36, seq_len=38,
                      feature_size=2048, num_locations=5, num_classes=1601)
        values.update(overrides)
        return types.SimpleNamespace(**values)

    def export(self, arch, model):
        wrapper, spec = export_hf_model.wrap(arch, model, self.args())
        vocab = write_vocab(self.path("vocab.txt"))
        return contract.export(wrapper, spec, self.path("models"), vocab, log=io.StringIO())

    def test_lxmert_uses_mlm_and_obj_heads_without_a_global_row(self):
        torch.manual_seed(0)
        meta = self.export("lxmert", standins.LxmertStandIn(obj_classes=13))
        self.assertEqual((meta["family"], meta["globalImage"], meta["numLocations"], meta["numClasses"]),
                         ("lxmert", "none", 4, 13))

    def test_a_seed_group_given_on_the_command_line_reaches_the_metadata(self):
        wrapper, spec = export_hf_model.wrap("lxmert", standins.LxmertStandIn(obj_classes=13), self.args(group="LXMERT"))
        meta = contract.export(wrapper, spec, self.path("grouped"), write_vocab(self.path("vocab.txt")), log=io.StringIO())
        self.assertEqual(meta["group"], "LXMERT")

    def test_lxmert_without_obj_head_gets_a_placeholder_region_width(self):
        meta = self.export("lxmert", standins.LxmertStandIn(with_obj=False))
        self.assertEqual(meta["numClasses"], export_hf_model.NO_REGION_HEAD_CLASSES)

    def test_visualbert_keeps_text_positions_and_ignores_boxes(self):
        torch.manual_seed(0)
        model = standins.VisualBertStandIn().eval()
        wrapper, spec = export_hf_model.wrap("visualbert", model, self.args())
        inputs = contract.example_inputs(spec, standins.VOCAB, batch=2, seed=4)
        moved = inputs[:4] + (torch.rand_like(inputs[4]),) + inputs[5:]
        with torch.no_grad():
            text, regions = wrapper(*inputs)
            text_moved, _ = wrapper(*moved)
            full = model(input_ids=inputs[0], attention_mask=inputs[2], token_type_ids=inputs[1],
                         visual_embeds=inputs[3], visual_attention_mask=inputs[5],
                         visual_token_type_ids=torch.ones_like(inputs[5])).prediction_logits
        self.assertTrue(torch.equal(text, full[:, :38]))
        self.assertTrue(torch.equal(text, text_moved))
        self.assertEqual(tuple(regions.shape), (2, 36, 1))
        self.assertEqual(self.export("visualbert", model)["featureSize"], standins.FEAT)

    @unittest.skipIf(HAS_TRANSFORMERS, "transformers is installed; the missing-package message cannot be shown")
    def test_missing_transformers_gives_a_clear_error(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = export_hf_model.main(["--model", self.tmp, "--arch", "bert", "--tokenizer", "t.json",
                                         "--out", self.path("out")])
        self.assertEqual(code, 2)
        self.assertIn("'transformers' is not installed", err.getvalue())


@unittest.skipUnless(HAS_TRANSFORMERS, "needs the Python package 'transformers' (not installed)")
class RealTransformersTest(TempDirTestCase):
    """Tiny randomly initialised HF models, saved and exported through the command line."""

    def export(self, model, arch):
        model_dir = self.path(arch)
        model.save_pretrained(model_dir)
        vocab = write_vocab(self.path("vocab.txt"))
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = export_hf_model.main(["--model", model_dir, "--tokenizer", vocab, "--out", self.path("models")])
        self.assertEqual(code, 0, err.getvalue())
        with open(self.path("models", arch + ".json")) as handle:
            return json.load(handle)

    def small(self, config_cls, **kwargs):
        return config_cls(vocab_size=standins.VOCAB, hidden_size=16, num_attention_heads=2,
                          intermediate_size=32, **kwargs)

    def test_lxmert(self):
        import transformers
        config = self.small(transformers.LxmertConfig, l_layers=1, x_layers=1, r_layers=1,
                            visual_feat_dim=standins.FEAT, num_object_labels=13, num_attr_labels=5,
                            num_qa_labels=3)
        meta = self.export(transformers.LxmertForPreTraining(config), "lxmert")
        self.assertEqual((meta["numClasses"], meta["numLocations"], meta["globalImage"]), (13, 4, "none"))

    def test_visualbert(self):
        import transformers
        config = self.small(transformers.VisualBertConfig, num_hidden_layers=1,
                            visual_embedding_dim=standins.FEAT)
        meta = self.export(transformers.VisualBertForPreTraining(config), "visualbert")
        self.assertEqual(meta["numClasses"], export_hf_model.NO_REGION_HEAD_CLASSES)

    def test_bert_masked_lm(self):
        import transformers
        config = self.small(transformers.BertConfig, num_hidden_layers=1)
        meta = self.export(transformers.BertForMaskedLM(config), "bert")
        self.assertIs(meta["textOnly"], True)


REAL_VOLTA = os.environ.get("XMODAL_VOLTA")


@unittest.skipUnless((REAL_VOLTA or importlib.util.find_spec("volta") is not None)
                     and os.environ.get("XMODAL_VOLTA_CONFIG") and os.environ.get("XMODAL_VOLTA_CHECKPOINT")
                     and os.environ.get("XMODAL_TOKENIZER"),
                     "needs a VOLTA checkout (XMODAL_VOLTA, or on PYTHONPATH) and XMODAL_VOLTA_CONFIG / "
                     "XMODAL_VOLTA_CHECKPOINT (e.g. config/ctrl_vl-bert_base.json and its pytorch_model_9.bin) "
                     "and XMODAL_TOKENIZER")
class RealVoltaTest(TempDirTestCase):
    def test_export_real_checkpoint(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = export_volta_model.main([
                "--config", os.environ["XMODAL_VOLTA_CONFIG"], "--checkpoint", os.environ["XMODAL_VOLTA_CHECKPOINT"],
                "--tokenizer", os.environ["XMODAL_TOKENIZER"], "--out", self.tmp, "--name", "real"]
                + (["--volta", REAL_VOLTA] if REAL_VOLTA else []))
        self.assertEqual(code, 0, err.getvalue())
        with open(self.path("real.json")) as handle:
            meta = json.load(handle)
        with open(os.environ["XMODAL_VOLTA_CONFIG"]) as handle:
            vocab_size = json.load(handle)["vocab_size"]
        self.assertEqual((meta["vocabSize"], meta["numClasses"]), (vocab_size, 1601))  # 30522 for CTRL models


class TokenizerFileTest(TempDirTestCase):
    def test_vocab_txt_becomes_a_bert_uncased_tokenizer_json(self):
        name = tokenizer_file.install(write_vocab(self.path("vocab.txt")), self.tmp, standins.VOCAB)
        with open(self.path(name)) as handle:
            tok = json.load(handle)
        self.assertEqual(name, "tokenizer.json")
        vocab = tok["model"]["vocab"]
        self.assertEqual([vocab[t] for t in contract.SPECIAL_TOKENS], [0, 100, 101, 102, 103])
        self.assertEqual(vocab["##s"], 109)
        self.assertEqual(tok["normalizer"]["lowercase"], True)
        self.assertEqual(tok["post_processor"]["special_tokens"]["[CLS]"]["ids"], [101])
        # Installing the same file again is fine; a different one under the same name is not.
        self.assertEqual(tokenizer_file.install(self.path("vocab.txt"), self.tmp, standins.VOCAB), name)
        with open(self.path("vocab.txt"), "a") as handle:
            handle.write("extra\n")
        with self.assertRaisesRegex(ExportError, "exists with different content"):
            tokenizer_file.install(self.path("vocab.txt"), self.tmp, standins.VOCAB + 1)

    def test_tokenizer_json_is_checked(self):
        path = self.path("bad.json")
        with open(path, "w") as handle:
            json.dump({"model": {"type": "WordPiece", "vocab": {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2}}}, handle)
        with self.assertRaisesRegex(ExportError, r"missing from the vocabulary: \[SEP\], \[MASK\]"):
            tokenizer_file.install(path, self.path(), 10)
        with self.assertRaisesRegex(ExportError, "outside the model's vocabulary of 100"):
            tokenizer_file.install(write_vocab(self.path("vocab.txt")), self.path(), 100)

    @unittest.skipUnless(HAS_TOKENIZERS, "needs the Python package 'tokenizers' (not installed)")
    def test_written_file_loads_in_tokenizers(self):
        from tokenizers import Tokenizer

        tokenizer_file.install(write_vocab(self.path("vocab.txt")), self.tmp, standins.VOCAB)
        enc = Tokenizer.from_file(self.path("tokenizer.json")).encode("A MAN in the blue Hats.")
        self.assertEqual(enc.tokens, ["[CLS]", "a", "man", "in", "the", "blue", "hat", "##s", ".", "[SEP]"])
