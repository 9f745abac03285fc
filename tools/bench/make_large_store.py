"""Builds a large dataset for the memory benchmark by repeating the demo corpus's images under new ids:
Sentences, Annotations and feature records are copied image by image, streamed, so any size can be made.

    /usr/bin/python3 tools/bench/make_large_store.py --images 30000 --out build/bench/large-corpus
"""
import argparse
import json
import shutil
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", default="demo/corpus")
    ap.add_argument("--images", type=int, default=30000)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    src, out = Path(a.source), Path(a.out)
    if out.exists():
        shutil.rmtree(out)
    (out / "Sentences").mkdir(parents=True)
    (out / "Annotations").mkdir()
    (out / "features").mkdir()
    manifest = json.loads((src / "features/manifest.json").read_text())
    rows = (src / "features/images.tsv").read_text().splitlines()[1:]
    sizes = {name: manifest["numRegions"] * width * 4
             for name, width in (("boxes.f32", 4), ("features.f32", manifest["featureSize"]),
                                 ("cls_prob.f32", manifest["numClasses"]))}
    blobs = {name: (src / "features" / name).read_bytes() for name in sizes}
    split, index = [], ["image_id\theight\twidth"]
    outs = {name: open(out / "features" / name, "wb") for name in sizes}
    for n in range(a.images):
        record = n % len(rows)
        old_id, h, w = rows[record].split("\t")
        new_id = 900000000 + n
        shutil.copy(src / "Sentences" / f"{old_id}.txt", out / "Sentences" / f"{new_id}.txt")
        shutil.copy(src / "Annotations" / f"{old_id}.xml", out / "Annotations" / f"{new_id}.xml")
        for name, size in sizes.items():
            outs[name].write(blobs[name][record * size:(record + 1) * size])
        split.append(str(new_id))
        index.append(f"{new_id}\t{h}\t{w}")
    for f in outs.values():
        f.close()
    manifest["numImages"] = a.images
    (out / "features/manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    (out / "features/images.tsv").write_text("\n".join(index) + "\n")
    (out / "val.txt").write_text("\n".join(split) + "\n")
    shutil.copy(src / "objects_vocab.txt", out / "objects_vocab.txt")
    dataset = json.loads((src / "dataset.json").read_text())
    dataset["name"] = f"demo-x{a.images}"
    (out / "dataset.json").write_text(json.dumps(dataset, indent=2) + "\n")
    print(f"wrote {a.images} images to {out}")


if __name__ == "__main__":
    main()
