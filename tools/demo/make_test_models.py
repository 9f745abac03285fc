"""Writes the small TorchScript modules that the Java tests use to check how xmodal treats models that break
the contract: wrong output shapes, NaN outputs, a single output. Each gets a metadata JSON for the demo corpus
(featureSize 32, 41 classes) and a copy of the demo tokenizer.

    /usr/bin/python3 tools/demo/make_test_models.py src/test/resources/models
"""
import hashlib
import json
import shutil
import sys
from pathlib import Path

import torch

VOCAB = 212
CLASSES = 41


class WrongShape(torch.nn.Module):
    """Returns one vocabulary entry too few and one class too many."""

    def __init__(self):
        super().__init__()
        self.vocab = VOCAB
        self.classes = CLASSES

    def forward(self, input_ids, token_type_ids, attention_mask, image_feat, image_loc, image_mask):
        b, length = input_ids.shape
        r = image_feat.shape[1]
        return torch.zeros(b, length, self.vocab - 1), torch.zeros(b, r, self.classes + 1)


class NanOutput(torch.nn.Module):
    """Right shapes, but every logit is NaN."""

    def __init__(self):
        super().__init__()
        self.vocab = VOCAB
        self.classes = CLASSES

    def forward(self, input_ids, token_type_ids, attention_mask, image_feat, image_loc, image_mask):
        b, length = input_ids.shape
        r = image_feat.shape[1]
        return torch.full((b, length, self.vocab), float("nan")), torch.full((b, r, self.classes), float("nan"))


class SingleOutput(torch.nn.Module):
    """Returns the text logits only."""

    def __init__(self):
        super().__init__()
        self.vocab = VOCAB
        self.classes = CLASSES

    def forward(self, input_ids, token_type_ids, attention_mask, image_feat, image_loc, image_mask):
        b, length = input_ids.shape
        return torch.zeros(b, length, self.vocab)


def write(out: Path, name: str, module: torch.nn.Module) -> None:
    pt = out / f"{name}.pt"
    torch.jit.save(torch.jit.script(module), str(pt))
    meta = {
        "format": "xmodal-model/1", "name": name, "family": "test", "globalImage": "first",
        "featureSize": 32, "numLocations": 5, "numClasses": CLASSES, "vocabSize": VOCAB, "textOnly": False,
        # a copy beside the models: a registry refuses paths that climb out with '..'
        "tokenizer": "tokenizer.json",
        "sha256": hashlib.sha256(pt.read_bytes()).hexdigest(),
    }
    (out / f"{name}.json").write_text(json.dumps(meta, indent=2) + "\n")


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/models")
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__).resolve().parents[2] / "demo" / "models" / "tokenizer.json", out / "tokenizer.json")
    write(out, "wrong-shape", WrongShape())
    write(out, "nan-output", NanOutput())
    write(out, "single-output", SingleOutput())
    (out / "not-torchscript.pt").write_bytes(b"this is not a TorchScript archive\n")
    meta = json.loads((out / "wrong-shape.json").read_text())
    meta.update(name="not-torchscript", sha256=hashlib.sha256((out / "not-torchscript.pt").read_bytes()).hexdigest())
    (out / "not-torchscript.json").write_text(json.dumps(meta, indent=2) + "\n")


if __name__ == "__main__":
    main()
