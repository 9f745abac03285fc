#!/usr/bin/env python3
"""Export a VOLTA `BertForVLPreTraining` checkpoint (spec §5) to the xmodal model contract.

Needs the user's VOLTA (or cross-modal-ablation `volta/`) checkout on PYTHONPATH. The model is built
from its ctrl_*.json config, loaded from pytorch_model_9.bin, wrapped by `contract.ContractWrapper`
(which returns the MLM logits and the first visual target's logits) and traced in eval()/no_grad.
"""
import argparse
import json
import os
import sys

import torch

import contract
from contract import ExportError

# Config file stem → metadata family; anything else is "volta".
FAMILIES = {"lxmert": "lxmert", "vilbert": "vilbert", "vl-bert": "vl-bert",
            "visualbert": "visualbert", "uniter": "uniter"}


def family_of(config_path):
    stem = os.path.splitext(os.path.basename(config_path))[0].lower()
    parts = stem.split("_")
    for part in parts:
        if part in FAMILIES:
            return FAMILIES[part]
    return "volta"


def read_config(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as err:
        raise ExportError(f"cannot read config {path}: {err}") from None


def visual_key(targets):
    # The ablation scripts score `prediction_scores_v_dict[first key of visual_target_weights]`
    # (spec §3.3); without a visual target VOLTA builds no visual head at all.
    if not targets:
        raise ExportError("config has no visual_target_weights, so the model has no visual head; "
                          "the contract needs region logits")
    return next(iter(targets))


def import_volta():
    # VOLTA uses apex's FusedLayerNorm when apex imports; it does not trace for CPU. Blocking the
    # import makes VOLTA fall back to torch's LayerNorm, which computes the same function.
    sys.modules.setdefault("apex", None)
    try:
        from volta.config import BertConfig
        from volta.encoders import BertForVLPreTraining
    except ImportError as err:
        raise ExportError(f"cannot import volta ({err}); put your VOLTA checkout on PYTHONPATH, e.g. "
                          "PYTHONPATH=/path/to/volta") from None
    return BertConfig, BertForVLPreTraining


def load_state_dict(path):
    try:
        state = torch.load(path, map_location="cpu")
    except (OSError, RuntimeError) as err:
        raise ExportError(f"cannot load checkpoint {path}: {err}") from None
    if isinstance(state, dict) and "model_state_dict" in state:
        state = state["model_state_dict"]
    # Checkpoints saved from DataParallel carry a "module." prefix.
    return {(k[len("module."):] if k.startswith("module.") else k): v for k, v in state.items()}


def build_model(config_path, checkpoint_path):
    BertConfig, BertForVLPreTraining = import_volta()
    config = BertConfig.from_json_file(config_path)
    model = BertForVLPreTraining(config)
    result = model.load_state_dict(load_state_dict(checkpoint_path), strict=False)
    if result.missing_keys:
        # A missing weight would leave a randomly initialised layer: fail rather than export it.
        raise ExportError(f"checkpoint lacks {len(result.missing_keys)} weights of the model built from "
                          f"{config_path}, e.g. {result.missing_keys[:5]}; config and checkpoint do not match")
    if result.unexpected_keys:
        sys.stderr.write(f"note: {len(result.unexpected_keys)} checkpoint weights are not used by this "
                         f"model (e.g. {result.unexpected_keys[:3]})\n")
    if hasattr(model, "tie_weights"):
        model.tie_weights()  # the MLM decoder shares the word embeddings (spec §5.4)
    return model.eval(), config


def build(args):
    config = read_config(args.config)
    visual_key(config.get("visual_target_weights"))  # fail before the slow model build
    spec = contract.ModelSpec(
        name=args.name or os.path.splitext(os.path.basename(args.config))[0],
        family=args.family or family_of(args.config),
        global_image=contract.global_image_position(config.get("add_global_imgfeat")),
        feature_size=int(config.get("v_feature_size", 2048)),
        num_locations=int(config.get("num_locs", 5)),
        num_regions=args.num_regions, seq_len=args.seq_len)
    model, config_obj = build_model(args.config, args.checkpoint)
    # Take the key from VOLTA's own config object: the head dict is keyed the way VOLTA parsed it.
    key = visual_key(getattr(config_obj, "visual_target_weights", None) or config["visual_target_weights"])
    return contract.ContractWrapper(model, key), spec


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True, help="VOLTA model config, e.g. config/ctrl_lxmert.json")
    parser.add_argument("--checkpoint", required=True, help="pytorch_model_9.bin")
    contract.add_common_args(parser)
    args = parser.parse_args(argv)
    torch.set_grad_enabled(False)
    return contract.run_cli(build, args)


if __name__ == "__main__":
    sys.exit(main())
