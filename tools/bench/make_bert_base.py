"""Writes a randomly initialised BERT-base-sized single-stream model (UNITER-base shape: 12 layers, hidden 768,
12 heads, inner 3072, vocabulary 30522, 2048-d region features, 5 locations, 1601 classes) that follows the
xmodal contract, for throughput benchmarks only. Also prints its FLOPs per example for a given L and R'.

    /usr/bin/python3 tools/bench/make_bert_base.py build/bench/models
"""
import hashlib
import json
import shutil
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "demo"))
from models import SingleStream  # noqa: E402

SHAPE = dict(vocab=30522, feat=2048, locs=5, classes=1601, hidden=768, layers=12, heads=12, inner=3072, max_pos=512)


def flops_per_example(length: int, rows: int, s=SHAPE) -> int:
    """Multiply-adds × 2 of one forward pass: embeddings' projections, encoder layers, both heads."""
    h, i, v, c, d = s["hidden"], s["inner"], s["vocab"], s["classes"], s["feat"]
    t = length + rows
    embed = 2 * rows * (d * h + s["locs"] * h)
    layer = 2 * t * (4 * h * h + 2 * h * i) + 2 * 2 * t * t * h
    heads = 2 * length * (h * h + h * v) + 2 * rows * (h * h + h * c)
    return embed + s["layers"] * layer + heads


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "build/bench/models")
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    model = SingleStream(**SHAPE).eval()
    pt = out / "bert-base-random.pt"
    torch.jit.save(torch.jit.script(model), str(pt))
    shutil.copy(Path(__file__).resolve().parents[2] / "demo/models/tokenizer.json", out / "tokenizer.json")
    meta = {"format": "xmodal-model/1", "name": "bert-base-random", "family": "single-stream",
            "globalImage": "first", "featureSize": SHAPE["feat"], "numLocations": SHAPE["locs"],
            "numClasses": SHAPE["classes"], "vocabSize": SHAPE["vocab"], "textOnly": False,
            "tokenizer": "tokenizer.json", "sha256": hashlib.sha256(pt.read_bytes()).hexdigest()}
    (out / "bert-base-random.json").write_text(json.dumps(meta, indent=2) + "\n")
    params = sum(p.numel() for p in model.parameters())
    print(f"params={params}")
    print(f"flops_per_example_L38_R37={flops_per_example(38, 37)}")


if __name__ == "__main__":
    main()
