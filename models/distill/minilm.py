"""all-MiniLM-L6-v2 as plain NumPy: the BERT encoder and the sentence-transformers mean pooling.

Only the two files named in provenance (model.safetensors, tokenizer.json) are read; none of the
wheel's Python code runs. Written out in NumPy so that the distillation needs no deep-learning
framework and every step is visible.
"""
import math

import numpy as np
from safetensors.numpy import load_file
from scipy.special import erf
from tokenizers import Tokenizer

LAYERS = 6
HEADS = 12
EPSILON = 1e-12


def layer_norm(x, weight, bias):
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + EPSILON) * weight + bias


def gelu(x):
    # BERT's exact GELU, with erf (not the tanh approximation).
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


class MiniLM:
    def __init__(self, safetensors_path, tokenizer_path):
        self.w = {k: v.astype(np.float64) for k, v in load_file(safetensors_path).items()}
        self.tokenizer = Tokenizer.from_file(tokenizer_path)
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()

    def dense(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def encode_ids(self, ids, mask):
        """Token outputs of the last layer for a batch of id rows (B, T) with mask (B, T)."""
        w = self.w
        batch, length = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:length][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None])
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        head = x.shape[-1] // HEADS
        bias = (1.0 - mask[:, None, None, :]) * -1e9
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."
            def split(t):
                return t.reshape(batch, length, HEADS, head).transpose(0, 2, 1, 3)
            q = split(self.dense(x, p + "attention.self.query"))
            k = split(self.dense(x, p + "attention.self.key"))
            v = split(self.dense(x, p + "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, -1)
            x = layer_norm(x + self.dense(context, p + "attention.output.dense"),
                           w[p + "attention.output.LayerNorm.weight"],
                           w[p + "attention.output.LayerNorm.bias"])
            inner = gelu(self.dense(x, p + "intermediate.dense"))
            x = layer_norm(x + self.dense(inner, p + "output.dense"),
                           w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        return x

    def embed(self, sentences):
        """Sentence embeddings as sentence-transformers computes them: mean pooling, then L2."""
        out = []
        for sentence in sentences:
            ids = np.array([self.tokenizer.encode(sentence).ids[:256]])
            mask = np.ones_like(ids, dtype=np.float64)
            tokens = self.encode_ids(ids, mask)[0]
            mean = tokens.mean(0)
            out.append(mean / np.linalg.norm(mean))
        return np.array(out)
