#!/usr/bin/env python3
"""Copy a VOLTA features LMDB (spec §1.2) into the xmodal feature store (docs/formats.md).

The float32 arrays are copied as the decoded base64 bytes, never re-computed, so the store is
byte-for-byte what the VOLTA reader sees. Records are streamed one image at a time: the real
Flickr30k store is ~9 GB and must not be held in memory.
"""
import argparse
import base64
import json
import os
import pickle
import shutil
import sys
import time

FORMAT = "xmodal-features/1"
ARRAYS = ("boxes", "features", "cls_prob")  # store file <name>.f32, in this order per record
BOX_COORDS = 4


class StoreError(Exception):
    """A problem with the input that the user has to fix; printed without a traceback."""


def _text(value):
    return value.decode("utf-8") if isinstance(value, (bytes, bytearray)) else str(value)


def _field(record, name, image_id):
    # The pickled dicts come from csv rows; depending on the Python that wrote them, keys and
    # values are str or bytes.
    if name in record:
        return record[name]
    if name.encode() in record:
        return record[name.encode()]
    raise StoreError(f"image {image_id}: field '{name}' is missing from its LMDB record")


def _int_field(record, name, image_id):
    raw = _text(_field(record, name, image_id)).strip()
    try:
        number = float(raw)
    except ValueError:
        raise StoreError(f"image {image_id}: field '{name}' is not a number: {raw!r}") from None
    if number != int(number):
        raise StoreError(f"image {image_id}: field '{name}' is not an integer: {raw!r}")
    return int(number)


def _array_bytes(record, name, image_id):
    raw = _field(record, name, image_id)
    if isinstance(raw, str):
        raw = raw.encode("ascii")
    try:
        return base64.b64decode(raw, validate=False)
    except (ValueError, TypeError) as err:
        raise StoreError(f"image {image_id}: field '{name}' is not valid base64 ({err})") from None


def lmdb_key(image_id):
    return str(image_id).encode()


def normalise_id(raw):
    """Ids in b"keys" may be bytes, str or int; the store uses the integer Flickr id."""
    text = _text(raw).strip()
    try:
        return int(text)
    except ValueError:
        raise StoreError(f"image id {text!r} is not an integer Flickr id") from None


def read_ids_file(path):
    with open(path, encoding="utf-8") as handle:
        return [normalise_id(line) for line in handle if line.strip()]


class Dims:
    """Per-record shape; fixed by the first image, every later image must agree."""

    def __init__(self):
        self.regions = None
        self.sizes = None  # elements per region, by array name

    def check(self, image_id, num_boxes, blobs):
        if self.regions is None:
            self._learn(image_id, num_boxes, blobs)
        elif num_boxes != self.regions:
            raise StoreError(
                f"image {image_id}: num_boxes is {num_boxes} but earlier images have {self.regions}; "
                "the store needs the same number of regions for every image")
        for name in ARRAYS:
            expected = self.regions * self.sizes[name] * 4
            if len(blobs[name]) != expected:
                raise StoreError(
                    f"image {image_id}: field '{name}' has {len(blobs[name])} bytes, expected {expected} "
                    f"(float32 [{self.regions}, {self.sizes[name]}])")

    def _learn(self, image_id, num_boxes, blobs):
        if num_boxes <= 0:
            raise StoreError(f"image {image_id}: num_boxes is {num_boxes}")
        self.regions = num_boxes
        self.sizes = {"boxes": BOX_COORDS}
        for name in ("features", "cls_prob"):
            size, rest = divmod(len(blobs[name]), 4 * num_boxes)
            if rest or size == 0:
                raise StoreError(
                    f"image {image_id}: field '{name}' has {len(blobs[name])} bytes, which is not "
                    f"float32 [{num_boxes}, D] for num_boxes={num_boxes}")
            self.sizes[name] = size


def _open_lmdb(path):
    import lmdb  # python3-lmdb; imported here so --help works without it

    if not os.path.exists(path):
        raise StoreError(f"LMDB not found: {path}")
    return lmdb.open(path, subdir=os.path.isdir(path), readonly=True, lock=False,
                     readahead=False, meminit=False, max_readers=1)


def _load_keys(txn, path):
    raw = txn.get(b"keys")
    if raw is None:
        raise StoreError(f"{path}: no b'keys' entry; is this a VOLTA features LMDB?")
    return [normalise_id(k) for k in pickle.loads(raw)]


def _read_record(txn, image_id):
    raw = txn.get(lmdb_key(image_id))
    if raw is None:
        raise StoreError(f"image {image_id}: not in the LMDB")
    record = pickle.loads(raw)
    stored_id = normalise_id(_field(record, "img_id", image_id))
    if stored_id != image_id:
        raise StoreError(f"LMDB key {image_id} holds a record for image {stored_id}")
    blobs = {name: _array_bytes(record, name, image_id) for name in ARRAYS}
    return (_int_field(record, "img_h", image_id), _int_field(record, "img_w", image_id),
            _int_field(record, "num_boxes", image_id), blobs)


def _progress(done, total, started, final=False):
    rate = done / max(time.monotonic() - started, 1e-9)
    end = "\n" if final else "\r"
    sys.stderr.write(f"  {done}/{total} images ({rate:.0f}/s){end}")
    sys.stderr.flush()


def convert(lmdb_path, out_dir, ids=None, classes=None, progress=True):
    """Writes the store; returns its manifest. Files appear only when every record was valid."""
    env = _open_lmdb(lmdb_path)
    os.makedirs(out_dir, exist_ok=True)
    tmp = {name: os.path.join(out_dir, f".{name}.f32.partial") for name in ARRAYS}
    tmp_tsv = os.path.join(out_dir, ".images.tsv.partial")
    dims = Dims()
    try:
        with env.begin(buffers=False) as txn:
            order = ids if ids is not None else _load_keys(txn, lmdb_path)
            if not order:
                raise StoreError("no images to export")
            duplicates = len(order) - len(set(order))
            if duplicates:
                raise StoreError(f"the id list repeats {duplicates} image id(s)")
            _write_records(txn, order, dims, tmp, tmp_tsv, progress)
        manifest = {"format": FORMAT, "numImages": len(order), "numRegions": dims.regions,
                    "featureSize": dims.sizes["features"], "numClasses": dims.sizes["cls_prob"]}
        if classes is not None:
            _install_classes(classes, out_dir, manifest["numClasses"], progress)
        for name in ARRAYS:
            os.replace(tmp[name], os.path.join(out_dir, f"{name}.f32"))
        os.replace(tmp_tsv, os.path.join(out_dir, "images.tsv"))
        # The manifest goes last: a store without one is visibly incomplete.
        with open(os.path.join(out_dir, "manifest.json"), "w", encoding="utf-8") as handle:
            json.dump(manifest, handle, indent=2)
            handle.write("\n")
        return manifest
    finally:
        env.close()
        for path in list(tmp.values()) + [tmp_tsv]:
            if os.path.exists(path):
                os.remove(path)


def _write_records(txn, order, dims, tmp, tmp_tsv, progress):
    outs = {name: open(path, "wb") for name, path in tmp.items()}
    started = time.monotonic()
    try:
        with open(tmp_tsv, "w", encoding="utf-8", newline="\n") as tsv:
            tsv.write("image_id\theight\twidth\n")
            for done, image_id in enumerate(order, 1):
                height, width, num_boxes, blobs = _read_record(txn, image_id)
                dims.check(image_id, num_boxes, blobs)
                for name in ARRAYS:
                    # VOLTA's arrays were written on little-endian machines; the bytes are already
                    # the store's layout, so they are copied untouched.
                    outs[name].write(blobs[name])
                tsv.write(f"{image_id}\t{height}\t{width}\n")
                if progress and (done % 500 == 0):
                    _progress(done, len(order), started)
            if progress:
                _progress(len(order), len(order), started, final=True)
    finally:
        for handle in outs.values():
            handle.close()


def _install_classes(classes, out_dir, num_classes, verbose):
    with open(classes, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    if len(lines) != num_classes:
        raise StoreError(
            f"{classes} has {len(lines)} lines but cls_prob has {num_classes} classes; the class file "
            "needs one line per class, background first")
    # formats.md: the class file sits in the dataset directory, the store in its features/ folder.
    target = os.path.join(os.path.dirname(os.path.abspath(out_dir)), "objects_vocab.txt")
    if os.path.abspath(classes) != target:
        shutil.copyfile(classes, target)
    if verbose:
        sys.stderr.write(f"classes: {target} ({num_classes} lines)\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lmdb", required=True, help="VOLTA features LMDB, e.g. flickr30k_feat.lmdb")
    parser.add_argument("--out", required=True, help="feature-store folder to write (<dataset>/features)")
    parser.add_argument("--ids", help="split list (one image id per line): export only these, in this order")
    parser.add_argument("--classes", help="detector class names (objects_vocab.txt); checked against "
                        "cls_prob and copied to the dataset folder (the parent of --out)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    try:
        ids = read_ids_file(args.ids) if args.ids else None
        manifest = convert(args.lmdb, args.out, ids, args.classes, progress=not args.quiet)
    except StoreError as err:
        sys.stderr.write(f"error: {err}\n")
        return 2
    if not args.quiet:
        sys.stderr.write(f"wrote {args.out}: {json.dumps(manifest)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
