#!/usr/bin/env python3
"""Export a VOLTA `BertForVLPreTraining` checkpoint (spec §5) to the xmodal model contract.

Needs the user's VOLTA (or cross-modal-ablation) checkout, on PYTHONPATH or given by --volta. The model is built
from its ctrl_*.json config, loaded from pytorch_model_9.bin, wrapped by `contract.ContractWrapper`
(which returns the MLM logits and the first visual target's logits) and traced in eval()/no_grad.
"""
import argparse
import json
import os
import sys

import torch

import contract
import portable
import volta_compat
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


def read_json(path):
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


def load_state_dict(path):
    try:
        state = torch.load(path, map_location="cpu")
    except Exception as err:
        raise ExportError(f"cannot load checkpoint {path}: {contract.one_line(err)}") from None
    if isinstance(state, dict) and "model_state_dict" in state:
        state = state["model_state_dict"]
    if not isinstance(state, dict):
        raise ExportError(f"checkpoint {path} holds a {type(state).__name__}, not a state dict")
    # Checkpoints saved from DataParallel carry a "module." prefix.
    return {(k[len("module."):] if k.startswith("module.") else k): v for k, v in state.items()}


def construct(model_class, config, config_path):
    try:
        return model_class(config)
    except volta_compat.MissingSetting as err:
        raise ExportError(f"{config_path}: {err}; add it to the config") from None
    except Exception as err:
        raise ExportError(f"VOLTA could not build the model from {config_path}: {contract.one_line(err)}") from None


def build_model(config_path, checkpoint_path, log=None):
    log = log or sys.stderr
    BertConfig, BertForVLPreTraining = volta_compat.import_volta()
    config, filled = volta_compat.read_config(BertConfig, config_path)
    model = construct(BertForVLPreTraining, config, config_path)
    if filled:
        settings = ", ".join(f"{name}={getattr(config, name)!r}" for name in filled)
        log.write(f"note: {os.path.basename(config_path)} does not set {settings}; "
                  "using this VOLTA code's defaults\n")
    volta_compat.load_weights(model, load_state_dict(checkpoint_path), log, config)
    if hasattr(model, "tie_weights"):
        model.tie_weights()  # the MLM decoder shares the word embeddings (spec §5.4)
    return model.eval(), config


def build(args):
    config = read_json(args.config)
    visual_key(config.get("visual_target_weights"))  # fail before the slow model build
    spec = contract.ModelSpec(
        name=args.name or os.path.splitext(os.path.basename(args.config))[0],
        family=args.family or family_of(args.config),
        global_image=contract.global_image_position(config.get("add_global_imgfeat")),
        feature_size=int(config.get("v_feature_size", 2048)),
        num_locations=int(config.get("num_locs", 5)),
        num_regions=args.num_regions, seq_len=args.seq_len, group=args.group)
    model, config_obj = build_model(args.config, args.checkpoint)
    # Take the key from VOLTA's own config object: the head dict is keyed the way VOLTA parsed it.
    key = visual_key(getattr(config_obj, "visual_target_weights", None) or config["visual_target_weights"])
    return contract.ContractWrapper(model, key), spec


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True, help="VOLTA model config, e.g. config/ctrl_lxmert.json")
    parser.add_argument("--checkpoint", required=True, help="pytorch_model_9.bin")
    parser.add_argument("--volta", help="VOLTA checkout to use (VOLTA's root or cross-modal-ablation's); "
                                        "default: the volta package on PYTHONPATH")
    contract.add_common_args(parser)
    args = parser.parse_args(argv)
    torch.set_grad_enabled(False)
    try:
        checkout = volta_compat.volta_from(args.volta)
        # VOLTA code written for a GPU (VisualBERT's .cuda()) then runs and traces on the CPU.
        with checkout, portable.device_calls_stay_on("cpu"):
            return contract.run_cli(build, args)
    except ExportError as err:
        sys.stderr.write(f"error: {err}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
