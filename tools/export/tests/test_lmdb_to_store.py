import json
import os
import subprocess
import sys

import numpy as np

from tests.support import EXPORT_DIR, TempDirTestCase, volta_record, write_lmdb
import volta_lmdb_to_store as store

R, D, C = 36, 24, 11   # deliberately not 2048/1601: dims must come from the data
IDS = [1000092795, 10002456, 1000268201]


def arrays(seed, regions=R):
    rng = np.random.default_rng(seed)
    probs = rng.random((regions, C)).astype("<f4")
    return {"boxes": (rng.random((regions, 4)) * 400).astype("<f4"),
            "features": rng.standard_normal((regions, D)).astype("<f4"),
            "cls_prob": probs / probs.sum(1, keepdims=True)}


class LmdbToStoreTest(TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.data = {image_id: arrays(i) for i, image_id in enumerate(IDS)}
        self.sizes = {IDS[0]: (375, 500), IDS[1]: (333, 500), IDS[2]: (500, 281)}

    def make_lmdb(self, keys=None, data=None, **record_kwargs):
        data = data or self.data
        records = {i: volta_record(i, a, *self.sizes.get(i, (10, 10)), **record_kwargs) for i, a in data.items()}
        path = self.path("feat.lmdb")
        write_lmdb(path, records, keys if keys is not None else [str(i).encode() for i in data])
        return path

    def read(self, out, name, width, n):
        return np.fromfile(os.path.join(out, name + ".f32"), dtype="<f4").reshape(n, R, width)

    def assert_store(self, out, order):
        with open(os.path.join(out, "manifest.json")) as handle:
            manifest = json.load(handle)
        self.assertEqual(manifest, {"format": "xmodal-features/1", "numImages": len(order),
                                    "numRegions": R, "featureSize": D, "numClasses": C})
        with open(os.path.join(out, "images.tsv")) as handle:
            lines = handle.read().splitlines()
        self.assertEqual(lines[0], "image_id\theight\twidth")
        self.assertEqual(lines[1:], [f"{i}\t{self.sizes[i][0]}\t{self.sizes[i][1]}" for i in order])
        for name, width in (("boxes", 4), ("features", D), ("cls_prob", C)):
            with open(os.path.join(out, name + ".f32"), "rb") as handle:
                raw = handle.read()
            expected = b"".join(self.data[i][name].astype("<f4").tobytes() for i in order)
            self.assertEqual(raw, expected, name)   # byte-for-byte, record order = images.tsv
            self.assertEqual(self.read(out, name, width, len(order)).shape, (len(order), R, width))
        self.assertEqual(sorted(os.listdir(out)),
                         ["boxes.f32", "cls_prob.f32", "features.f32", "images.tsv", "manifest.json"])

    def test_copies_every_image_in_key_order_byte_for_byte(self):
        out = self.path("ds", "features")
        store.convert(self.make_lmdb(), out, progress=False)
        self.assert_store(out, IDS)

    def test_str_values_and_int_keys_and_bytes_field_names(self):
        out = self.path("features")
        lmdb_path = self.make_lmdb(keys=list(IDS), as_text=True, bytes_keys=True)
        store.convert(lmdb_path, out, progress=False)
        self.assert_store(out, IDS)

    def test_ids_file_restricts_and_orders(self):
        ids = self.path("val.txt")
        with open(ids, "w") as handle:
            handle.write(f"{IDS[2]}\n{IDS[0]}\n\n")
        out = self.path("features")
        self.assertEqual(store.main(["--lmdb", self.make_lmdb(), "--out", out, "--ids", ids, "--quiet"]), 0)
        self.assert_store(out, [IDS[2], IDS[0]])

    def test_missing_id_is_an_error_naming_it_and_leaves_no_store(self):
        ids = self.path("val.txt")
        with open(ids, "w") as handle:
            handle.write(f"{IDS[0]}\n12345\n")
        out = self.path("features")
        with self.assertRaisesRegex(store.StoreError, r"image 12345: not in the LMDB"):
            store.convert(self.make_lmdb(), out, ids=store.read_ids_file(ids), progress=False)
        self.assertEqual(os.listdir(out), [])

    def test_inconsistent_num_boxes_names_the_image(self):
        self.data[IDS[1]] = arrays(7, regions=10)
        with self.assertRaisesRegex(store.StoreError, rf"image {IDS[1]}: num_boxes is 10 .* 36"):
            store.convert(self.make_lmdb(), self.path("features"), progress=False)

    def test_wrong_array_size_names_image_and_field(self):
        self.data[IDS[2]]["cls_prob"] = self.data[IDS[2]]["cls_prob"][:, :C - 1]
        with self.assertRaisesRegex(store.StoreError, rf"image {IDS[2]}: field 'cls_prob' has"):
            store.convert(self.make_lmdb(), self.path("features"), progress=False)

    def test_classes_file_checked_and_copied_beside_the_store(self):
        classes = self.path("objects_vocab.src.txt")
        with open(classes, "w") as handle:
            handle.write("\n".join(["__background__"] + [f"class{i}" for i in range(1, C)]) + "\n")
        out = self.path("ds", "features")
        store.convert(self.make_lmdb(), out, classes=classes, progress=False)
        with open(self.path("ds", "objects_vocab.txt")) as a, open(classes) as b:
            self.assertEqual(a.read(), b.read())
        with open(classes, "a") as handle:
            handle.write("extra\n")
        with self.assertRaisesRegex(store.StoreError, rf"has {C + 1} lines but cls_prob has {C} classes"):
            store.convert(self.make_lmdb(), self.path("other", "features"), classes=classes, progress=False)

    def test_command_line_reports_errors_without_traceback(self):
        ids = self.path("val.txt")
        with open(ids, "w") as handle:
            handle.write("999\n")
        proc = subprocess.run([sys.executable, os.path.join(EXPORT_DIR, "volta_lmdb_to_store.py"),
                               "--lmdb", self.make_lmdb(), "--out", self.path("f"), "--ids", ids],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stderr.strip(), "error: image 999: not in the LMDB")
