import io
import json
import os
import sys
import types
import unittest
from unittest import mock

import torch

from tests.support import TempDirTestCase, use_volta
from tests import standins_volta
from tests.standins import HIDDEN
from tests.standins_volta import UniterLayoutStandIn
import volta_compat
from contract import ExportError

TYPES = "bert.embeddings.token_type_embeddings.weight"
IMAGE_TYPES = "bert.embeddings.image_token_type_embeddings.weight"
WORDS = "bert.embeddings.word_embeddings.weight"
DECODER = "cls.predictions.decoder.weight"


def checkpoint(new_layout, seed=0):
    torch.manual_seed(seed)
    model = UniterLayoutStandIn(new_layout)
    return model, {k: v.clone() for k, v in model.state_dict().items()}


def load(model, state):
    log = io.StringIO()
    volta_compat.load_weights(model, state, log)
    return log.getvalue()


class WeightLayoutTest(unittest.TestCase):
    def assertSameWeights(self, model, source):
        loaded, expected = model.state_dict(), source.state_dict()
        for name in loaded.keys() & expected.keys():
            self.assertTrue(torch.equal(loaded[name], expected[name]), name)

    def test_layouts_differ_by_one_name_of_one_tensor(self):
        old, new = checkpoint(False)[1], checkpoint(True)[1]
        self.assertEqual(set(new) - set(old), {IMAGE_TYPES})
        self.assertEqual(volta_compat.tied_names(UniterLayoutStandIn(True))[IMAGE_TYPES],
                         {TYPES, IMAGE_TYPES})

    def test_old_checkpoint_on_new_code_by_tensor_identity(self):
        source, state = checkpoint(False)
        model = UniterLayoutStandIn(True)
        log = load(model, state)
        self.assertSameWeights(model, source)
        self.assertTrue(torch.equal(model.state_dict()[IMAGE_TYPES], state[TYPES]))
        self.assertEqual(log, "")

    def test_new_checkpoint_on_old_code_by_alias_table(self):
        source, state = checkpoint(True)
        model = UniterLayoutStandIn(False)
        log = load(model, state)
        self.assertSameWeights(model, source)
        self.assertIn("second names of model weights (alias table), values equal: "
                      f"['{IMAGE_TYPES}']", log)
        self.assertNotIn("not used", log)

    def test_alias_with_other_values_is_refused(self):
        _, state = checkpoint(True)
        state[IMAGE_TYPES] = state[IMAGE_TYPES] + 1
        with self.assertRaisesRegex(ExportError, f"checkpoint's {IMAGE_TYPES} differs from its {TYPES}"):
            load(UniterLayoutStandIn(False), state)
        with self.assertRaisesRegex(ExportError, "holds different values for .* which are one tensor"):
            load(UniterLayoutStandIn(True), state)

    def test_untied_model_weight_is_filled_from_its_alias(self):
        _, state = checkpoint(False)
        del state[DECODER]
        model = UniterLayoutStandIn(False, tie_decoder=False)
        log = load(model, state)
        self.assertTrue(torch.equal(model.state_dict()[DECODER], state[WORDS]))
        self.assertIn(f"alias table: filled {DECODER} from {WORDS}", log)

    def test_weight_nobody_provides_is_refused(self):
        _, state = checkpoint(False)
        del state[TYPES]
        with self.assertRaisesRegex(ExportError, r"checkpoint lacks 2 weights .*config and checkpoint do not match"):
            load(UniterLayoutStandIn(True), state)

    def test_wrong_shape_is_one_line(self):
        _, state = checkpoint(False)
        state["region_head.bias"] = torch.zeros(3)
        with self.assertRaises(ExportError) as caught:
            load(UniterLayoutStandIn(False), state)
        self.assertIn("size mismatch for region_head.bias", str(caught.exception))
        self.assertNotIn("\n", str(caught.exception))


class ConfigTest(TempDirTestCase):
    def setUp(self):
        super().setUp()
        use_volta(self, standins_volta.write_fake_volta(self.path("fake")))
        self.BertConfig, _ = volta_compat.import_volta()

    def config(self, **settings):
        path = self.path("config.json")
        with open(path, "w") as handle:
            json.dump(settings, handle)
        return volta_compat.read_config(self.BertConfig, path)

    def test_settings_the_code_reads_come_from_its_defaults_and_are_named(self):
        config, filled = self.config(test_model="needs-setting", test_required=1)
        self.assertEqual(filled, [])
        self.assertEqual(config.fusion_act, "relu")
        self.assertEqual(config.test_required, 1)
        self.assertEqual(filled, ["fusion_act"])  # only what was read
        self.assertEqual(config.hidden_size, 768)  # set by the constructor, not filled

    def test_text_model_follows_from_the_other_copys_setting(self):
        self.assertEqual(self.config(bert_model="roberta-base")[0].model, "roberta")
        self.assertEqual(self.config(model="roberta")[0].bert_model, "roberta-base")
        config, filled = self.config()
        self.assertEqual((config.model, config.bert_model), ("bert", "bert-base-uncased"))
        self.assertEqual(filled, ["model", "bert_model"])

    def test_a_setting_without_default_names_itself(self):
        config, _ = self.config()
        with self.assertRaisesRegex(AttributeError, "the config sets no 'test_required', which this VOLTA code"):
            config.test_required
        self.assertFalse(hasattr(config, "anything_else"))


class ImportTest(TempDirTestCase):
    def test_missing_dependency_names_module_and_debian_package(self):
        use_volta(self, standins_volta.write_fake_volta(self.path("fake")))
        with mock.patch.dict(sys.modules, {"tqdm": None}), self.assertRaises(ExportError) as caught:
            volta_compat.import_volta()
        self.assertEqual(str(caught.exception), "VOLTA imports the Python module 'tqdm', which is not installed: "
                                                "Debian package python3-tqdm (apt install python3-tqdm)")

    def test_messages_for_other_modules(self):
        def message(name):
            return volta_compat.missing_module_message(ModuleNotFoundError(f"No module named '{name}'", name=name))

        self.assertIn("python3-boto3", message("boto3"))
        self.assertIn("python3-botocore", message("botocore.exceptions"))
        self.assertIn("python3-lmdb", message("lmdb"))
        self.assertIn("pip install tensorboardX", message("tensorboardX"))
        self.assertIn("put your VOLTA checkout on PYTHONPATH", message("volta"))

    def test_checkout_roots(self):
        fake = standins_volta.write_fake_volta(self.path("volta-root"))
        os.makedirs(self.path("cma", "volta"))
        standins_volta.write_fake_volta(self.path("cma", "volta"))
        self.assertEqual(volta_compat.package_root(fake), fake)
        self.assertEqual(volta_compat.package_root(self.path("cma")), self.path("cma", "volta"))
        with self.assertRaisesRegex(ExportError, "is not a VOLTA checkout"):
            volta_compat.package_root(self.tmp)

    def test_volta_from_restores_what_was_imported_before(self):
        first = standins_volta.write_fake_volta(self.path("first"))
        second = standins_volta.write_fake_volta(self.path("second"))
        use_volta(self, first)
        import volta
        before = sys.modules["volta"]
        self.assertTrue(volta.__file__.startswith(first))
        with volta_compat.volta_from(second):
            import volta as inner
            self.assertTrue(inner.__file__.startswith(second))
        self.assertIs(sys.modules["volta"], before)
        self.assertNotIn(second, sys.path)


class RobertaUniterTest(unittest.TestCase):
    """With a RoBERTa text model current UNITER's image token types are a table of their own."""

    def test_old_checkpoint_is_refused_instead_of_filled(self):
        _, state = checkpoint(False)
        model = UniterLayoutStandIn(False)
        model.bert.embeddings.image_token_type_embeddings = torch.nn.Embedding(2, HIDDEN)  # separate, as with roberta
        config = types.SimpleNamespace(model="roberta")
        with self.assertRaisesRegex(ExportError, "checkpoint lacks 1 weights"):
            volta_compat.load_weights(model, state, io.StringIO(), config)
        log = io.StringIO()
        volta_compat.load_weights(model, state, log)  # a BERT text model: the alias fills it
        self.assertIn(f"alias table: filled {IMAGE_TYPES} from {TYPES}", log.getvalue())
