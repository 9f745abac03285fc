#!/usr/bin/env python3
"""Check on a CUDA machine that exports run on the GPU and give the CPU's values.

For each architecture (small random-weight models built by a real VOLTA checkout, see real_volta.py)
it compares, on a batch of 16, with the eager forward on the CPU:
  * eager on CUDA;
  * the CPU-traced export (what export_volta_model.py writes) loaded onto CUDA;
  * a module traced on CUDA (device constants rewritten), run on CUDA, and loaded back onto the CPU.
Prints the max abs differences; exit status 1 when one exceeds --tolerance, 2 without a CUDA device.
"""
import argparse
import contextlib
import io
import os
import sys
import tempfile
import warnings

import torch

import contract
import portable
import real_volta
import volta_compat

HEADER = ("arch", "volta", "eager cuda-cpu", "cpu-traced on cuda", "cuda-traced on cuda", "cuda-traced on cpu")


def no_cuda_reason():
    if torch.cuda.is_available():
        return None
    build = torch.version.cuda or "none"
    return (f"no CUDA device: torch.cuda.is_available() is false (torch {torch.__version__}, CUDA build "
            f"{build}); run this on a machine with a CUDA GPU and a CUDA build of PyTorch")


def run(module, inputs, device):
    with torch.no_grad(), portable.device_calls_stay_on(device), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [t.float().cpu() for t in module(*[t.to(device) for t in inputs])]


def diff(a, b):
    return max(float((x - y).abs().max()) for x, y in zip(a, b))


def cpu_export_on(device, wrapper, spec, inputs, work):
    """Exports as export_volta_model.py does (traced on the CPU) and runs the file on `device`."""
    with portable.device_calls_stay_on("cpu"), contextlib.redirect_stderr(io.StringIO()):
        contract.export(wrapper, spec, work, real_volta.write_vocab(os.path.join(work, "vocab.txt")),
                        log=io.StringIO())
    return run(torch.jit.load(os.path.join(work, spec.name + ".pt"), map_location=device), inputs, device)


def traced_on(device, wrapper, spec, inputs, work):
    """Eager on `device`, and a module traced there: its outputs there and, loaded back, on the CPU."""
    wrapper.to(device)
    try:
        with portable.device_calls_stay_on(device), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            traced = contract.trace(wrapper, spec, real_volta.VOCAB_SIZE, device=device)
        path = os.path.join(work, f"{spec.name}-{torch.device(device).type}.pt")
        torch.jit.save(traced, path)
        contract.require_device_free(torch.jit.load(path, map_location="cpu"))
        eager = run(wrapper, inputs, device)
        there = run(torch.jit.load(path, map_location=device), inputs, device)
        on_cpu = run(torch.jit.load(path, map_location="cpu"), inputs, "cpu")
    finally:
        wrapper.cpu()
    return eager, there, on_cpu


def check_one(checkout, arch, work, seed=0, device="cuda"):
    """The four differences of HEADER for one architecture (`device` other than cuda: for testing)."""
    with volta_compat.volta_from(checkout):
        config = real_volta.write_small_config(checkout, arch, work)
        model = real_volta.build_random(config, seed)
    wrapper, spec = real_volta.wrapper_and_spec(model, config, name=arch)
    inputs = contract.example_inputs(spec, real_volta.VOCAB_SIZE, batch=16, seed=seed + 1, zero_regions=3)
    eager_cpu = run(wrapper, inputs, "cpu")
    exported = cpu_export_on(device, wrapper, spec, inputs, work)
    eager, traced, traced_on_cpu = traced_on(device, wrapper, spec, inputs, work)
    return [diff(eager, eager_cpu), diff(exported, eager_cpu), diff(traced, eager_cpu), diff(traced_on_cpu, eager_cpu)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volta", action="append", required=True, help="a VOLTA checkout (repeatable)")
    parser.add_argument("--arch", action="append", choices=sorted(real_volta.ARCHITECTURES),
                        help="architectures to check (default: all five)")
    parser.add_argument("--tolerance", type=float, default=1e-4, help="max abs diff GPU vs CPU (default 1e-4)")
    args = parser.parse_args(argv)
    reason = no_cuda_reason()
    if reason:
        sys.stderr.write(f"error: {reason}\n")
        return 2
    # Full fp32 on both sides: TF32 matmuls would differ from the CPU by ~1e-3 by design.
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    print("\t".join(HEADER))

    def check_all():
        worst = 0.0
        for checkout in args.volta:
            for arch in args.arch or list(real_volta.ARCHITECTURES):
                with tempfile.TemporaryDirectory(prefix="xmodal-gpu-check-") as work:
                    diffs = check_one(checkout, arch, work)
                worst = max([worst] + diffs)
                print("\t".join([arch, os.path.basename(os.path.normpath(checkout))] + [f"{d:.3g}" for d in diffs]))
        return worst

    ok, worst = contract.reporting_errors(check_all)
    if not ok:
        return 2
    print(f"{torch.cuda.get_device_name(0)}, torch {torch.__version__}: largest difference {worst:.3g} "
          f"(tolerance {args.tolerance:g})")
    return 1 if worst > args.tolerance else 0


if __name__ == "__main__":
    sys.exit(main())
