import io
import os

import torch

from tests.support import TempDirTestCase, device_constants_in
from tests import standins, standins_volta
import contract
import portable
from contract import ExportError

SPEC = contract.ModelSpec("stand-in", "f", "first", standins.FEAT, 5)


def raw_trace(model):
    wrapper = contract.ContractWrapper(model, "0").eval()
    with torch.no_grad():
        traced = torch.jit.trace(wrapper, contract.example_inputs(SPEC, standins.VOCAB, batch=2, seed=1),
                                 check_trace=False)
    return wrapper, traced


class DeviceConstantTest(TempDirTestCase):
    def test_checker_catches_the_device_constants_of_a_plain_trace(self):
        _, traced = raw_trace(standins.VoltaStandIn(vl_bert=True))
        path = self.path("plain.ts")  # not *.pt: tearDown would (rightly) refuse it
        torch.jit.save(traced, path)
        found = device_constants_in(path)
        self.assertTrue(found)
        self.assertIn('value="cpu"', found[0])
        self.assertEqual(len(portable.device_constants(torch.jit.load(path))), len(found))
        with self.assertRaisesRegex(ExportError, r"still fixes a device in \d+ place"):
            contract.require_device_free(torch.jit.load(path))

    def test_rewrite_survives_save_and_load_and_keeps_the_outputs(self):
        wrapper, traced = raw_trace(standins.VoltaStandIn(vl_bert=True))
        self.assertEqual(portable.make_device_portable(traced), [])
        path = self.path("portable.pt")
        torch.jit.save(traced, path)
        loaded = torch.jit.load(path)
        self.assertEqual(device_constants_in(path), [])
        self.assertIn("prim.device(", loaded.code + "".join(m.code for m in loaded.modules() if hasattr(m, "code")))
        inputs = contract.example_inputs(SPEC, standins.VOCAB, batch=5, seed=7, zero_regions=4)
        with torch.no_grad():
            for got, expected in zip(loaded(*inputs), wrapper(*inputs)):
                self.assertTrue(torch.equal(got, expected))

    def test_every_export_is_device_free(self):
        meta = contract.export(contract.ContractWrapper(standins.VoltaStandIn(), "0"), SPEC, self.path("m"),
                               self.vocab(), log=io.StringIO())
        self.assertEqual(device_constants_in(self.path("m", meta["name"] + ".pt")), [])

    def test_export_refuses_a_device_it_cannot_take_from_an_input(self):
        wrapper = contract.ContractWrapper(standins_volta.FixedDeviceStandIn(), "0")
        with self.assertRaisesRegex(ExportError, r"cannot make the traced module device-portable: "
                                                 r"model\.offsets\.forward creates tensors on a fixed device"):
            contract.export(wrapper, SPEC, self.path("m"), self.vocab(), log=io.StringIO())
        self.assertFalse(os.path.exists(self.path("m", "stand-in.pt")))

    def vocab(self):
        with open(self.path("vocab.txt"), "w") as handle:
            handle.write("\n".join(standins.vocab_tokens()) + "\n")
        return self.path("vocab.txt")


class DeviceCallsTest(TempDirTestCase):
    def test_cuda_calls_stay_on_the_chosen_device_and_are_restored(self):
        x = torch.ones(2)
        with portable.device_calls_stay_on("cpu"):
            self.assertEqual(x.cuda().device.type, "cpu")
            self.assertEqual(x.to("cuda").device.type, "cpu")
            self.assertEqual(x.to(torch.device("cuda:0"), torch.float64).dtype, torch.float64)
            self.assertEqual(x.to(device="cuda").device.type, "cpu")
            self.assertEqual(x.to(torch.int32).dtype, torch.int32)
        self.assertNotIn("cuda", vars(torch.Tensor))
        if not torch.cuda.is_available():
            with self.assertRaises((AssertionError, RuntimeError)):
                x.cuda()

    def test_a_model_that_calls_cuda_exports_and_matches_eager(self):
        model = standins_volta.CudaCallingStandIn().eval()
        inputs = contract.example_inputs(SPEC, standins.VOCAB, batch=2, seed=3)
        if not torch.cuda.is_available():  # the problem the stand-in reproduces
            with self.assertRaises(AssertionError):
                contract.ContractWrapper(model, "0")(*inputs)
        with open(self.path("vocab.txt"), "w") as handle:
            handle.write("\n".join(standins.vocab_tokens()) + "\n")
        with portable.device_calls_stay_on("cpu"):
            contract.export(contract.ContractWrapper(model, "0"), SPEC, self.path("m"), self.path("vocab.txt"),
                            log=io.StringIO())
            with torch.no_grad():
                expected = contract.ContractWrapper(model, "0")(*inputs)
        with torch.no_grad():
            got = torch.jit.load(self.path("m", "stand-in.pt"))(*inputs)
        torch.testing.assert_close(got, expected, rtol=0, atol=1e-6)
