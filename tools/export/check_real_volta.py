#!/usr/bin/env python3
"""Export small random-weight models of all five architectures with real VOLTA code and compare.

For every checkout A given with --volta and every architecture: A's code builds a random model from
A's ctrl config (widths shrunk), and its state dict is saved as a checkpoint "of A's age". Then every
checkout E exports that config + checkpoint with export_volta_model.py (--volta E). The exported
TorchScript is compared with the eager forward of A's model, the one that made the checkpoint, on
a batch of 16 with different text lengths and on each of its rows alone (batch 1). Printed per
export: max |TorchScript − eager| at batch 16 and batch 1, eager's own batch-16 vs batch-1 gap,
and the metadata's batchDependent. Exit status 1 when an export fails or a difference exceeds 1e-5.
"""
import argparse
import contextlib
import dataclasses
import io
import json
import os
import sys
import tempfile
import warnings

import torch

import contract
import export_volta_model
import portable
import real_volta
import volta_compat

TOLERANCE = 1e-5
HEADER = ("arch", "checkpoint", "exported with", "TS-eager b16", "TS-eager b1", "eager b16-b1", "batchDependent")


def label(path):
    """The checkout's name; cross-modal-ablation's copy is its `volta/` folder, so it is named by its parent."""
    parts = os.path.normpath(os.path.abspath(path)).split(os.sep)
    return parts[-2] if parts[-2:] == ["cross-modal-ablation", "volta"] else parts[-1]


def run_rows(module, inputs):
    """Outputs on the whole batch and on each row alone."""
    with torch.no_grad(), portable.device_calls_stay_on("cpu"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # VL-BERT's index_put_ on an expanded tensor: the point of the check
        batch = module(*[t.clone() for t in inputs])
        alone = [module(*[t[i:i + 1].clone() for t in inputs]) for i in range(inputs[0].size(0))]
    return batch, alone


def max_diff(a, b):
    return max(float((x - y).abs().max()) for x, y in zip(a, b))


def alone_diff(rows_a, rows_b):
    return max(max_diff(a, b) for a, b in zip(rows_a, rows_b))


def batch_gap(batch, alone):
    return max(max_diff([o[i:i + 1] for o in batch], row) for i, row in enumerate(alone))


def make_checkpoint(checkout, arch, work, seed):
    """A's model, config and checkpoint, and A's eager outputs on the test batch."""
    folder = os.path.join(work, label(checkout))
    with volta_compat.volta_from(checkout):
        config = real_volta.write_small_config(checkout, arch, folder)
        model = real_volta.build_random(config, seed)
        checkpoint = os.path.join(folder, f"{arch}.bin")
        torch.save(model.state_dict(), checkpoint)
        wrapper, spec = real_volta.wrapper_and_spec(model, config)
        inputs = contract.example_inputs(spec, real_volta.VOCAB_SIZE, batch=16, seed=seed + 1, zero_regions=3)
        eager = run_rows(wrapper, inputs)
    return config, checkpoint, inputs, eager


@dataclasses.dataclass
class Row:
    arch: str
    checkpoint: str                 # the checkout whose code made the checkpoint (its "age")
    exporter: str                   # the checkout whose code exported it
    error: str = None               # the exporter's error line, when it failed
    batch: float = None             # max |TorchScript − eager| on the batch of 16
    alone: float = None             # the same, each row alone
    eager_gap: float = None         # eager: batch of 16 vs each row alone
    batch_dependent: bool = None    # the metadata's value

    def ok(self):
        return self.error is None and max(self.batch, self.alone) <= TOLERANCE

    def line(self):
        where = [self.arch, self.checkpoint, self.exporter]
        if self.error:
            return "\t".join(where + [f"FAILED: {self.error}"])
        return "\t".join(where + [f"{v:.3g}" for v in (self.batch, self.alone, self.eager_gap)]
                         + [str(self.batch_dependent).lower()])


def export_and_compare(row, exporter, config, checkpoint, inputs, eager, work, verbose=False):
    """Exports with the code of the checkout `exporter` and fills in the row."""
    name = f"{row.arch}-{row.checkpoint}-by-{row.exporter}"
    vocab = real_volta.write_vocab(os.path.join(work, "vocab.txt"))
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = export_volta_model.main(["--volta", exporter, "--config", config, "--checkpoint", checkpoint,
                                        "--name", name, "--tokenizer", vocab, "--out", os.path.join(work, "models")])
    if verbose:
        sys.stderr.write(err.getvalue())
    if code != 0:
        row.error = err.getvalue().strip().splitlines()[-1]
        return row
    with open(os.path.join(work, "models", name + ".json"), encoding="utf-8") as handle:
        row.batch_dependent = json.load(handle)["batchDependent"]
    batch, alone = run_rows(torch.jit.load(os.path.join(work, "models", name + ".pt")), inputs)
    row.batch, row.alone, row.eager_gap = max_diff(batch, eager[0]), alone_diff(alone, eager[1]), batch_gap(*eager)
    return row


def check(checkouts, arches, work, seed=0, out=sys.stdout, verbose=False):
    """One row per (architecture, checkpoint age, exporting code), printed as it is done."""
    out.write("\t".join(HEADER) + "\n")
    rows = []
    for arch in arches:
        for maker in checkouts:
            config, checkpoint, inputs, eager = make_checkpoint(maker, arch, work, seed)
            for exporter in checkouts:
                row = export_and_compare(Row(arch, label(maker), label(exporter)), exporter, config, checkpoint,
                                         inputs, eager, work, verbose)
                rows.append(row)
                out.write(row.line() + "\n")
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volta", action="append", required=True,
                        help="a VOLTA checkout (VOLTA's root or cross-modal-ablation's); give both copies")
    parser.add_argument("--arch", action="append", choices=sorted(real_volta.ARCHITECTURES),
                        help="architectures to check (default: all five)")
    parser.add_argument("--work", help="folder for configs, checkpoints and exports (default: a temporary one)")
    parser.add_argument("--verbose", action="store_true", help="show what the exporter prints")
    args = parser.parse_args(argv)
    torch.set_grad_enabled(False)
    def run_checks():
        for checkout in args.volta:
            volta_compat.package_root(checkout)
        with tempfile.TemporaryDirectory(prefix="xmodal-volta-check-") as tmp:
            return check(args.volta, args.arch or list(real_volta.ARCHITECTURES), args.work or tmp,
                         verbose=args.verbose)

    ok, rows = contract.reporting_errors(run_checks)
    if not ok:
        return 2
    failures = [row for row in rows if not row.ok()]
    sys.stderr.write(f"{len(failures)} failure(s); tolerance {TOLERANCE:g}\n" if failures else
                     f"all exports match VOLTA's eager forward within {TOLERANCE:g}\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
