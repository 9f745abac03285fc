"""Whether a model's outputs for one example depend on the other examples in its batch (spec §2.4).

VOLTA's VL-BERT shifts one shared row of text position ids in place, so each example's positions
depend on the shortest text in its batch. The engine needs to know (metadata `batchDependent`):
such a model is run with the paper's batching or one example at a time, never in mixed batches.
"""
import dataclasses

import torch

PAPER_BATCH_SIZE = 16
CHOICES = ("auto", "yes", "no")


@dataclasses.dataclass
class BatchCheck:
    gap: float           # max |batch row − same example alone|, eager, over both outputs
    traced_diff: float   # max |traced − eager| on the whole batch


def _max_diff(pairs):
    return max((float((a - b).abs().max()) if a.numel() else 0.0) for a, b in pairs)


def measure(wrapper, scripted, inputs):
    """Runs eager on the batch and on each row alone, and the traced module on the batch."""
    wrapper.eval()
    with torch.no_grad():
        batch = wrapper(*[t.clone() for t in inputs])
        traced = scripted(*inputs)
        alone = [wrapper(*[t[i:i + 1].clone() for t in inputs]) for i in range(inputs[0].size(0))]
    gap = _max_diff((out[i:i + 1], row[k]) for i, row in enumerate(alone) for k, out in enumerate(batch))
    return BatchCheck(gap, _max_diff(zip(traced, batch)))


def decide(choice, check, tolerance):
    """The metadata value and the line that says why: measured (`auto`) or set by the user."""
    measured = check.gap > tolerance
    found = (f"a row of a batch of {PAPER_BATCH_SIZE} differs from the same example alone by up to "
             f"{check.gap:.3g} (tolerance {tolerance:g})")
    if choice == "auto":
        return measured, f"batch dependence: {found}: batchDependent {str(measured).lower()}"
    value = choice == "yes"
    note = "" if value == measured else ", against the measurement"
    return value, (f"batch dependence: {found}; batchDependent {str(value).lower()} "
                   f"(--batch-dependent {choice}{note})")
