"""Small modules with the calling conventions of the real models, for exercising the exporters.

They are not the real architectures; they reproduce what matters to export: VOLTA's positional /
keyword signature and 5-tuple with a dict of visual scores, VL-BERT's in-place write into
`image_feat` and its text-length-dependent positions, and the HF heads' attribute layout.
"""
import types

import torch
from torch import nn

VOCAB, HIDDEN, FEAT, CLASSES = 120, 16, 8, 11


def vocab_tokens(size=VOCAB):
    """A BERT-style vocab.txt body with the special tokens at bert-base-uncased's ids."""
    tokens = [f"[unused{i}]" for i in range(size)]
    for index, token in ((0, "[PAD]"), (100, "[UNK]"), (101, "[CLS]"), (102, "[SEP]"), (103, "[MASK]")):
        tokens[index] = token
    words = ["a", "man", "in", "blue", "hat", "##s", "dog", "the", "."]
    tokens[104:104 + len(words)] = words
    return tokens


class _Mixer(nn.Module):
    """One cross-attention step each way, with VOLTA's additive (1-m)*-10000 masks."""

    def __init__(self, vocab, classes, locs):
        super().__init__()
        self.word = nn.Embedding(vocab, HIDDEN)
        self.position = nn.Embedding(256, HIDDEN)
        self.feat = nn.Linear(FEAT, HIDDEN)
        self.loc = nn.Linear(locs, HIDDEN)
        self.text_head = nn.Linear(HIDDEN, vocab)
        self.region_head = nn.Linear(HIDDEN, classes)

    def mix(self, t, v, text_mask, image_mask):
        to_v = torch.softmax(t @ v.transpose(1, 2) / 4 + (1 - image_mask[:, None, :].float()) * -10000.0, -1)
        to_t = torch.softmax(v @ t.transpose(1, 2) / 4 + (1 - text_mask[:, None, :].float()) * -10000.0, -1)
        return torch.tanh(t + to_v @ v), torch.tanh(v + to_t @ t)


class VoltaStandIn(_Mixer):
    """`BertForVLPreTraining.forward(input_ids, image_feat, image_loc, token_type_ids=None,
    attention_mask=None, image_attention_mask=None, ...)`; `vl_bert=True` adds VL-BERT's quirks."""

    def __init__(self, vocab=VOCAB, classes=CLASSES, locs=5, vl_bert=False, six_outputs=False):
        super().__init__(vocab, classes, locs)
        self.vl_bert = vl_bert
        self.six_outputs = six_outputs
        self.object_mask_visual_embedding = nn.Parameter(torch.randn(FEAT))

    def forward(self, input_ids, image_feat, image_loc, token_type_ids=None, attention_mask=None,
                image_attention_mask=None, masked_lm_labels=None, image_label=None, image_target=None,
                next_sentence_label=None, output_all_attention_masks=False):
        assert masked_lm_labels is None and image_label is None
        L, R = input_ids.size(1), image_feat.size(1)
        text_pos = torch.arange(L).expand_as(input_ids)
        vis_pos = torch.arange(R).expand(input_ids.size(0), R)
        if self.vl_bert:
            # All-zero rows become the mask embedding, written into the input tensor.
            zero_rows = (image_feat == 0).all(dim=-1)
            image_feat[zero_rows] = self.object_mask_visual_embedding
            vis_pos = vis_pos + (input_ids != 0).sum(dim=1, keepdim=True)
        t = self.word(input_ids) + self.position(text_pos)
        v = self.feat(image_feat) + self.loc(image_loc) + self.position(vis_pos)
        if self.vl_bert:
            t = t + self.feat(image_feat[:, -1:])   # every token sees the last region
        t, v = self.mix(t, v, attention_mask, image_attention_mask)
        scores_t, scores_v = self.text_head(t), {"0": self.region_head(v), "1": v[..., :2]}
        rest = (t[:, 0, :2], None, t[:, 0])
        if self.six_outputs:
            rest = rest + (t[:, 0, :3],)
        return (scores_t, scores_v) + rest


class BranchingStandIn(VoltaStandIn):
    """Python control flow on data: tracing freezes the branch taken, which validation must catch."""

    def forward(self, input_ids, image_feat, image_loc, **kwargs):
        scores_t, scores_v, *rest = super().forward(input_ids, image_feat, image_loc, **kwargs)
        if bool((image_feat == 0).all(dim=-1).any()):
            scores_t = scores_t * 2
        return (scores_t, scores_v, *rest)


class MaskedLmStandIn(nn.Module):
    """HF `BertForMaskedLM` calling convention: keywords in, a tuple whose [0] is the logits."""

    def __init__(self, vocab=VOCAB):
        super().__init__()
        self.word = nn.Embedding(vocab, HIDDEN)
        self.token_type = nn.Embedding(2, HIDDEN)
        self.head = nn.Linear(HIDDEN, vocab)

    def forward(self, input_ids=None, attention_mask=None, token_type_ids=None):
        h = self.word(input_ids) + self.token_type(token_type_ids)
        ctx = (h * attention_mask[..., None]).sum(1, keepdim=True) / attention_mask.sum(1)[:, None, None]
        return (self.head(torch.tanh(h + ctx)),)


class LxmertStandIn(nn.Module):
    """HF `LxmertForPreTraining` attribute layout: `.lxmert`, `.cls(lang, pooled)`, `.obj_predict_head`."""

    def __init__(self, with_obj=True, obj_classes=13):
        super().__init__()
        self.config = types.SimpleNamespace(visual_feat_dim=FEAT, visual_pos_dim=4)
        self.lxmert = _LxmertBackbone()
        self.cls = _LxmertHeads()
        if with_obj:
            self.obj_predict_head = _ObjHead(obj_classes)


class _LxmertBackbone(_Mixer):
    def __init__(self):
        super().__init__(VOCAB, 1, 4)

    def forward(self, input_ids=None, visual_feats=None, visual_pos=None, attention_mask=None,
                visual_attention_mask=None, token_type_ids=None, return_dict=None):
        t = self.word(input_ids) + self.position(torch.arange(input_ids.size(1)))
        v = self.feat(visual_feats) + self.loc(visual_pos)
        t, v = self.mix(t, v, attention_mask, visual_attention_mask)
        return types.SimpleNamespace(language_output=t, vision_output=v, pooled_output=t[:, 0])


class _LxmertHeads(nn.Module):
    def __init__(self):
        super().__init__()
        self.predictions = nn.Linear(HIDDEN, VOCAB)
        self.seq_relationship = nn.Linear(HIDDEN, 2)

    def forward(self, sequence_output, pooled_output):
        return self.predictions(sequence_output), self.seq_relationship(pooled_output)


class _ObjHead(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.decoder_dict = nn.ModuleDict({"obj": nn.Linear(HIDDEN, classes), "attr": nn.Linear(HIDDEN, 5)})

    def forward(self, hidden):
        return {key: layer(hidden) for key, layer in self.decoder_dict.items()}


class VisualBertStandIn(_Mixer):
    """HF `VisualBertForPreTraining`: MLM logits over the joint [text; visual] sequence, no boxes."""

    def __init__(self):
        super().__init__(VOCAB, 1, 4)
        self.config = types.SimpleNamespace(visual_embedding_dim=FEAT)

    def forward(self, input_ids=None, attention_mask=None, token_type_ids=None, visual_embeds=None,
                visual_attention_mask=None, visual_token_type_ids=None, return_dict=None):
        t = self.word(input_ids) + self.position(torch.arange(input_ids.size(1)))
        v = self.feat(visual_embeds) + self.position(visual_token_type_ids)
        t, v = self.mix(t, v, attention_mask, visual_attention_mask)
        return types.SimpleNamespace(prediction_logits=self.text_head(torch.cat([t, v], dim=1)))
