"""What it takes to build any VOLTA copy's model from any VOLTA copy's config and checkpoint.

Two copies are in use: VOLTA itself (e-bug/volta) and the older one inside cross-modal-ablation,
which the paper ran. Their model code, configs and checkpoint layouts differ in small ways:

* imports: VOLTA needs tqdm, boto3, botocore, requests and numpy just to import;
* configs: each copy's `BertConfig` reads settings the other copy's configs do not set
  (`bert_model` ↔ `model`, `layer_norm_eps`, `fusion_act`, `qa_task_weight`, ...);
* weights: current VOLTA's UNITER has `bert.embeddings.image_token_type_embeddings`, the same
  tensor as `token_type_embeddings` under a second name, which older checkpoints do not have.
"""
import contextlib
import copy
import inspect
import json
import os
import sys

import torch

from contract import ExportError, one_line, reported_as

# Modules VOLTA imports (directly or through what it imports) → the Debian package that has them.
DEBIAN_PACKAGES = {"tqdm": "python3-tqdm", "boto3": "python3-boto3", "botocore": "python3-botocore",
                   "requests": "python3-requests", "numpy": "python3-numpy", "lmdb": "python3-lmdb",
                   "yaml": "python3-yaml", "h5py": "python3-h5py", "torch": "python3-torch"}

# Checkpoint name ↔ model name of one tensor (used in both directions). Identity ties that the built
# model has are found without this table; it covers checkpoints whose layout the code does not share.
# current VOLTA's UNITER: image token types read the text token type table under a second name
UNITER_IMAGE_TYPES = ("bert.embeddings.token_type_embeddings.weight",
                      "bert.embeddings.image_token_type_embeddings.weight")
# every VOLTA model: the MLM decoder is tied to the word embeddings (spec §5.4)
MLM_DECODER = ("bert.embeddings.word_embeddings.weight", "cls.predictions.decoder.weight")
ALIASES = (UNITER_IMAGE_TYPES, MLM_DECODER)


# ---------------------------------------------------------------------------------------------- imports
def package_root(path):
    """The folder to put on sys.path for a checkout: VOLTA's root, or cross-modal-ablation's root,
    whose VOLTA copy is in volta/volta."""
    for root in (path, os.path.join(path, "volta")):
        if os.path.isfile(os.path.join(root, "volta", "__init__.py")):
            return os.path.abspath(root)
    raise ExportError(f"{path} is not a VOLTA checkout: no volta/__init__.py (nor volta/volta/__init__.py) in it")


def _forget_volta():
    stashed = {n: m for n, m in sys.modules.items() if n == "volta" or n.startswith("volta.")}
    for name in stashed:
        del sys.modules[name]
    return stashed


@contextlib.contextmanager
def volta_from(path):
    """Makes `import volta` import the checkout at `path` (None: whatever sys.path finds) and
    restores the previous `volta` modules afterwards, so two copies can be used one after the other."""
    root = package_root(path) if path else None
    stashed = _forget_volta()
    if root:
        sys.path.insert(0, root)
    try:
        yield root
    finally:
        if root:
            sys.path.remove(root)
        _forget_volta()
        sys.modules.update(stashed)


def missing_module_message(err):
    name = (err.name or "").split(".")[0]
    if name == "volta":
        return (f"cannot import volta ({err}); put your VOLTA checkout on PYTHONPATH "
                "(e.g. PYTHONPATH=/path/to/volta) or pass --volta /path/to/volta")
    if not name:
        return f"VOLTA does not import: {one_line(err)}"
    package = DEBIAN_PACKAGES.get(name)
    how = f"Debian package {package} (apt install {package})" if package else f"pip install {name}"
    return f"VOLTA imports the Python module '{name}', which is not installed: {how}"


def import_volta():
    """VOLTA's BertConfig and BertForVLPreTraining; a missing dependency is named with its package."""
    # VOLTA uses apex's FusedLayerNorm when apex imports; it does not trace for CPU. Blocking the
    # import makes VOLTA fall back to torch's LayerNorm, which computes the same function.
    sys.modules.setdefault("apex", None)
    try:
        from volta.config import BertConfig
        from volta.encoders import BertForVLPreTraining
    except ImportError as err:
        raise ExportError(missing_module_message(err)) from None
    except Exception as err:
        raise ExportError(f"VOLTA does not import: {one_line(err)}") from None
    return BertConfig, BertForVLPreTraining


# ---------------------------------------------------------------------------------------------- configs
def _text_model_settings(settings):
    """`model` (older copy: "bert"/"roberta") and `bert_model` (current copy: a model name) both say
    which text embeddings to build; each copy reads only its own. The one a config lacks follows from
    the one it has (both absent: BERT, the default of both copies)."""
    model = settings.get("model") or ("roberta" if "roberta" in str(settings.get("bert_model", "")) else "bert")
    bert_model = settings.get("bert_model") or ("roberta-base" if model == "roberta" else "bert-base-uncased")
    return {key: value for key, value in (("model", model), ("bert_model", bert_model)) if key not in settings}


def _constructor_defaults(config_class):
    try:
        parameters = inspect.signature(config_class.__init__).parameters.values()
    except (TypeError, ValueError):
        return {}
    return {p.name: p.default for p in parameters if p.default is not inspect.Parameter.empty}


class MissingSetting(AttributeError):
    """The model code read a setting that neither the config nor VOLTA's defaults have."""

    def __init__(self, name):
        super().__init__(f"the config sets no '{name}', which this VOLTA code reads and has no default for")
        self.setting = name


def _with_defaults(config, defaults, used):
    """Lets `config` answer a setting it lacks with `defaults`, recording the name: only settings the
    model code reads are filled, so the note names only those."""
    base = type(config)

    def __getattr__(self, name):
        if name.startswith("__") or name not in defaults:
            raise MissingSetting(name)
        value = copy.deepcopy(defaults[name])
        setattr(self, name, value)
        used.append(name)
        return value

    config.__class__ = type(base.__name__, (base,), {"__getattr__": __getattr__, "__module__": base.__module__})
    return config


def read_config(config_class, path):
    """VOLTA's config object for `path` (a config of either VOLTA copy). A setting the file lacks is
    answered, when the code reads it, by the text-model rule above or else by this code's
    `BertConfig` default. Returns (config, the names filled: a list that grows while the model is built)."""
    try:
        with open(path, encoding="utf-8") as handle:
            settings = json.load(handle)
    except (OSError, ValueError) as err:
        raise ExportError(f"cannot read config {path}: {err}") from None
    with reported_as(f"reading {path} with VOLTA's BertConfig"):
        config = config_class.from_json_file(path)
    derived = _text_model_settings(settings)
    used = []
    for name, value in derived.items():
        # The older copy's from_json_file presets model="bert"; a current config may say roberta.
        if name in vars(config) and vars(config)[name] != value:
            setattr(config, name, value)
            used.append(name)
    return _with_defaults(config, {**_constructor_defaults(config_class), **derived}, used), used


# ---------------------------------------------------------------------------------------------- weights
def tied_names(model):
    """Each state-dict name → every name of the same tensor in the built model (itself included)."""
    state = model.state_dict(keep_vars=True)
    by_storage = {}
    for name, tensor in state.items():
        key = (tensor.data_ptr(), tensor.dtype, tuple(tensor.shape), tensor.stride())
        by_storage.setdefault(key, set()).add(name)
    return {name: frozenset(names) for names in by_storage.values() for name in names}


def aliases_of(name, table=ALIASES):
    return [b if name == a else a for a, b in table if name in (a, b)]


def fill_aliases(config):
    """The pairs that may fill a missing weight. With a RoBERTa text model, current VOLTA's UNITER has
    a separate image token type table used with other type ids: not a second name of the text one."""
    settings = vars(config) if config is not None else {}  # vars: reading must not fill defaults
    roberta = settings.get("model") == "roberta" or "roberta" in str(settings.get("bert_model", ""))
    return tuple(pair for pair in ALIASES if not (roberta and pair == UNITER_IMAGE_TYPES))


def _same(a, b):
    return a.shape == b.shape and torch.equal(a, b)


def _check_tied_values(state, tied):
    """Names of one tensor in the model must not carry different values in the checkpoint."""
    for names in set(tied.values()):
        present = sorted(n for n in names if n in state)
        for other in present[1:]:
            if not _same(state[present[0]], state[other]):
                raise ExportError(f"checkpoint holds different values for {present[0]} and {other}, which are "
                                  "one tensor in this VOLTA code; it cannot represent this checkpoint")


def _fill_missing(state, expected, tied, table, notes):
    """Covers model names the checkpoint lacks: by identity (another name of the same tensor is in the
    checkpoint), else by the alias table. Returns what is still missing."""
    missing = []
    for name in expected:
        if any(n in state for n in tied[name]):
            continue
        alias = next((a for a in aliases_of(name, table) if a in state), None)
        if alias is None:
            missing.append(name)
        else:
            state[name] = state[alias]
            notes.append(f"{name} from {alias}")
    return missing


def _drop_aliased_extras(state, expected):
    """Checkpoint names the model lacks that are aliases of a model name: one tensor saved twice.
    They must hold the same values; then they are dropped. Returns the names dropped."""
    dropped = []
    for name in [n for n in state if n not in expected]:
        alias = next((a for a in aliases_of(name) if a in expected and a in state), None)
        if alias is None:
            continue
        if not _same(state[name], state[alias]):
            raise ExportError(f"checkpoint's {name} differs from its {alias}; this VOLTA code has only {alias} "
                              "for both, so it cannot represent this checkpoint")
        del state[name]
        dropped.append(name)
    return dropped


def load_weights(model, state, log=None, config=None):
    """Loads a checkpoint of either VOLTA layout into `model`; a weight nobody provides is an error.
    `config` (VOLTA's config object) decides which alias pairs may fill a missing weight."""
    log = log or sys.stderr
    expected = model.state_dict()
    tied = tied_names(model)
    state = dict(state)
    notes = []
    missing = _fill_missing(state, expected, tied, fill_aliases(config), notes)
    if missing:
        # A missing weight would leave a randomly initialised layer: fail rather than export it.
        raise ExportError(f"checkpoint lacks {len(missing)} weights of the model, e.g. {missing[:5]}; "
                          "config and checkpoint do not match")
    _check_tied_values(state, tied)
    dropped = _drop_aliased_extras(state, expected)
    with reported_as("loading the checkpoint into the model built from the config"):
        result = model.load_state_dict(state, strict=False)
    if notes:
        log.write(f"note: alias table: filled {'; '.join(notes)}\n")
    if dropped:
        log.write(f"note: {len(dropped)} checkpoint weights are second names of model weights "
                  f"(alias table), values equal: {dropped[:3]}\n")
    if result.unexpected_keys:
        log.write(f"note: {len(result.unexpected_keys)} checkpoint weights are not used by this "
                  f"model (e.g. {result.unexpected_keys[:3]})\n")
    return model
