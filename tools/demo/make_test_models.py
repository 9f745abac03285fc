"""Writes the small TorchScript modules that the Java tests use to check how xmodal treats models that break
the contract (wrong output shapes, NaN outputs, a single output) and a model whose outputs depend on the
batch (`batch-dependent`, see BatchDependent). Each gets a metadata JSON for the demo corpus (featureSize 32,
41 classes) and a copy of the demo tokenizer.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/demo/make_test_models.py src/test/resources/models [NAME ...]

Without names it writes every model; TorchScript archives carry the source lines of this file, so rewriting
an unchanged model after an edit here changes its bytes (and sha256) without changing its behaviour.
"""
import hashlib
import json
import os
import shutil
import sys
import warnings
from pathlib import Path
from typing import Tuple

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402
from torch import nn  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from models import EPS, Layer, MlmHead, RegionHead, additive  # noqa: E402

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


FEATURES = 32


@torch.jit.script
def position_ids(input_ids: torch.Tensor, image_feat: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
    """VL-BERT's position ids as VOLTA builds them (spec 2.4, 5.3 (c)).

    The text positions are an expand_as view of ONE arange row, shifted in place where a position reaches
    the row's text end (the number of non-[PAD] ids). All rows of the view share that row's memory, so a
    position is shifted in every row as soon as it is at or past the text end of ANY row of the batch:
    an example's positions depend on the shortest caption in its batch. Objects sit at the row's text end,
    the last one at text end + 1. Compiled with TorchScript so that the traced model takes arange's device
    from its input instead of fixing it to the tracing device.
    """
    seq_length, num_boxes = input_ids.shape[1], image_feat.shape[1]
    text_end = (input_ids != 0).sum(1, keepdim=True)
    text_pos = torch.arange(seq_length, dtype=torch.long, device=input_ids.device)
    text_pos = text_pos.unsqueeze(0).expand_as(input_ids)
    text_pos[text_pos >= text_end] += num_boxes
    object_pos = text_end.repeat(1, num_boxes)
    object_pos[:, -1] += 1  # object_pos is a fresh tensor: this shift is per row
    return text_pos, object_pos


class BatchDependent(nn.Module):
    """A small seeded single-stream encoder with VL-BERT's shared position row (position_ids).

    Text: word + position + type 0 embeddings. Regions: a projection of the features and of the first four
    location columns, + position + type 2 embeddings. Both go through two shared layers; the MLM head is
    tied to the word embeddings and a region head gives the class logits, so both outputs depend on the
    text, the features and the positions. The weights are drawn larger than BERT's initialisation so that
    the positions change the losses clearly.
    """

    def __init__(self, seed: int = 11, hidden: int = 48, layers: int = 2, heads: int = 4, max_pos: int = 256):
        super().__init__()
        gen = torch.Generator().manual_seed(seed)
        self.word = nn.Embedding(VOCAB, hidden)
        self.pos = nn.Embedding(max_pos, hidden)
        self.token_type = nn.Embedding(3, hidden)
        self.feat = nn.Linear(FEATURES, hidden)
        self.loc = nn.Linear(4, hidden)
        self.ln = nn.LayerNorm(hidden, eps=EPS)
        self.layers = nn.ModuleList([Layer(hidden, heads, 2 * hidden, 0.0) for _ in range(layers)])
        self.mlm = MlmHead(hidden, VOCAB)
        self.region = RegionHead(hidden, CLASSES)
        with torch.no_grad():
            for name, p in sorted(self.named_parameters()):
                if name.endswith("ln.weight"):
                    p.fill_(1.0)
                elif name.endswith("bias"):
                    p.normal_(0.0, 0.02, generator=gen)
                else:
                    p.normal_(0.0, {"word.weight": 0.3, "pos.weight": 0.5}.get(name, 0.15), generator=gen)

    def forward(self, input_ids: torch.Tensor, token_type_ids: torch.Tensor, attention_mask: torch.Tensor,
                image_feat: torch.Tensor, image_loc: torch.Tensor,
                image_mask: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        text_pos, object_pos = position_ids(input_ids, image_feat)
        t = self.word(input_ids) + self.pos(text_pos) + self.token_type(token_type_ids)
        v = (torch.relu(self.feat(image_feat) + self.loc(image_loc[:, :, :4])) + self.pos(object_pos)
             + self.token_type(object_pos * 0 + 2))
        x = self.ln(torch.cat([t, v], dim=1))
        mask = additive(torch.cat([attention_mask, image_mask], dim=1))
        for layer in self.layers:
            x = layer(x, mask)
        n = input_ids.shape[1]
        return self.mlm(x[:, :n], self.word.weight), self.region(x[:, n:])


def example_inputs(batch: int, seed: int, length: int = 38, rows: int = 17):
    """Demo-shaped inputs (38 tokens, 1 + 16 visual rows) with captions of different lengths."""
    gen = torch.Generator().manual_seed(seed)
    ids = torch.zeros(batch, length, dtype=torch.long)
    att = torch.zeros(batch, length, dtype=torch.long)
    for b in range(batch):
        n = int(torch.randint(6, length - 1, (1,), generator=gen))
        ids[b, 0], ids[b, n + 1] = 2, 3
        ids[b, 1:n + 1] = torch.randint(5, VOCAB, (n,), generator=gen)
        att[b, :n + 2] = 1
    feats = torch.rand(batch, rows, FEATURES, generator=gen)
    xy = torch.rand(batch, rows, 2, generator=gen) * 0.5
    locs = torch.cat([xy, xy + 0.5, torch.rand(batch, rows, 1, generator=gen)], dim=2)
    return ids, torch.zeros_like(ids), att, feats, locs, torch.ones(batch, rows, dtype=torch.long)


def traced_batch_dependent() -> torch.jit.ScriptModule:
    """Traces BatchDependent and checks that the trace keeps the shared position row: for each batch
    the traced outputs equal the eager ones, and each example's outputs in a batch differ from its outputs
    alone."""
    model = BatchDependent().eval()
    with warnings.catch_warnings():
        # "index_put_ on expanded tensors is deprecated": the very behaviour this model reproduces
        warnings.simplefilter("ignore", UserWarning)
        with torch.no_grad():
            traced = torch.jit.trace(model, example_inputs(4, 0), check_trace=False)
            for batch, seed, length, rows in ((16, 1, 38, 17), (7, 2, 38, 17), (1, 3, 38, 17), (5, 4, 20, 9)):
                inputs = example_inputs(batch, seed, length, rows)
                eager, trace = model(*inputs), traced(*inputs)
                for e, t in zip(eager, trace):
                    if not torch.allclose(e, t, rtol=0, atol=1e-5):
                        raise SystemExit("traced batch-dependent model differs from eager on batch %d" % batch)
            inputs = example_inputs(16, 1)
            together = traced(*inputs)
            alone = [traced(*(x[b:b + 1] for x in inputs)) for b in range(16)]
            alone = [torch.cat([a[k] for a in alone]) for k in range(2)]
            nll = lambda logits: -torch.log_softmax(logits, -1).max(-1).values  # noqa: E731
            differs = (nll(together[0]) - nll(alone[0])).abs().amax(1) > 1e-3
            if int(differs.sum()) < 8:
                raise SystemExit("traced batch-dependent model does not depend on the batch")
    return traced


class DeviceConstant(torch.nn.Module):
    """Right shapes and finite logits, but traced the way a careless export is: arange, new_zeros and ones_like
    get the tracing device as a constant (device=torch.device("cpu") in the saved code)."""

    def __init__(self):
        super().__init__()
        self.vocab = VOCAB
        self.classes = CLASSES

    def forward(self, input_ids, token_type_ids, attention_mask, image_feat, image_loc, image_mask):
        b, length = input_ids.shape
        positions = torch.arange(length).float() / length
        text = image_feat.new_zeros((b, length, self.vocab)) + positions[None, :, None]
        regions = torch.ones_like(image_feat[..., :1]).expand(-1, -1, self.classes) * image_feat.mean()
        return text, regions


def traced_device_constant() -> torch.jit.ScriptModule:
    inputs = example_inputs(2, 0)
    with torch.no_grad():
        traced = torch.jit.trace(DeviceConstant(), inputs, check_trace=False)
    if 'torch.device("cpu")' not in traced.code:
        raise SystemExit("the traced device-constant model holds no device constant")
    return traced


def write(out: Path, name: str, module: torch.nn.Module, **extra) -> None:
    pt = out / f"{name}.pt"
    scripted = module if isinstance(module, torch.jit.ScriptModule) else torch.jit.script(module)
    torch.jit.save(scripted, str(pt))
    meta = {
        "format": "xmodal-model/1", "name": name, "family": "test", "globalImage": "first",
        "featureSize": FEATURES, "numLocations": 5, "numClasses": CLASSES, "vocabSize": VOCAB, "textOnly": False,
        # a copy beside the models: a registry refuses paths that climb out with '..'
        "tokenizer": "tokenizer.json",
    }
    meta.update(extra)
    meta["sha256"] = hashlib.sha256(pt.read_bytes()).hexdigest()
    (out / f"{name}.json").write_text(json.dumps(meta, indent=2) + "\n")


NAMES = ("wrong-shape", "nan-output", "single-output", "not-torchscript", "batch-dependent", "device-constant")


def main() -> None:
    """make_test_models.py [OUT [NAME ...]]: every model, or only the named ones."""
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/models")
    names = sys.argv[2:] or list(NAMES)
    unknown = [n for n in names if n not in NAMES]
    if unknown:
        raise SystemExit("unknown test model %s; known: %s" % (", ".join(unknown), ", ".join(NAMES)))
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__).resolve().parents[2] / "demo" / "models" / "tokenizer.json", out / "tokenizer.json")
    if "wrong-shape" in names:
        write(out, "wrong-shape", WrongShape())
    if "nan-output" in names:
        write(out, "nan-output", NanOutput())
    if "single-output" in names:
        write(out, "single-output", SingleOutput())
    if "batch-dependent" in names:
        write(out, "batch-dependent", traced_batch_dependent(), batchDependent=True)
    if "device-constant" in names:
        write(out, "device-constant", traced_device_constant())
    if "not-torchscript" in names:
        (out / "not-torchscript.pt").write_bytes(b"this is not a TorchScript archive\n")
        meta = {"format": "xmodal-model/1", "name": "not-torchscript", "family": "test", "globalImage": "first",
                "featureSize": FEATURES, "numLocations": 5, "numClasses": CLASSES, "vocabSize": VOCAB,
                "textOnly": False, "tokenizer": "tokenizer.json",
                "sha256": hashlib.sha256((out / "not-torchscript.pt").read_bytes()).hexdigest()}
        (out / "not-torchscript.json").write_text(json.dumps(meta, indent=2) + "\n")


if __name__ == "__main__":
    main()
