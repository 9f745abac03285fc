"""Shared helpers for the exporter tests: import path, temp dirs, small VOLTA-layout LMDBs."""
import base64
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


class TempDirTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="xmodal-export-test-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)


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
