"""Stand-ins for what real VOLTA code does to an exporter, one problem each, and a fake `volta`
package that builds them from a config, with VOLTA's module layout and config behaviour.

* `CudaCallingStandIn`: moves a tensor with `.cuda()` in its forward (VOLTA's VisualBERT).
* `UniterLayoutStandIn`: the current layout names one tensor twice
  (`image_token_type_embeddings` is `token_type_embeddings`); the old layout has one name.
* `SharedPositionRowStandIn`: VL-BERT's text position ids, an `expand_as` view of one `arange` row
  shifted in place, so all rows share it and each example depends on its batch.
* `FixedDeviceStandIn`: a submodule that makes a tensor from no input, so tracing fixes its device
  and there is no input to take the device from.
"""
import os

import torch
from torch import nn

from tests.standins import CLASSES, FEAT, HIDDEN, VOCAB, VoltaStandIn, _Mixer


class CudaCallingStandIn(VoltaStandIn):
    def forward(self, input_ids, image_feat, image_loc, **kwargs):
        scores_t, scores_v, *rest = super().forward(input_ids, image_feat, image_loc, **kwargs)
        # As VOLTA's VisualBERT: position_ids_visual = torch.zeros(...).cuda()
        visual_positions = torch.zeros(*image_feat.shape[:-1], dtype=torch.long).cuda()
        shift = self.region_head(self.position(visual_positions))
        return (scores_t, {**scores_v, "0": scores_v["0"] + shift}, *rest)


class _Embeddings(nn.Module):
    def __init__(self, new_layout):
        super().__init__()
        self.word_embeddings = nn.Embedding(VOCAB, HIDDEN)
        self.token_type_embeddings = nn.Embedding(2, HIDDEN)
        if new_layout:
            self.image_token_type_embeddings = self.token_type_embeddings
        self.image_embeddings = nn.Linear(FEAT, HIDDEN)

    def image_types(self):
        return getattr(self, "image_token_type_embeddings", self.token_type_embeddings)


class _Namespace(nn.Module):
    def __init__(self, **children):
        super().__init__()
        for name, child in children.items():
            setattr(self, name, child)


class UniterLayoutStandIn(nn.Module):
    """VOLTA's names `bert.embeddings.*` and `cls.predictions.decoder`; `tie_decoder=False` gives the
    decoder a tensor of its own, as a model that clones instead of tying would."""

    def __init__(self, new_layout, tie_decoder=True):
        super().__init__()
        self.bert = _Namespace(embeddings=_Embeddings(new_layout))
        self.cls = _Namespace(predictions=_Namespace(decoder=nn.Linear(HIDDEN, VOCAB)))
        if tie_decoder:
            self.cls.predictions.decoder.weight = self.bert.embeddings.word_embeddings.weight
        self.region_head = nn.Linear(HIDDEN, CLASSES)

    def forward(self, input_ids, image_feat, image_loc, token_type_ids=None, attention_mask=None,
                image_attention_mask=None, **unused):
        e = self.bert.embeddings
        t = e.word_embeddings(input_ids) + e.token_type_embeddings(token_type_ids)
        v = e.image_embeddings(image_feat) + e.image_types()(torch.ones_like(image_feat[..., 0]).long())
        t, v = torch.tanh(t + v.mean(1, keepdim=True)), torch.tanh(v + t.mean(1, keepdim=True))
        return self.cls.predictions.decoder(t), {"0": self.region_head(v)}, None, None, None


class SharedPositionRowStandIn(_Mixer):
    """`shared=False` clones the row before the shift: the per-example (batch-independent) version."""

    def __init__(self, shared=True):
        super().__init__(VOCAB, CLASSES, 5)
        self.shared = shared

    def text_positions(self, input_ids, num_boxes):
        text_end = (input_ids != 0).sum(1, keepdim=True)
        positions = torch.arange(input_ids.size(1), dtype=torch.long, device=input_ids.device)
        positions = positions.unsqueeze(0).expand_as(input_ids)
        if not self.shared:
            positions = positions.clone()
        positions[positions >= text_end] += num_boxes  # as VOLTA's VL-BERT embeddings
        return positions, text_end

    def forward(self, input_ids, image_feat, image_loc, token_type_ids=None, attention_mask=None,
                image_attention_mask=None, **unused):
        text_pos, text_end = self.text_positions(input_ids, image_feat.size(1))
        t = self.word(input_ids) + self.position(text_pos)
        v = self.feat(image_feat) + self.loc(image_loc) + self.position(text_end.expand(-1, image_feat.size(1)))
        t, v = self.mix(t, v, attention_mask, image_attention_mask)
        return self.text_head(t), {"0": self.region_head(v)}, None, None, None


class _Offsets(nn.Module):
    def forward(self):
        return torch.arange(CLASSES, dtype=torch.float32)


class FixedDeviceStandIn(VoltaStandIn):
    def __init__(self):
        super().__init__()
        self.offsets = _Offsets()

    def forward(self, input_ids, image_feat, image_loc, **kwargs):
        scores_t, scores_v, *rest = super().forward(input_ids, image_feat, image_loc, **kwargs)
        return (scores_t, {**scores_v, "0": scores_v["0"] + self.offsets()}, *rest)


class NeedsSettingStandIn(VoltaStandIn):
    """Reads config settings the way VOLTA's model code does: `fusion_act` has a default in
    VOLTA's BertConfig signature, `test_required` has none."""

    def __init__(self, config):
        activation, required = config.fusion_act, config.test_required
        super().__init__()
        self.activation, self.required = activation, required


class BrokenForwardStandIn(VoltaStandIn):
    def forward(self, *args, **kwargs):
        raise RuntimeError("mat1 and mat2 shapes cannot be multiplied\n(the rest of a long torch message)")


STANDINS = {
    "volta": lambda config: VoltaStandIn(),
    "vl-bert": lambda config: VoltaStandIn(vl_bert=True),
    "cuda": lambda config: CudaCallingStandIn(),
    "uniter-old": lambda config: UniterLayoutStandIn(new_layout=False),
    "uniter-new": lambda config: UniterLayoutStandIn(new_layout=True),
    "shared-positions": lambda config: SharedPositionRowStandIn(),
    "fixed-device": lambda config: FixedDeviceStandIn(),
    "needs-setting": NeedsSettingStandIn,
    "broken-forward": lambda config: BrokenForwardStandIn(),
}


def build(config):
    return STANDINS[config.test_model](config)


FAKE_VOLTA = {
    "__init__.py": "",
    # As VOLTA's: from_json_file starts from the int constructor, which sets only some settings;
    # the keyword defaults are what VOLTA would use for the rest.
    "config.py": (
        "import json\n"
        "class BertConfig:\n"
        "    def __init__(self, vocab_size_or_config_json_file, hidden_size=768, fusion_act='relu',\n"
        "                 layer_norm_eps=1e-12, bert_model='bert-base-uncased'):\n"
        "        self.vocab_size = vocab_size_or_config_json_file\n"
        "        self.hidden_size = hidden_size\n"
        "    @classmethod\n"
        "    def from_json_file(cls, path):\n"
        "        config = cls(-1)\n"
        "        with open(path) as handle:\n"
        "            config.__dict__.update(json.load(handle))\n"
        "        return config\n"),
    "utils.py": "import tqdm\n",
    "encoders.py": (
        "from . import utils\n"
        "from tests.standins_volta import build\n"
        "def BertForVLPreTraining(config):\n"
        "    if getattr(config, 'test_fail_build', False):\n"
        "        raise ValueError('VOLTA cannot build this\\nsecond line of the message')\n"
        "    return build(config)\n"),
}


def write_fake_volta(root):
    """Writes the fake package as `root/volta`; returns root (what goes on sys.path or --volta)."""
    os.makedirs(os.path.join(root, "volta"), exist_ok=True)
    for name, body in FAKE_VOLTA.items():
        with open(os.path.join(root, "volta", name), "w") as handle:
            handle.write(body)
    return root
