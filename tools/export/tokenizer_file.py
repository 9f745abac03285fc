"""Puts the model's tokenizer beside its metadata as a Hugging Face `tokenizers` JSON file.

Users bring the file: either a `tokenizer.json` (copied after checks) or the BERT `vocab.txt` that
VOLTA checkouts already have, which is written as the standard BERT-uncased WordPiece pipeline.
Nothing is downloaded.
"""
import json
import os

from contract import SPECIAL_TOKENS, ExportError


def install(source, out_dir, vocab_size):
    """Copies or converts `source` into `out_dir`; returns the file name for the metadata."""
    if not os.path.isfile(source):
        raise ExportError(f"tokenizer file not found: {source}")
    if source.endswith(".txt"):
        content = json.dumps(from_vocab_txt(source), ensure_ascii=False, indent=2) + "\n"
        name = "tokenizer.json"
    else:
        with open(source, encoding="utf-8") as handle:
            content = handle.read()
        name = os.path.basename(source)
    check(json.loads(content), source, vocab_size)
    target = os.path.join(out_dir, name)
    if os.path.exists(target):
        with open(target, encoding="utf-8") as handle:
            if handle.read() != content:
                # Another model's tokenizer may live here; never replace it silently.
                raise ExportError(f"{target} exists with different content; remove it or use another --out")
        return name
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(content)
    return name


def check(tokenizer, source, vocab_size):
    model = tokenizer.get("model") or {}
    vocab = model.get("vocab")
    if not isinstance(vocab, dict):
        raise ExportError(f"{source}: not a WordPiece tokenizer.json (no model.vocab mapping)")
    missing = [tok for tok in SPECIAL_TOKENS if tok not in vocab]
    if missing:
        raise ExportError(f"{source}: special tokens missing from the vocabulary: {', '.join(missing)}")
    top = max(vocab.values())
    if top >= vocab_size:
        raise ExportError(f"{source}: token id {top} is outside the model's vocabulary of {vocab_size}")


def from_vocab_txt(path):
    """The bert-base-uncased pipeline (spec §1.4): clean text, lowercase + strip accents, split on
    whitespace and punctuation, greedy WordPiece with `##`, 100 chars per word, `[CLS] … [SEP]`."""
    with open(path, encoding="utf-8") as handle:
        tokens = [line.rstrip("\n").rstrip("\r") for line in handle]
    while tokens and tokens[-1] == "":
        tokens.pop()
    vocab = {}
    for index, token in enumerate(tokens):
        vocab.setdefault(token, index)
    for token in SPECIAL_TOKENS:
        if token not in vocab:
            raise ExportError(f"{path}: special token {token} is not in the vocabulary")

    def special(token):
        return {"id": vocab[token], "content": token, "single_word": False, "lstrip": False,
                "rstrip": False, "normalized": False, "special": True}

    def template(*parts):
        return [{"SpecialToken": {"id": p, "type_id": t}} if p.startswith("[") else
                {"Sequence": {"id": p, "type_id": t}} for p, t in parts]

    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [special(t) for t in sorted(SPECIAL_TOKENS, key=vocab.get)],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": template(("[CLS]", 0), ("A", 0), ("[SEP]", 0)),
            "pair": template(("[CLS]", 0), ("A", 0), ("[SEP]", 0), ("B", 1), ("[SEP]", 1)),
            "special_tokens": {t: {"id": t, "ids": [vocab[t]], "tokens": [t]} for t in ("[CLS]", "[SEP]")},
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": vocab},
    }
