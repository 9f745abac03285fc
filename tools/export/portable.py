"""Device portability of traced modules: one `.pt` that runs on whatever device the worker picks.

Tracing records every factory call (`arange`, `zeros`, `new_zeros`, `.to(...)`) with the device it
ran on as a `prim::Constant[value="cpu"]`, so a CPU-traced module would build CPU tensors on a GPU
worker. `make_device_portable` replaces each such constant by `prim::device(x)` of a tensor input
of the same graph; the rewrite is part of the graph, so it survives `torch.jit.save`/`load`.
`device_constants` walks every graph of a module (submodule calls inlined) and lists what is left.

`device_calls_stay_on` is for model code that moves tensors itself (VOLTA's VisualBERT calls
`.cuda()`): while it is active, `.cuda()` and `.to("cuda…")` go to the tracing device instead.
"""
import contextlib

import torch


def _is_device(value):
    return isinstance(value.type(), torch._C.DeviceObjType)


def _device_constant_nodes(graph):
    return [node for node in graph.findAllNodes("prim::Constant", True) if _is_device(node.output())]


def _first_tensor_input(graph):
    return next((value for value in graph.inputs() if isinstance(value.type(), torch._C.TensorType)), None)


def _graphs(module):
    """(qualified name, graph) of every method of `module` and its submodules, as stored."""
    for name, sub in module.named_modules():
        for method in sub._c._method_names():
            yield f"{name or '<top>'}.{method}", sub._c._get_method(method).graph


def _rewrite(graph):
    """Points every device constant of `graph` at `prim::device(first tensor input)`.
    Returns False when the graph holds device constants but has no tensor input to take one from."""
    constants = _device_constant_nodes(graph)
    if not constants:
        return True
    source = _first_tensor_input(graph)
    if source is None:
        return False
    device = graph.create("prim::device", [source])
    device.output().setType(torch._C.DeviceObjType.get())
    device.insertBefore(next(iter(graph.nodes())))
    for node in constants:
        node.output().replaceAllUsesWith(device.output())
        node.destroy()
    return True


def make_device_portable(module):
    """Rewrites the device constants of every graph of a traced module in place.
    Returns the names of the graphs that could not be rewritten (no tensor input)."""
    return [name for name, graph in _graphs(module) if not _rewrite(graph)]


def device_constants(module):
    """One line per device constant in any graph of `module`, submodule calls inlined."""
    found = []
    for name, graph in _graphs(module):
        inlined = graph.copy()
        torch._C._jit_pass_inline(inlined)
        found += [f"{name}: {node.kind()}[value=\"{node.output().toIValue()}\"]"
                  for node in _device_constant_nodes(inlined)]
    return found


def _redirect(value, device):
    if isinstance(value, (str, torch.device)) and torch.device(value).type == "cuda":
        return device
    return value


@contextlib.contextmanager
def _patched(owner, replacements):
    """Sets attributes of `owner` for the duration, then restores exactly what was there."""
    saved = {name: owner.__dict__[name] for name in replacements if name in owner.__dict__}
    for name, value in replacements.items():
        setattr(owner, name, value)
    try:
        yield
    finally:
        for name in replacements:
            if name in saved:
                setattr(owner, name, saved[name])
            else:
                delattr(owner, name)


@contextlib.contextmanager
def device_calls_stay_on(device):
    """Makes `tensor.cuda()` and `tensor.to(<cuda device>)` move to `device` instead, so model code
    written for a GPU can be built, run and traced on the device the exporter chose."""
    device = torch.device(device)
    original_to = torch.Tensor.to

    def cuda(self, *args, **kwargs):
        return original_to(self, device)

    def to(self, *args, **kwargs):
        args = tuple(_redirect(arg, device) for arg in args)
        if "device" in kwargs:
            kwargs["device"] = _redirect(kwargs["device"], device)
        return original_to(self, *args, **kwargs)

    with _patched(torch.Tensor, {"cuda": cuda, "to": to}):
        yield device
