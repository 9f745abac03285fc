"""Small reference architectures that follow the xmodal model contract (docs/formats.md).

All three are TorchScript-scriptable, so the exported files keep batch size, text length and region
count free.
"""
import math
from typing import Tuple

import torch
import torch.nn.functional as F
from torch import nn

EPS = 1e-12


def init_bert(module: nn.Module):
    """BERT initialisation; PyTorch's N(0, 1) embeddings make the tied decoder's first logits huge."""
    for m in module.modules():
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)


def additive(mask: torch.Tensor) -> torch.Tensor:
    return ((1.0 - mask.to(torch.float32)) * -10000.0)[:, None, None, :]


class Attention(nn.Module):
    def __init__(self, hidden: int, heads: int, drop: float):
        super().__init__()
        self.heads = heads
        self.size = hidden // heads
        self.q = nn.Linear(hidden, hidden)
        self.k = nn.Linear(hidden, hidden)
        self.v = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, hidden)
        self.ln = nn.LayerNorm(hidden, eps=EPS)
        self.drop = (nn.Dropout(drop) if drop > 0 else nn.Identity())

    def split(self, x: torch.Tensor) -> torch.Tensor:
        b, s, _ = x.shape
        # Contiguous operands keep bmm on one BLAS call instead of a per-matrix loop.
        return x.view(b, s, self.heads, self.size).transpose(1, 2).contiguous()

    def forward(self, x: torch.Tensor, ctx: torch.Tensor, ctx_mask: torch.Tensor) -> torch.Tensor:
        q, k, v = self.split(self.q(x)), self.split(self.k(ctx)), self.split(self.v(ctx))
        scores = torch.matmul(q, k.transpose(-1, -2).contiguous()) / math.sqrt(self.size) + ctx_mask
        probs = self.drop(torch.softmax(scores, dim=-1))
        h = torch.matmul(probs, v).transpose(1, 2).reshape(x.shape[0], x.shape[1], -1)
        return self.ln(x + self.drop(self.out(h)))


class FeedForward(nn.Module):
    def __init__(self, hidden: int, inner: int, drop: float):
        super().__init__()
        self.up = nn.Linear(hidden, inner)
        self.down = nn.Linear(inner, hidden)
        self.ln = nn.LayerNorm(hidden, eps=EPS)
        self.drop = (nn.Dropout(drop) if drop > 0 else nn.Identity())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.ln(x + self.drop(self.down(F.gelu(self.up(x)))))


class Layer(nn.Module):
    """Post-LN BERT layer."""

    def __init__(self, hidden: int, heads: int, inner: int, drop: float):
        super().__init__()
        self.att = Attention(hidden, heads, drop)
        self.ff = FeedForward(hidden, inner, drop)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.ff(self.att(x, x, mask))


class CrossLayer(nn.Module):
    """LXMERT-style: cross-attention to the other stream, then self-attention, then feed-forward."""

    def __init__(self, hidden: int, heads: int, inner: int, drop: float):
        super().__init__()
        self.cross = Attention(hidden, heads, drop)
        self.self_att = Attention(hidden, heads, drop)
        self.ff = FeedForward(hidden, inner, drop)

    def forward(self, x: torch.Tensor, mask: torch.Tensor, ctx: torch.Tensor, ctx_mask: torch.Tensor):
        x = self.cross(x, ctx, ctx_mask)
        return self.ff(self.self_att(x, x, mask))


class TextEmbeddings(nn.Module):
    def __init__(self, vocab: int, hidden: int, max_pos: int, drop: float):
        super().__init__()
        self.word = nn.Embedding(vocab, hidden)
        self.pos = nn.Embedding(max_pos, hidden)
        self.token_type = nn.Embedding(2, hidden)
        self.ln = nn.LayerNorm(hidden, eps=EPS)
        self.drop = (nn.Dropout(drop) if drop > 0 else nn.Identity())

    def forward(self, ids: torch.Tensor, types: torch.Tensor) -> torch.Tensor:
        pos = torch.arange(ids.shape[1], device=ids.device)[None, :]
        return self.drop(self.ln(self.word(ids) + self.pos(pos) + self.token_type(types)))


class VisualEmbeddings(nn.Module):
    """UNITER-style LN(W_f f) + LN(W_l loc)."""

    def __init__(self, feat: int, locs: int, hidden: int, drop: float):
        super().__init__()
        self.f = nn.Linear(feat, hidden)
        self.f_ln = nn.LayerNorm(hidden, eps=EPS)
        self.l = nn.Linear(locs, hidden)
        self.l_ln = nn.LayerNorm(hidden, eps=EPS)
        self.ln = nn.LayerNorm(hidden, eps=EPS)
        self.drop = (nn.Dropout(drop) if drop > 0 else nn.Identity())

    def forward(self, feat: torch.Tensor, loc: torch.Tensor) -> torch.Tensor:
        return self.drop(self.ln(self.f_ln(self.f(feat)) + self.l_ln(self.l(loc))))


class MlmHead(nn.Module):
    def __init__(self, hidden: int, vocab: int):
        super().__init__()
        self.dense = nn.Linear(hidden, hidden)
        self.ln = nn.LayerNorm(hidden, eps=EPS)
        self.bias = nn.Parameter(torch.zeros(vocab))

    def forward(self, x: torch.Tensor, word: torch.Tensor) -> torch.Tensor:
        return F.linear(self.ln(F.gelu(self.dense(x))), word, self.bias)


class RegionHead(nn.Module):
    def __init__(self, hidden: int, classes: int):
        super().__init__()
        self.dense = nn.Linear(hidden, hidden)
        self.ln = nn.LayerNorm(hidden, eps=EPS)
        self.out = nn.Linear(hidden, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.ln(F.gelu(self.dense(x))))


class SingleStream(nn.Module):
    """Text and regions in one sequence through a shared encoder (UNITER / VisualBERT-like)."""

    def __init__(self, vocab: int, feat: int = 32, locs: int = 5, classes: int = 41, hidden: int = 64,
                 layers: int = 3, heads: int = 4, inner: int = 128, drop: float = 0.0, max_pos: int = 64):
        super().__init__()
        self.text = TextEmbeddings(vocab, hidden, max_pos, drop)
        self.vis = VisualEmbeddings(feat, locs, hidden, drop)
        self.layers = nn.ModuleList([Layer(hidden, heads, inner, drop) for _ in range(layers)])
        self.mlm = MlmHead(hidden, vocab)
        self.region = RegionHead(hidden, classes)
        init_bert(self)

    def forward(self, input_ids: torch.Tensor, token_type_ids: torch.Tensor, attention_mask: torch.Tensor,
                image_feat: torch.Tensor, image_loc: torch.Tensor,
                image_mask: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        t = self.text(input_ids, token_type_ids)
        v = self.vis(image_feat, image_loc)
        x = torch.cat([t, v], dim=1)
        mask = additive(torch.cat([attention_mask, image_mask], dim=1))
        for layer in self.layers:
            x = layer(x, mask)
        n = input_ids.shape[1]
        return self.mlm(x[:, :n], self.text.word.weight), self.region(x[:, n:])


class TwoStream(nn.Module):
    """Separate text and vision layers, then co-attention in both directions (LXMERT / ViLBERT-like)."""

    def __init__(self, vocab: int, feat: int = 32, locs: int = 4, classes: int = 41, hidden: int = 64,
                 text_layers: int = 1, vis_layers: int = 1, cross_layers: int = 2, heads: int = 4,
                 inner: int = 128, drop: float = 0.0, max_pos: int = 64):
        super().__init__()
        self.text = TextEmbeddings(vocab, hidden, max_pos, drop)
        self.vis = VisualEmbeddings(feat, locs, hidden, drop)
        self.t_layers = nn.ModuleList([Layer(hidden, heads, inner, drop) for _ in range(text_layers)])
        self.v_layers = nn.ModuleList([Layer(hidden, heads, inner, drop) for _ in range(vis_layers)])
        self.t_cross = nn.ModuleList([CrossLayer(hidden, heads, inner, drop) for _ in range(cross_layers)])
        self.v_cross = nn.ModuleList([CrossLayer(hidden, heads, inner, drop) for _ in range(cross_layers)])
        self.mlm = MlmHead(hidden, vocab)
        self.region = RegionHead(hidden, classes)
        init_bert(self)

    def forward(self, input_ids: torch.Tensor, token_type_ids: torch.Tensor, attention_mask: torch.Tensor,
                image_feat: torch.Tensor, image_loc: torch.Tensor,
                image_mask: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        t = self.text(input_ids, token_type_ids)
        v = self.vis(image_feat, image_loc)
        tm = additive(attention_mask)
        vm = additive(image_mask)
        for layer in self.t_layers:
            t = layer(t, tm)
        for layer in self.v_layers:
            v = layer(v, vm)
        for tl, vl in zip(self.t_cross, self.v_cross):
            t, v = tl(t, tm, v, vm), vl(v, vm, t, tm)
        return self.mlm(t, self.text.word.weight), self.region(v)


class TextOnly(nn.Module):
    """BERT-like masked language model; the image inputs are accepted and ignored."""

    def __init__(self, vocab: int, classes: int = 41, hidden: int = 64, layers: int = 3, heads: int = 4,
                 inner: int = 128, drop: float = 0.0, max_pos: int = 64):
        super().__init__()
        self.classes = classes
        self.text = TextEmbeddings(vocab, hidden, max_pos, drop)
        self.layers = nn.ModuleList([Layer(hidden, heads, inner, drop) for _ in range(layers)])
        self.mlm = MlmHead(hidden, vocab)
        init_bert(self)

    def forward(self, input_ids: torch.Tensor, token_type_ids: torch.Tensor, attention_mask: torch.Tensor,
                image_feat: torch.Tensor, image_loc: torch.Tensor,
                image_mask: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        t = self.text(input_ids, token_type_ids)
        mask = additive(attention_mask)
        for layer in self.layers:
            t = layer(t, mask)
        regions = torch.zeros(image_feat.shape[0], image_feat.shape[1], self.classes,
                              dtype=torch.float32, device=image_feat.device)
        return self.mlm(t, self.text.word.weight), regions
