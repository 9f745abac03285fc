import io
import json
import os
import re
import warnings

import torch

from tests.support import REPO_ROOT, TempDirTestCase
from tests import standins
import contract
from contract import ExportError


def formats_md_model_keys():
    """The keys of the `<name>.json` table in docs/formats.md, so the test follows the document."""
    with open(os.path.join(REPO_ROOT, "docs", "formats.md"), encoding="utf-8") as handle:
        text = handle.read()
    section = text.split("`<name>.json`:", 1)[1].split("\n\n", 2)[1]
    return re.findall(r"^\| `(\w+)` \|", section, flags=re.M)


def spec(**overrides):
    values = dict(name="stand-in", family="single-stream", global_image="first",
                  feature_size=standins.FEAT, num_locations=5)
    values.update(overrides)
    return contract.ModelSpec(**values)


class ContractExportTest(TempDirTestCase):
    def setUp(self):
        super().setUp()
        torch.manual_seed(0)
        self.vocab_txt = self.path("vocab.txt")
        with open(self.vocab_txt, "w") as handle:
            handle.write("\n".join(standins.vocab_tokens()) + "\n")

    def export(self, wrapper, model_spec, tolerance=contract.DEFAULT_TOLERANCE):
        out = self.path("models")
        meta = contract.export(wrapper, model_spec, out, self.vocab_txt, tolerance, log=io.StringIO())
        return out, meta

    def test_metadata_has_every_formats_md_key_and_matches_the_files(self):
        out, meta = self.export(contract.ContractWrapper(standins.VoltaStandIn(), "0"), spec())
        keys = formats_md_model_keys()
        self.assertIn("globalImage", keys)
        with open(os.path.join(out, "stand-in.json")) as handle:
            on_disk = json.load(handle)
        self.assertEqual(on_disk, meta)
        self.assertEqual(sorted(on_disk), sorted(keys))
        self.assertEqual(on_disk["format"], "xmodal-model/1")
        self.assertEqual((on_disk["vocabSize"], on_disk["numClasses"]), (standins.VOCAB, standins.CLASSES))
        self.assertEqual((on_disk["globalImage"], on_disk["featureSize"], on_disk["numLocations"]),
                         ("first", standins.FEAT, 5))
        self.assertIs(on_disk["textOnly"], False)
        self.assertEqual(on_disk["sha256"], contract.sha256_of(os.path.join(out, "stand-in.pt")))
        self.assertTrue(os.path.isfile(os.path.join(out, on_disk["tokenizer"])))

    def test_saved_module_loads_and_matches_eager_on_a_new_batch_size(self):
        model = standins.VoltaStandIn()
        wrapper = contract.ContractWrapper(model, "0").eval()
        out, _ = self.export(wrapper, spec())
        loaded = torch.jit.load(os.path.join(out, "stand-in.pt"))
        inputs = contract.example_inputs(spec(), standins.VOCAB, batch=5, seed=11, zero_regions=4)
        with torch.no_grad():
            text, regions = loaded(*inputs)
            raw = model(inputs[0], inputs[3], inputs[4], token_type_ids=inputs[1],
                        attention_mask=inputs[2], image_attention_mask=inputs[5])
        self.assertEqual(tuple(text.shape), (5, 38, standins.VOCAB))
        self.assertEqual(tuple(regions.shape), (5, 37, standins.CLASSES))
        torch.testing.assert_close(text, raw[0], rtol=0, atol=1e-5)
        torch.testing.assert_close(regions, raw[1]["0"], rtol=0, atol=1e-5)

    def test_in_place_model_does_not_touch_the_callers_tensor(self):
        model = standins.VoltaStandIn(vl_bert=True)
        wrapper = contract.ContractWrapper(model, "0").eval()
        out, _ = self.export(wrapper, spec(name="vl-bert-like"))
        loaded = torch.jit.load(os.path.join(out, "vl-bert-like.pt"))
        inputs = contract.example_inputs(spec(), standins.VOCAB, batch=2, seed=5, zero_regions=6)
        feat = inputs[3]
        snapshot = feat.clone()
        self.assertTrue((feat == 0).all(-1).any())
        with torch.no_grad():
            eager = wrapper(*inputs)
            traced = loaded(*inputs)
        self.assertTrue(torch.equal(feat, snapshot))
        torch.testing.assert_close(traced, eager, rtol=0, atol=1e-5)
        # The stand-in really does write into its input: unwrapped, the caller's zeros are gone.
        with torch.no_grad():
            model(inputs[0], feat, inputs[4], token_type_ids=inputs[1], attention_mask=inputs[2],
                  image_attention_mask=inputs[5])
        self.assertFalse(torch.equal(feat, snapshot))

    def test_validation_rejects_a_module_that_writes_its_inputs(self):
        class NoCopy(contract.ContractWrapper):
            def forward(self, *inputs):
                return self.compute(*inputs)

        with self.assertRaisesRegex(ExportError, "modified input 3 in place"):
            self.export(NoCopy(standins.VoltaStandIn(vl_bert=True), "0"), spec())
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "models", "stand-in.pt")))

    def test_validation_catches_a_branch_frozen_by_tracing(self):
        with warnings.catch_warnings(), \
                self.assertRaisesRegex(ExportError, r"differs from eager PyTorch: max abs diff text"):
            warnings.simplefilter("ignore", torch.jit.TracerWarning)  # the warning this test is about
            self.export(contract.ContractWrapper(standins.BranchingStandIn(), "0"), spec())
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "models", "stand-in.pt")))

    def test_volta_head_six_outputs_and_other_visual_key(self):
        model = standins.VoltaStandIn(six_outputs=True)
        _, meta = self.export(contract.ContractWrapper(model, "1"), spec())
        self.assertEqual(meta["numClasses"], 2)

    def test_last_and_no_global_row_change_the_visual_length(self):
        for position, visual_len in (("last", 37), ("none", 36)):
            inputs = contract.example_inputs(spec(global_image=position), standins.VOCAB, 2, seed=1)
            self.assertEqual(inputs[3].shape[1], visual_len)
            row = 36 if position == "last" else None
            if row is not None:
                torch.testing.assert_close(inputs[3][:, row], inputs[3][:, :36].mean(1))
                self.assertEqual(inputs[4][0, row].tolist(), [0.0, 0.0, 1.0, 1.0, 1.0])
            _, meta = self.export(contract.ContractWrapper(standins.VoltaStandIn(), "0"),
                                  spec(global_image=position, name=f"m-{position}"))
            self.assertEqual(meta["globalImage"], position)

    def test_wrong_region_count_is_reported(self):
        class DropsGlobalRow(contract.ContractWrapper):
            def compute(self, *inputs):
                text, regions = super().compute(*inputs)
                return text, regions[:, 1:]

        with self.assertRaisesRegex(ExportError, r"region logits have shape \(1, 36, 11\), expected \[1, 37, C\]"):
            self.export(DropsGlobalRow(standins.VoltaStandIn(), "0"), spec())

    def test_global_image_position_from_volta_config(self):
        self.assertEqual(contract.global_image_position("first"), "first")
        self.assertEqual(contract.global_image_position(""), "none")
        self.assertEqual(contract.global_image_position(None), "none")
        with self.assertRaises(ExportError):
            contract.global_image_position("middle")


class TextOnlyTest(TempDirTestCase):
    def test_text_only_export_ignores_images_and_returns_zero_regions(self):
        torch.manual_seed(0)
        vocab = self.path("vocab.txt")
        with open(vocab, "w") as handle:
            handle.write("\n".join(standins.vocab_tokens()) + "\n")
        model = standins.MaskedLmStandIn()
        model_spec = spec(name="bert", family="text-only", global_image="none", feature_size=2048,
                          text_only=True)
        out = self.path("models")
        meta = contract.export(contract.TextOnlyWrapper(model, 1601), model_spec, out, vocab, log=io.StringIO())
        self.assertIs(meta["textOnly"], True)
        self.assertEqual((meta["numClasses"], meta["vocabSize"], meta["globalImage"]), (1601, standins.VOCAB, "none"))
        loaded = torch.jit.load(os.path.join(out, "bert.pt"))
        a = contract.example_inputs(model_spec, standins.VOCAB, batch=3, seed=8)
        b = contract.example_inputs(model_spec, standins.VOCAB, batch=3, seed=9)
        other_images = a[:3] + b[3:]
        with torch.no_grad():
            text_a, regions = loaded(*a)
            text_b, _ = loaded(*other_images)
            expected = model(input_ids=a[0], attention_mask=a[2], token_type_ids=a[1])[0]
        torch.testing.assert_close(text_a, expected, rtol=0, atol=1e-5)
        self.assertTrue(torch.equal(text_a, text_b))
        self.assertEqual(tuple(regions.shape), (3, 36, 1601))
        self.assertEqual(regions.abs().max().item(), 0.0)
