"""Shared helpers for the exporter tests: import path, temp dirs, small VOLTA-layout LMDBs."""
import base64
import glob
import os
import pickle
import shutil
import sys
import tempfile
import unittest

EXPORT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_ROOT = os.path.dirname(os.path.dirname(EXPORT_DIR))
if EXPORT_DIR not in sys.path:
    sys.path.insert(0, EXPORT_DIR)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def device_constants_in(pt_path):
    """Every `prim::Constant` of type Device in any graph of a saved TorchScript module: each method of
    each submodule, with the calls it makes inlined. Written apart from the exporter's own check."""
    import torch

    module = torch.jit.load(pt_path)
    found = []
    for name, sub in module.named_modules():
        for method in sub._c._method_names():
            graph = sub._c._get_method(method).graph.copy()
            torch._C._jit_pass_inline(graph)
            found += [f"{name}.{method}: {node}".strip() for node in graph.findAllNodes("prim::Constant", True)
                      if node.output().type().kind() == "DeviceObjType"]
    return found


class TempDirTestCase(unittest.TestCase):
    """A temporary folder per test; every TorchScript file (`*.pt`) left in it must be device-free."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="xmodal-export-test-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def tearDown(self):
        for pt_path in glob.glob(os.path.join(self.tmp, "**", "*.pt"), recursive=True):
            self.assertEqual(device_constants_in(pt_path), [], f"{pt_path} fixes a device")

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def assertOneErrorLine(self, stderr):
        """The exporters' error format: exactly one line `error: ...`, the last, and no traceback."""
        lines = stderr.strip().splitlines()
        self.assertNotIn("Traceback", stderr)
        self.assertEqual([line for line in lines if line.startswith("error:")], lines[-1:], stderr)
        return lines[-1]


def b64(array):
    return base64.b64encode(array.astype("<f4").tobytes())


def volta_record(image_id, arrays, height=375, width=500, as_text=False, bytes_keys=False):
    """A record as the VOLTA converters store it: csv-row strings, arrays base64 float32."""
    num_boxes = arrays["boxes"].shape[0]
    record = {"img_id": str(image_id), "img_h": str(height), "img_w": str(width),
              "num_boxes": str(num_boxes), "boxes": b64(arrays["boxes"]),
              "features": b64(arrays["features"]), "cls_prob": b64(arrays["cls_prob"]),
              "objects_id": base64.b64encode(arrays["cls_prob"][:, 1:].argmax(1).astype("<i8").tobytes()),
              "objects_conf": b64(arrays["cls_prob"][:, 1:].max(1))}
    if as_text:
        record = {k: v.decode() if isinstance(v, bytes) else v for k, v in record.items()}
    else:
        record = {k: v.encode() if isinstance(v, str) else v for k, v in record.items()}
    if bytes_keys:
        record = {k.encode(): v for k, v in record.items()}
    return record


def write_lmdb(path, records, keys):
    """records: {lmdb key id: dict}; keys: what goes into b"keys" (any id type)."""
    import lmdb

    env = lmdb.open(path, map_size=64 << 20)
    with env.begin(write=True) as txn:
        txn.put(b"keys", pickle.dumps(keys))
        for image_id, record in records.items():
            txn.put(str(image_id).encode(), pickle.dumps(record))
    env.close()


def use_volta(test, root):
    """`import volta` imports the package in `root` for this test only; what was imported as `volta`
    before (a real checkout, another fake) is put back afterwards."""
    import volta_compat

    context = volta_compat.volta_from(root)
    context.__enter__()
    test.addCleanup(context.__exit__, None, None, None)
