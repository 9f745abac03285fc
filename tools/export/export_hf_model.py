#!/usr/bin/env python3
"""Export a Hugging Face LXMERT, VisualBERT or text-only BERT masked LM to the xmodal model contract.

`transformers` is imported only when a model is loaded, and only local files are read
(`local_files_only=True`). The README lists what each family's mapping can and cannot do.
"""
import argparse
import json
import os
import sys

import torch

import contract
from contract import ExportError

ARCHES = {"lxmert": "LxmertForPreTraining", "visualbert": "VisualBertForPreTraining",
          "bert": "BertForMaskedLM"}
MODEL_TYPES = {"lxmert": "lxmert", "visual_bert": "visualbert", "bert": "bert"}
# Width of the zero region logits of a model without a region head. It cannot equal a detector's
# class count, so xmodal refuses lang4vis for it instead of scoring meaningless uniform logits.
NO_REGION_HEAD_CLASSES = 1


class LxmertWrapper(contract.ContractModule):
    """HF `LxmertForPreTraining`: MLM logits from `cls`, region logits from `obj_predict_head["obj"]`.

    The HF forward computes the visual heads only when labels are given, so the backbone and heads
    are called directly. Without an `obj` head the region logits are NO_REGION_HEAD_CLASSES zeros.
    """

    def __init__(self, model):
        super().__init__()
        self.model = model
        head = getattr(model, "obj_predict_head", None)
        self.has_obj = head is not None and "obj" in getattr(head, "decoder_dict", {"obj": None})

    def compute(self, input_ids, token_type_ids, attention_mask, image_feat, image_loc, image_mask):
        out = self.model.lxmert(input_ids=input_ids, visual_feats=image_feat, visual_pos=image_loc,
                                attention_mask=attention_mask, visual_attention_mask=image_mask,
                                token_type_ids=token_type_ids, return_dict=True)
        text = self.model.cls(out.language_output, out.pooled_output)[0]
        if self.has_obj:
            regions = self.model.obj_predict_head(out.vision_output)["obj"]
        else:
            regions = image_feat.new_zeros((image_feat.size(0), image_feat.size(1), NO_REGION_HEAD_CLASSES))
        return text, regions


class VisualBertWrapper(contract.ContractModule):
    """HF `VisualBertForPreTraining`: the MLM logits of the text positions; no region head.

    VisualBERT has no box input, so `image_loc` is ignored (as in VOLTA's VisualBERT, spec §5.3);
    visual tokens get token type 1 as in its pretraining.
    """

    def __init__(self, model):
        super().__init__()
        self.model = model

    def compute(self, input_ids, token_type_ids, attention_mask, image_feat, image_loc, image_mask):
        out = self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids,
                         visual_embeds=image_feat, visual_attention_mask=image_mask,
                         visual_token_type_ids=torch.ones_like(image_mask), return_dict=True)
        # prediction_logits covers [text; visual] positions; the contract wants the text ones.
        text = out.prediction_logits[:, :input_ids.size(1)]
        regions = image_feat.new_zeros((image_feat.size(0), image_feat.size(1), NO_REGION_HEAD_CLASSES))
        return text, regions


def import_transformers():
    try:
        import transformers
    except ImportError:
        raise ExportError("the Python package 'transformers' is not installed for this interpreter; "
                          "install it (e.g. pip install 'transformers>=4.10') and run again") from None
    return transformers


def detect_arch(model_dir):
    path = os.path.join(model_dir, "config.json")
    try:
        with open(path, encoding="utf-8") as handle:
            model_type = json.load(handle).get("model_type")
    except (OSError, ValueError) as err:
        raise ExportError(f"cannot read {path} ({err}); pass --arch") from None
    if model_type not in MODEL_TYPES:
        raise ExportError(f"{path}: model_type {model_type!r} is not one of {sorted(MODEL_TYPES)}")
    return MODEL_TYPES[model_type]


def load(arch, model_dir, state_dict=None):
    transformers = import_transformers()
    cls = getattr(transformers, ARCHES[arch])
    model = cls.from_pretrained(model_dir, local_files_only=True)
    if state_dict:
        # BERT-CC (spec §4) is bert-base-uncased with a state dict loaded on top.
        state = torch.load(state_dict, map_location="cpu")
        state = {(k[7:] if k.startswith("module.") else k): v for k, v in state.items()}
        result = model.load_state_dict(state, strict=False)
        if result.missing_keys:
            raise ExportError(f"{state_dict} lacks {len(result.missing_keys)} weights of {ARCHES[arch]}, "
                              f"e.g. {result.missing_keys[:5]}")
    return model.eval()


def wrap(arch, model, args):
    """Returns (wrapper, spec) for a loaded HF model; separate from load() so tests can pass stand-ins."""
    config = model.config
    name = args.name or os.path.basename(os.path.normpath(args.model))
    common = dict(name=name, num_regions=args.num_regions, seq_len=args.seq_len, group=args.group)
    if arch == "lxmert":
        spec = contract.ModelSpec(family=args.family or "lxmert", global_image="none",
                                  feature_size=config.visual_feat_dim, num_locations=config.visual_pos_dim,
                                  **common)
        return LxmertWrapper(model), spec
    if arch == "visualbert":
        spec = contract.ModelSpec(family=args.family or "visualbert", global_image="none",
                                  feature_size=config.visual_embedding_dim, num_locations=4, **common)
        return VisualBertWrapper(model), spec
    spec = contract.ModelSpec(family=args.family or "text-only", global_image="none",
                              feature_size=args.feature_size, num_locations=args.num_locations,
                              text_only=True, **common)
    return contract.TextOnlyWrapper(model, args.num_classes), spec


def build(args):
    arch = args.arch or detect_arch(args.model)
    return wrap(arch, load(arch, args.model, args.state_dict), args)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="local Hugging Face model folder (config.json + weights)")
    parser.add_argument("--arch", choices=sorted(ARCHES), help="default: from config.json model_type")
    parser.add_argument("--state-dict", help="text-only: a state dict to load on top (e.g. BERT-CC)")
    parser.add_argument("--feature-size", type=int, default=2048,
                        help="text-only: D of the image input it ignores (default 2048, the feature store's)")
    parser.add_argument("--num-locations", type=int, default=5, help="text-only: K of the ignored boxes")
    parser.add_argument("--num-classes", type=int, default=1601,
                        help="text-only: width of the zero region logits (default 1601)")
    contract.add_common_args(parser)
    args = parser.parse_args(argv)
    torch.set_grad_enabled(False)
    return contract.run_cli(build, args)


if __name__ == "__main__":
    sys.exit(main())
