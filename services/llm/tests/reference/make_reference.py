"""Reference sentence embeddings for all-MiniLM-L6-v2, computed without candle.

A plain NumPy BERT forward pass over model.safetensors, followed by the pooling that
sentence-transformers configures for this model (1_Pooling: mean over real tokens) and
its Normalize module (L2). Each sentence runs alone, unpadded, so the Rust side's
batching and padding are checked against a path that has none.

Usage (see README.md): python make_reference.py <models_dir> > ../minilm_reference.json
"""

import json
import math
import sys
import unicodedata
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

# Mixed on purpose: bank-statement descriptions, a German one, plain prose, and one
# longer than the model's 256-token window so truncation is compared too.
SENTENCES = [
    "SQ *BLUE BOTTLE COFFEE OAKLAND CA",
    "AMZN Mktp US*2K4RT5QX1 Amzn.com/bill WA",
    "Kartenzahlung girocard REWE Markt GmbH München 12.03. Einkauf Lebensmittel",
    "Monthly rent payment for the apartment on Elm Street",
    "Uber trip to the airport, paid with Visa ending 4242",
    " ".join(["Lorem ipsum dolor sit amet, groceries and coffee and rent."] * 40),
]
MAX_SEQ_LENGTH = 256  # sentence_bert_config.json


def wordpiece_ids(vocab, text):
    """BERT's own BasicTokenizer + WordPiece (uncased), written from the original
    algorithm and vocab.txt: a check that tokenizer.json, which both this script and the
    Rust code use, tokenizes the way the model was trained."""
    text = "".join(" " if c.isspace() else c for c in text
                    if c not in "\x00\ufffd" and unicodedata.category(c) not in ("Cc", "Cf") or c in "\t\n\r")
    # Uncased: lowercase, then strip accents (NFD and drop combining marks).
    text = "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")
    words = []
    for chunk in text.split():
        word = ""
        for c in chunk:
            o = ord(c)
            if (33 <= o <= 47 or 58 <= o <= 64 or 91 <= o <= 96 or 123 <= o <= 126
                    or unicodedata.category(c).startswith("P")):
                words += [w for w in (word, c) if w]
                word = ""
            else:
                word += c
        if word:
            words.append(word)
    ids = [vocab["[CLS]"]]
    for word in words:
        if len(word) > 100:  # BERT's max_input_chars_per_word
            ids.append(vocab["[UNK]"])
            continue
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = ("##" if start else "") + word[start:end]
                if piece in vocab:
                    break
                end -= 1
            if end == start:
                pieces = [vocab["[UNK]"]]
                break
            pieces.append(vocab[piece])
            start = end
        ids += pieces
    return ids[: MAX_SEQ_LENGTH - 1] + [vocab["[SEP]"]]


def layer_norm(x, w, b, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


_erf = np.vectorize(math.erf)


def gelu(x):
    # config.json says "gelu": the exact erf form, not the tanh approximation.
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def linear(w, prefix, x):
    return x @ w[prefix + ".weight"].T + w[prefix + ".bias"]


def bert(w, cfg, ids):
    n = len(ids)
    eps = cfg["layer_norm_eps"]
    heads = cfg["num_attention_heads"]
    d = cfg["hidden_size"] // heads
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:n]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        q, k, v = (
            linear(w, p + "attention.self." + m, x).reshape(n, heads, d).transpose(1, 0, 2)
            for m in ("query", "key", "value")
        )
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(d)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        probs = scores / scores.sum(-1, keepdims=True)
        ctx = (probs @ v).transpose(1, 0, 2).reshape(n, heads * d)
        x = layer_norm(
            linear(w, p + "attention.output.dense", ctx) + x,
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
            eps,
        )
        h = gelu(linear(w, p + "intermediate.dense", x))
        x = layer_norm(
            linear(w, p + "output.dense", h) + x,
            w[p + "output.LayerNorm.weight"],
            w[p + "output.LayerNorm.bias"],
            eps,
        )
    return x


def main():
    model_dir = Path(sys.argv[1]) / "all-MiniLM-L6-v2"
    cfg = json.loads((model_dir / "config.json").read_text())
    # float64 throughout: the reference should carry less rounding than what it checks.
    w = {k: v.astype(np.float64) for k, v in load_file(model_dir / "model.safetensors").items()}
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(MAX_SEQ_LENGTH)
    vocab = {t: i for i, t in enumerate((model_dir / "vocab.txt").read_text().splitlines())}
    out = []
    for s in SENTENCES:
        ids = tok.encode(s).ids
        assert ids == wordpiece_ids(vocab, s), f"tokenizer.json and WordPiece disagree on {s!r}"
        # Unpadded, so every token is real: the masked mean is the plain mean.
        v = bert(w, cfg, np.array(ids)).mean(0)
        v = v / np.linalg.norm(v)
        out.append({"text": s, "tokens": len(ids), "embedding": [round(float(f), 7) for f in v]})
    json.dump({"model": "sentence-transformers/all-MiniLM-L6-v2", "sentences": out}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
