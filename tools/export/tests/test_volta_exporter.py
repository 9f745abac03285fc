"""export_volta_model.py against the problems real VOLTA code poses, reproduced by standins_volta."""
import contextlib
import io
import json
import sys
from unittest import mock

import torch

from tests.support import TempDirTestCase, use_volta
from tests import standins, standins_volta
import contract
import export_volta_model

SPEC = contract.ModelSpec("m", "f", "first", standins.FEAT, 5)


class VoltaCliTest(TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.volta = standins_volta.write_fake_volta(self.path("fake"))
        with open(self.path("vocab.txt"), "w") as handle:
            handle.write("\n".join(standins.vocab_tokens()) + "\n")

    def model_files(self, test_model, state_from=None, **settings):
        """Config + checkpoint of `state_from` (default: the model the config builds)."""
        config = self.path(f"ctrl_{test_model}.json")
        with open(config, "w") as handle:
            json.dump({"vocab_size": standins.VOCAB, "v_feature_size": standins.FEAT, "num_locs": 5,
                       "add_global_imgfeat": "first", "visual_target_weights": {"0": 1.0},
                       "test_model": test_model, **settings}, handle)
        torch.manual_seed(5)
        model = state_from or standins_volta.STANDINS[test_model](None)
        checkpoint = self.path(f"{test_model}.bin")
        torch.save(model.state_dict(), checkpoint)
        return config, checkpoint, model.eval()

    def run_main(self, config, checkpoint, *extra, volta=None):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = export_volta_model.main(["--volta", volta or self.volta, "--config", config, "--checkpoint",
                                            checkpoint, "--tokenizer", self.path("vocab.txt"), "--name", "m",
                                            "--out", self.path("models"), *extra])
        return code, err.getvalue()

    def exported(self, config, checkpoint, *extra):
        code, err = self.run_main(config, checkpoint, *extra)
        self.assertEqual(code, 0, err)
        with open(self.path("models", "m.json")) as handle:
            return json.load(handle), torch.jit.load(self.path("models", "m.pt")), err

    def assertMatchesEager(self, loaded, model, batch=3):
        inputs = contract.example_inputs(SPEC, standins.VOCAB, batch=batch, seed=9, zero_regions=2)
        with torch.no_grad():
            expected = contract.ContractWrapper(model, "0")(*inputs)
            got = loaded(*inputs)
        torch.testing.assert_close(got, expected, rtol=0, atol=1e-6)


class DevicesAndLayoutsTest(VoltaCliTest):
    def test_a_model_calling_cuda_exports(self):
        meta, loaded, _ = self.exported(*self.model_files("cuda")[:2])
        self.assertIs(meta["batchDependent"], False)

    def test_old_checkpoint_exports_with_new_code(self):
        old = standins_volta.UniterLayoutStandIn(new_layout=False)
        config, checkpoint, _ = self.model_files("uniter-new", state_from=old)
        _, loaded, err = self.exported(config, checkpoint)
        self.assertMatchesEager(loaded, old)
        self.assertNotIn("lacks", err)

    def test_new_checkpoint_exports_with_old_code(self):
        new = standins_volta.UniterLayoutStandIn(new_layout=True)
        config, checkpoint, _ = self.model_files("uniter-old", state_from=new)
        _, loaded, err = self.exported(config, checkpoint)
        self.assertMatchesEager(loaded, new)
        self.assertIn("second names of model weights (alias table)", err)

    def test_another_volta_imported_before_is_not_used_and_is_restored(self):
        other = standins_volta.write_fake_volta(self.path("other"))
        use_volta(self, other)
        import volta
        before = sys.modules["volta"]
        self.exported(*self.model_files("volta")[:2])
        self.assertIs(sys.modules["volta"], before)


class BatchDependenceTest(VoltaCliTest):
    def test_shared_position_row_is_recorded_and_kept_by_the_trace(self):
        config, checkpoint, model = self.model_files("shared-positions")
        meta, loaded, err = self.exported(config, checkpoint)
        self.assertIs(meta["batchDependent"], True)
        self.assertRegex(err, r"batch dependence: a row of a batch of 16 differs from the same example alone "
                              r"by up to [0-9.e+-]+ \(tolerance 0.0001\): batchDependent true")
        inputs = contract.example_inputs(SPEC, standins.VOCAB, batch=16, seed=12)
        with torch.no_grad():
            batch = contract.ContractWrapper(model, "0")(*inputs)
            first_alone = contract.ContractWrapper(model, "0")(*[t[:1] for t in inputs])
            traced = loaded(*inputs)
        self.assertGreater(float((batch[0][:1] - first_alone[0]).abs().max()), 1e-2)
        torch.testing.assert_close(traced, batch, rtol=0, atol=1e-6)

    def test_per_example_models_are_batch_independent(self):
        for test_model in ("volta", "vl-bert"):
            meta, _, _ = self.exported(*self.model_files(test_model)[:2])
            self.assertIs(meta["batchDependent"], False, test_model)

    def test_the_user_can_set_it_and_sees_the_measurement(self):
        meta, _, err = self.exported(*self.model_files("shared-positions")[:2], "--batch-dependent", "no")
        self.assertIs(meta["batchDependent"], False)
        self.assertIn("batchDependent false (--batch-dependent no, against the measurement)", err)
        meta, _, _ = self.exported(*self.model_files("volta")[:2], "--batch-dependent", "yes")
        self.assertIs(meta["batchDependent"], True)


class OneLineErrorTest(VoltaCliTest):
    def error_line(self, config, checkpoint, **kwargs):
        code, err = self.run_main(config, checkpoint, **kwargs)
        self.assertEqual(code, 2, err)
        return self.assertOneErrorLine(err)

    def test_error_in_forward(self):
        line = self.error_line(*self.model_files("broken-forward")[:2])
        self.assertEqual(line, "error: running the model failed: RuntimeError: mat1 and mat2 shapes cannot be "
                               "multiplied (the rest of a long torch message)")

    def test_error_while_building(self):
        line = self.error_line(*self.model_files("volta", test_fail_build=True)[:2])
        self.assertIn("VOLTA could not build the model from", line)
        self.assertIn("ValueError: VOLTA cannot build this second line of the message", line)

    def test_setting_without_default(self):
        config, checkpoint, _ = self.model_files("needs-setting", state_from=standins.VoltaStandIn(), test_required=1)
        with open(config) as handle:
            settings = json.load(handle)
        del settings["test_required"]
        with open(config, "w") as handle:
            json.dump(settings, handle)
        line = self.error_line(config, checkpoint)
        self.assertIn("sets no 'test_required', which this VOLTA code reads and has no default for; "
                      "add it to the config", line)

    def test_setting_with_default_is_filled_and_named(self):
        config, checkpoint, _ = self.model_files("needs-setting", state_from=standins.VoltaStandIn(), test_required=1)
        _, _, err = self.exported(config, checkpoint)
        self.assertIn("does not set fusion_act='relu'; using this VOLTA code's defaults", err)

    def test_missing_dependency(self):
        with mock.patch.dict(sys.modules, {"tqdm": None}):
            line = self.error_line(*self.model_files("volta")[:2])
        self.assertIn("'tqdm', which is not installed: Debian package python3-tqdm", line)

    def test_not_a_checkout(self):
        line = self.error_line(*self.model_files("volta")[:2], volta=self.tmp)
        self.assertIn("is not a VOLTA checkout", line)

    def test_device_that_cannot_be_made_portable(self):
        line = self.error_line(*self.model_files("fixed-device")[:2])
        self.assertIn("cannot make the traced module device-portable", line)
