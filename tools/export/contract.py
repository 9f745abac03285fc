"""The xmodal model contract (docs/formats.md): wrappers, tracing, validation and metadata.

Every exporter builds an eager `nn.Module` with the contract's forward signature, then hands it to
`export()`, which traces it, checks the saved TorchScript against eager PyTorch on inputs the
tracing never saw, and writes `<name>.pt`, `<name>.json` and the tokenizer beside them.
"""
import contextlib
import dataclasses
import hashlib
import json
import os
import sys

import torch
from torch import nn

import batching
import portable

MODEL_FORMAT = "xmodal-model/1"
GLOBAL_POSITIONS = ("first", "last", "none")
SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
DEFAULT_TOLERANCE = 1e-4
METADATA_KEYS = ("format", "name", "family", "globalImage", "featureSize", "numLocations",
                 "numClasses", "vocabSize", "textOnly", "batchDependent", "tokenizer", "sha256")


class ExportError(Exception):
    """A problem the user has to fix (bad checkpoint, failed validation); printed without a traceback."""


def one_line(err, limit=400):
    """`Type: message` of an exception on one line (torch's messages often span many)."""
    text = " ".join(part.strip() for part in str(err).splitlines() if part.strip())
    text = text if len(text) <= limit else text[:limit - 3] + "..."
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


@contextlib.contextmanager
def reported_as(what):
    """Turns any exception raised by model code into a one-line ExportError saying what failed."""
    try:
        yield
    except ExportError:
        raise
    except Exception as err:
        raise ExportError(f"{what} failed: {one_line(err)}") from None


class ContractModule(nn.Module):
    """Base for contract wrappers: copies the inputs so the wrapped model can never change the caller's
    tensors (VL-BERT writes its mask embedding into `image_feat`, spec §5.4)."""

    def forward(self, input_ids, token_type_ids, attention_mask, image_feat, image_loc, image_mask):
        return self.compute(input_ids.clone(), token_type_ids.clone(), attention_mask.clone(),
                            image_feat.clone(), image_loc.clone(), image_mask.clone())

    def compute(self, input_ids, token_type_ids, attention_mask, image_feat, image_loc, image_mask):
        raise NotImplementedError


class ContractWrapper(ContractModule):
    """A VOLTA `BertForVLPreTraining` (spec §5.1) behind the contract.

    VOLTA returns `(prediction_scores_t, prediction_scores_v_dict, seq_relationship, ...)`: 5 values in
    the paper's code, 6 at VOLTA HEAD; only the first two are used, so both work.
    """

    def __init__(self, model, visual_key):
        super().__init__()
        self.model = model
        self.visual_key = visual_key

    def compute(self, input_ids, token_type_ids, attention_mask, image_feat, image_loc, image_mask):
        outputs = self.model(input_ids, image_feat, image_loc, token_type_ids=token_type_ids,
                             attention_mask=attention_mask, image_attention_mask=image_mask)
        return outputs[0], outputs[1][self.visual_key]


class TextOnlyWrapper(ContractModule):
    """A text-only masked LM (HF `BertForMaskedLM` calling convention) behind the contract.

    The image inputs are accepted and ignored; region logits are zeros of width `num_classes`, so
    the output shapes look like every other model's (metadata `textOnly` keeps lang4vis off it).
    """

    def __init__(self, model, num_classes):
        super().__init__()
        self.model = model
        self.num_classes = num_classes

    def compute(self, input_ids, token_type_ids, attention_mask, image_feat, image_loc, image_mask):
        logits = self.model(input_ids=input_ids, attention_mask=attention_mask,
                            token_type_ids=token_type_ids)[0]
        regions = image_feat.new_zeros((image_feat.size(0), image_feat.size(1), self.num_classes))
        return logits, regions


@dataclasses.dataclass
class ModelSpec:
    """What the exporter knows about the model before tracing; vocab and class counts are measured."""
    name: str
    family: str
    global_image: str            # "first", "last" or "none"
    feature_size: int            # D
    num_locations: int           # K
    text_only: bool = False
    num_regions: int = 36        # detector regions R, without the [IMG] row
    seq_len: int = 38            # L (dataset.json maxSeqLength)
    group: str = None            # seed group (metadata "group"); None: xmodal reads it from a NAME_sN name

    def __post_init__(self):
        if self.global_image not in GLOBAL_POSITIONS:
            raise ExportError(f"globalImage must be one of {GLOBAL_POSITIONS}, not {self.global_image!r}")

    @property
    def visual_len(self):
        return self.num_regions + (0 if self.global_image == "none" else 1)


def global_image_position(value):
    """VOLTA's `add_global_imgfeat` ("first", "last", or None/"" for no [IMG] row) → metadata value."""
    if value in (None, "", "none", "None"):
        return "none"
    if value in ("first", "last"):
        return value
    raise ExportError(f"unknown add_global_imgfeat {value!r}; expected first, last or none")


def example_inputs(spec, vocab_size, batch, seed, zero_regions=0):
    """Plausible contract inputs: padded captions, non-negative features with an [IMG] row that is
    the region mean, normalised boxes, and `zero_regions` all-zero rows per image (lang4vis masking)."""
    gen = torch.Generator().manual_seed(seed)
    L, R, D, K = spec.seq_len, spec.num_regions, spec.feature_size, spec.num_locations
    cls_id, sep_id, low = (101, 102, 999) if vocab_size > 1000 else (1, 2, 3)
    input_ids = torch.zeros(batch, L, dtype=torch.long)
    attention_mask = torch.zeros(batch, L, dtype=torch.long)
    for b in range(batch):
        # Lengths differ per row and per call: position ids that depend on the text length
        # (VL-BERT, spec §5.3 c) must not be frozen into the trace.
        n = int(torch.randint(1, L - 1, (1,), generator=gen)) if b else L - 2
        input_ids[b, 0], input_ids[b, n + 1] = cls_id, sep_id
        input_ids[b, 1:n + 1] = torch.randint(low, vocab_size, (n,), generator=gen)
        attention_mask[b, :n + 2] = 1
    feats = torch.rand(batch, R, D, generator=gen) * 2
    for b in range(batch):
        rows = torch.randperm(R, generator=gen)[:zero_regions]
        feats[b, rows] = 0
    xy = torch.rand(batch, R, 2, 2, generator=gen)
    lo, hi = xy.min(dim=2).values, xy.max(dim=2).values
    loc = torch.cat([lo, hi, ((hi - lo)[..., :1] * (hi - lo)[..., 1:])], dim=-1)[..., :K]
    if spec.global_image != "none":
        glob_feat = feats.mean(dim=1, keepdim=True)
        glob_loc = torch.tensor([0.0, 0.0, 1.0, 1.0, 1.0])[:K].expand(batch, 1, K)
        first = spec.global_image == "first"
        feats = torch.cat([glob_feat, feats] if first else [feats, glob_feat], dim=1)
        loc = torch.cat([glob_loc, loc] if first else [loc, glob_loc], dim=1)
    token_type_ids = torch.zeros(batch, L, dtype=torch.long)
    image_mask = torch.ones(batch, spec.visual_len, dtype=torch.long)
    return (input_ids, token_type_ids, attention_mask, feats.contiguous(), loc.contiguous(), image_mask)


def probe(wrapper, spec):
    """Runs eager once to learn V and C, and checks the output shapes against the contract."""
    wrapper.eval()
    with torch.no_grad():
        # Before V is known, use ids 1..3 only, which any vocabulary has.
        text, _ = wrapper(*example_inputs(spec, vocab_size=4, batch=1, seed=0))
        vocab_size = int(text.shape[-1])
        inputs = example_inputs(spec, vocab_size, batch=1, seed=0)
        text, regions = wrapper(*inputs)
    _check_shapes(spec, inputs, text, regions)
    return vocab_size, int(regions.shape[-1])


def _check_shapes(spec, inputs, text, regions):
    B, L = inputs[0].shape
    if tuple(text.shape[:2]) != (B, L) or text.dim() != 3:
        raise ExportError(f"text logits have shape {tuple(text.shape)}, expected [{B}, {L}, V]")
    if tuple(regions.shape[:2]) != (B, spec.visual_len) or regions.dim() != 3:
        raise ExportError(f"region logits have shape {tuple(regions.shape)}, expected "
                          f"[{B}, {spec.visual_len}, C] (R={spec.num_regions}, globalImage={spec.global_image})")
    if text.dtype != torch.float32 or regions.dtype != torch.float32:
        raise ExportError(f"logits must be float32, got {text.dtype} and {regions.dtype}")


def trace(wrapper, spec, vocab_size, device="cpu"):
    """Traces on `device` and rewrites the recorded device constants (see portable.py)."""
    wrapper.eval()
    inputs = [t.to(device) for t in example_inputs(spec, vocab_size, batch=2, seed=1, zero_regions=3)]
    with torch.no_grad():
        # check_trace re-runs the tracing inputs only; validate() does the meaningful check.
        traced = torch.jit.trace(wrapper, inputs, check_trace=False)
    stuck = portable.make_device_portable(traced)
    if stuck:
        raise ExportError(f"cannot make the traced module device-portable: {stuck[0]} creates tensors on a "
                          "fixed device but has no tensor input to take the device from")
    return traced


def require_device_free(module):
    """Refuses a module with a device constant left in any graph: it could not run on another device."""
    found = portable.device_constants(module)
    if found:
        raise ExportError(f"the traced module still fixes a device in {len(found)} place(s), e.g. {found[0]}; "
                          "a worker on another device could not run it")


def validation_cases(spec, vocab_size):
    """Batch sizes, text lengths and zero-row patterns that differ from the tracing inputs."""
    return [example_inputs(spec, vocab_size, batch=3, seed=2, zero_regions=5),
            example_inputs(spec, vocab_size, batch=1, seed=3, zero_regions=0),
            example_inputs(spec, vocab_size, batch=4, seed=4, zero_regions=spec.num_regions)]


def validate(wrapper, scripted, spec, vocab_size, tolerance=DEFAULT_TOLERANCE):
    """Max |traced − eager| per output over all cases; raises ExportError above `tolerance`
    or when the traced module changes an input."""
    wrapper.eval()
    worst = {"text": 0.0, "regions": 0.0}
    for case in validation_cases(spec, vocab_size):
        before = [t.clone() for t in case]
        with torch.no_grad():
            # Eager gets copies so that only the traced module can be caught writing `case`.
            expected = wrapper(*[t.clone() for t in case])
            got = scripted(*case)
        for i, (a, b) in enumerate(zip(before, case)):
            if not torch.equal(a, b):
                raise ExportError(f"the traced module modified input {i} in place")
        _check_shapes(spec, case, *got)
        for key, e, g in zip(("text", "regions"), expected, got):
            if e.shape != g.shape:
                raise ExportError(f"{key} logits: traced shape {tuple(g.shape)} != eager {tuple(e.shape)}")
            diff = (e - g).abs().max().item() if e.numel() else 0.0
            if diff != diff:  # NaN
                raise ExportError(f"{key} logits contain NaN")
            worst[key] = max(worst[key], diff)
    if max(worst.values()) > tolerance:
        raise ExportError(f"traced module differs from eager PyTorch: max abs diff text {worst['text']:.3g}, "
                          f"regions {worst['regions']:.3g} (tolerance {tolerance:g})")
    return worst


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def metadata(spec, vocab_size, num_classes, batch_dependent, tokenizer_name, sha256):
    return {"format": MODEL_FORMAT, "name": spec.name, "family": spec.family,
            "globalImage": spec.global_image, "featureSize": spec.feature_size,
            "numLocations": spec.num_locations, "numClasses": num_classes, "vocabSize": vocab_size,
            "textOnly": spec.text_only, "batchDependent": batch_dependent, "group": spec.group,
            "tokenizer": tokenizer_name, "sha256": sha256}


def check_batch_dependence(wrapper, scripted, spec, vocab_size, tolerance):
    """Measures batch dependence on a paper-size batch with different text lengths, and checks that
    the traced module reproduces eager's values for the whole batch (dependence included)."""
    inputs = example_inputs(spec, vocab_size, batch=batching.PAPER_BATCH_SIZE, seed=6, zero_regions=3)
    check = batching.measure(wrapper, scripted, inputs)
    if check.traced_diff > tolerance:
        raise ExportError(f"traced module differs from eager PyTorch on a batch of {batching.PAPER_BATCH_SIZE}: "
                          f"max abs diff {check.traced_diff:.3g} (tolerance {tolerance:g})")
    return check


def _trace_save_and_check(wrapper, spec, vocab_size, pt_path, tolerance):
    """Writes `pt_path` only if what was saved loads back device-free and matches eager."""
    partial = pt_path + ".partial"
    try:
        with reported_as("tracing"):
            torch.jit.save(trace(wrapper, spec, vocab_size), partial)
        with reported_as("checking the saved module"):
            # Check what Java will load, not the in-memory trace.
            loaded = torch.jit.load(partial)
            require_device_free(loaded)
            worst = validate(wrapper, loaded, spec, vocab_size, tolerance)
            check = check_batch_dependence(wrapper, loaded, spec, vocab_size, tolerance)
        os.replace(partial, pt_path)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return worst, check


def export(wrapper, spec, out_dir, tokenizer, tolerance=DEFAULT_TOLERANCE, log=None, batch_dependent="auto"):
    """Traces, saves, re-loads and validates; writes the tokenizer and metadata. Returns the metadata.

    `batch_dependent` is "auto" (measured), "yes" or "no" (set by the user, measurement still shown)."""
    log = log or sys.stderr
    import tokenizer_file  # sibling module; imported here so the contract has no hard dependency

    os.makedirs(out_dir, exist_ok=True)
    with reported_as("running the model"):
        vocab_size, num_classes = probe(wrapper, spec)
    log.write(f"{spec.name}: text logits V={vocab_size}, region logits C={num_classes}, "
              f"R'={spec.visual_len}\n")
    tokenizer_name = tokenizer_file.install(tokenizer, out_dir, vocab_size)
    pt_path = os.path.join(out_dir, spec.name + ".pt")
    worst, check = _trace_save_and_check(wrapper, spec, vocab_size, pt_path, tolerance)
    log.write(f"validation (traced vs eager, batch sizes 3/1/4, traced with 2): "
              f"max abs diff text {worst['text']:.3g}, regions {worst['regions']:.3g}, "
              f"batch of {batching.PAPER_BATCH_SIZE} {check.traced_diff:.3g} (tolerance {tolerance:g}); "
              "no device constant\n")
    dependent, line = batching.decide(batch_dependent, check, tolerance)
    log.write(line + "\n")
    meta = metadata(spec, vocab_size, num_classes, dependent, tokenizer_name, sha256_of(pt_path))
    with open(os.path.join(out_dir, spec.name + ".json"), "w", encoding="utf-8") as handle:
        json.dump(meta, handle, indent=2)
        handle.write("\n")
    log.write(f"wrote {pt_path} and {spec.name}.json\n")
    return meta


def reporting_errors(action):
    """Runs `action()`; any failure becomes one `error:` line on stderr. Returns (True, its result) or (False, None)."""
    try:
        return True, action()
    except ExportError as err:
        sys.stderr.write(f"error: {err}\n")
    except Exception as err:  # a failure nobody anticipated still gets one line, not a traceback
        sys.stderr.write(f"error: {one_line(err)}\n")
    return False, None


def run_cli(build, args):
    """Shared `main` body: every failure becomes one line on stderr and exit status 2."""
    def build_and_export():
        wrapper, spec = build(args)
        export(wrapper, spec, args.out, args.tokenizer, args.tolerance, batch_dependent=args.batch_dependent)

    return 0 if reporting_errors(build_and_export)[0] else 2


def add_common_args(parser):
    parser.add_argument("--out", required=True, help="models folder to write <name>.pt/.json into")
    parser.add_argument("--name", help="model name (file base name and name shown in tables)")
    parser.add_argument("--family", help="family text for the metadata")
    parser.add_argument("--group", help="seed group the model replicates, e.g. UNITER for UNITER_s42 (default: "
                                        "none written; xmodal then groups NAME_sN names under NAME)")
    parser.add_argument("--tokenizer", required=True,
                        help="tokenizer.json (copied) or a BERT vocab.txt (written as tokenizer.json)")
    parser.add_argument("--num-regions", type=int, default=36, help="detector regions R (default 36)")
    parser.add_argument("--seq-len", type=int, default=38, help="text length L used for tracing (default 38)")
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE,
                        help="max abs diff traced vs eager (default 1e-4)")
    parser.add_argument("--batch-dependent", choices=batching.CHOICES, default="auto",
                        help="metadata batchDependent: measured (auto, the default) or set (yes/no)")
