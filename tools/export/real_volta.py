"""Small random-weight models of the paper's five architectures, built by a real VOLTA checkout.

Used by check_real_volta.py (exports vs VOLTA's eager forward) and gpu_check.py (CUDA vs CPU).
The configs are the checkout's own `config/ctrl_*.json` with the widths shrunk, so every layer,
embedding and quirk of the architecture is there, only smaller.
"""
import json
import os

import torch

import contract
import volta_compat

ARCHITECTURES = {"lxmert": "ctrl_lxmert", "vilbert": "ctrl_vilbert_base", "vl-bert": "ctrl_vl-bert_base",
                 "visualbert": "ctrl_visualbert_base", "uniter": "ctrl_uniter_base"}
# Widths only: layer counts and the sublayer wiring stay as configured.
SMALL = {"hidden_size": 32, "v_hidden_size": 32, "intermediate_size": 64, "v_intermediate_size": 64,
         "num_attention_heads": 2, "v_num_attention_heads": 2, "pooler_size": 32, "v_pooler_size": 32,
         "v_feature_size": 64, "vocab_size": 200}
VOCAB_SIZE = SMALL["vocab_size"]


def write_small_config(checkout, arch, out_dir):
    """The checkout's ctrl config for `arch` with SMALL widths, written to out_dir; returns its path."""
    source = os.path.join(volta_compat.package_root(checkout), "config", ARCHITECTURES[arch] + ".json")
    with open(source, encoding="utf-8") as handle:
        config = json.load(handle)
    config.update(SMALL)
    if config.get("v_coordinate_embeddings_dim"):
        # VL-BERT concatenates a sin/cos box embedding of 4·2·dim values with the feature (same width).
        config["v_coordinate_embeddings_dim"] = SMALL["v_feature_size"] // 8
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, ARCHITECTURES[arch] + ".json")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(config, handle, indent=2)
    return path


def build_random(config_path, seed):
    """VOLTA's model for the config (the `volta` imported now), with noise on every weight so that no
    path is left at its zero initialisation (VL-BERT's visual LayerNorms start at 0)."""
    BertConfig, BertForVLPreTraining = volta_compat.import_volta()
    config, _ = volta_compat.read_config(BertConfig, config_path)
    torch.manual_seed(seed)
    model = BertForVLPreTraining(config)
    with torch.no_grad():
        for parameter in model.parameters():  # shared tensors once
            parameter.add_(torch.randn_like(parameter) * 0.05)
    return model.eval()


def wrapper_and_spec(model, config_path, name="model"):
    with open(config_path, encoding="utf-8") as handle:
        config = json.load(handle)
    spec = contract.ModelSpec(name=name, family=name, global_image=contract.global_image_position(
        config.get("add_global_imgfeat")), feature_size=config["v_feature_size"], num_locations=config["num_locs"])
    return contract.ContractWrapper(model, next(iter(config["visual_target_weights"]))), spec


def write_vocab(path, size=VOCAB_SIZE):
    """A vocab.txt with BERT's special tokens at bert-base-uncased's ids."""
    tokens = [f"[unused{i}]" for i in range(size)]
    for index, token in ((0, "[PAD]"), (100, "[UNK]"), (101, "[CLS]"), (102, "[SEP]"), (103, "[MASK]")):
        tokens[index] = token
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(tokens) + "\n")
    return path
