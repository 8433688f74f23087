"""Fit the wording heads on the project's own TRAINING data and save them into the package (dev only: scikit-learn).

    python scripts/make_wording_training.py     # (re)write tests/data/training/*.jsonl
    python scripts/train_wording_model.py       # cross-validate, fit, write wording/models/semantic_heads.npz
    python scripts/train_wording_model.py --reflection-only   # refit the reflection head, keep the category heads

Both heads are logistic regressions on the frozen sentence encoder (voice_deesc.wording.encoder), so run-time
inference is a dot product in numpy. Cross-validation is grouped — by client situation for reflection, by template
for the categories — so the printed figures measure situations and phrasings the fold never saw, not memory of
slot fillers. The script prints the SHA-256 of the file it wrote: pin it as ``HEADS_SHA256`` in
voice_deesc/wording/semantic.py. Dev-transcript figures (ESConv, AnnoMI) are printed by scripts/semantic_report.py.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import GroupKFold

from voice_deesc.wording.encoder import embed, models_dir
from voice_deesc.wording.rubric import CATEGORIES
from voice_deesc.wording.semantic import HEADS_FILE, reflection_features

ROOT = Path(__file__).resolve().parents[1]
TRAINING_DIR = ROOT / "tests" / "data" / "training"
WRITTEN_DIR = TRAINING_DIR / "written"
REFLECTION_C = 0.2
"""Inverse L2 strength of the reflection head (1 539 features, ~8 200 pairs); 0.05-0.5 score alike on the dev files."""
CATEGORY_C = 2.0
"""Inverse L2 strength of each category head (384 features, ~2 500 sentences)."""
FOLDS = 5
_BATCH = 64


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def written_pairs() -> list[dict]:
    """Hand-written reflection pairs (``written/reflection_pairs.jsonl``): clauses that reuse or near the client's
    words without saying them back, which the generated pairs have too few of."""
    path = WRITTEN_DIR / "reflection_pairs.jsonl"
    return read_jsonl(path) if path.exists() else []


def written_sentences() -> list[dict]:
    """Hand-written category sentences (every other ``written/*.jsonl``): many phrasings per move and the sincere
    look-alikes beside them, where the generated sentences repeat a few templates."""
    rows: list[dict] = []
    for path in sorted(WRITTEN_DIR.glob("*.jsonl")):
        if path.name != "reflection_pairs.jsonl":
            rows += read_jsonl(path)
    return rows


def embed_all(texts: list[str]) -> dict[str, np.ndarray]:
    """Vectors of the distinct texts, embedded in batches."""
    unique = sorted(set(texts))
    vectors = np.vstack([embed(unique[i : i + _BATCH]) for i in range(0, len(unique), _BATCH)])
    return dict(zip(unique, vectors, strict=True))


def reflection_matrix(pairs: list[dict], vectors: dict[str, np.ndarray]) -> np.ndarray:
    """Feature rows of every pair, built by the run-time feature function."""
    rows = [
        reflection_features(vectors[p["clause"]][None, :], vectors[p["client"]], [p["clause"]], p["client"])[0]
        for p in pairs
    ]
    return np.vstack(rows)


def fit_reflection(pairs: list[dict], vectors: dict[str, np.ndarray]) -> LogisticRegression:
    """Grouped cross-validation by situation (printed), then the head fit on every pair."""
    x = reflection_matrix(pairs, vectors)
    y = np.array([p["reflects"] for p in pairs])
    groups = np.array([p["situation"] for p in pairs])
    scores = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=FOLDS).split(x, y, groups):
        model = LogisticRegression(C=REFLECTION_C, max_iter=3000).fit(x[train], y[train])
        scores[test] = model.predict_proba(x[test])[:, 1]
    print(f"reflection head, {FOLDS}-fold CV grouped by situation ({len(y)} pairs, {y.sum()} reflect):")
    print(f"  ROC AUC {roc_auc_score(y, scores):.3f}   F1 at 0.5 {f1_score(y, scores >= 0.5):.3f}")
    kinds = np.array([p["kind"] for p in pairs])
    for kind in sorted(set(kinds) - {"reflection"}):
        mask = kinds == kind
        print(f"  negatives '{kind}': {np.mean(scores[mask] >= 0.5):.1%} wrongly scored ≥ 0.5")
    return LogisticRegression(C=REFLECTION_C, max_iter=3000).fit(x, y)


def fit_categories(rows: list[dict], vectors: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest heads; grouped cross-validation by template (printed); returns (coef, intercept)."""
    x = np.vstack([vectors[r["text"]] for r in rows])
    groups = np.array([r["template"] for r in rows])
    coefs, intercepts, f1s = [], [], []
    print(f"category heads, {FOLDS}-fold CV grouped by template ({len(rows)} sentences):")
    for category in CATEGORIES:
        y = np.array([category in r["labels"] for r in rows], dtype=int)
        predicted = np.zeros(len(y), dtype=int)
        for train, test in GroupKFold(n_splits=FOLDS).split(x, y, groups):
            model = LogisticRegression(C=CATEGORY_C, max_iter=3000, class_weight="balanced").fit(x[train], y[train])
            predicted[test] = model.predict(x[test])
        f1s.append(f1_score(y, predicted))
        print(f"  {category:18s} F1 {f1s[-1]:.3f}  ({y.sum()} positives)")
        final = LogisticRegression(C=CATEGORY_C, max_iter=3000, class_weight="balanced").fit(x, y)
        coefs.append(final.coef_[0])
        intercepts.append(final.intercept_[0])
    print(f"  macro F1 {np.mean(f1s):.3f}")
    return np.vstack(coefs), np.array(intercepts)


def save_heads(path: Path, reflection: LogisticRegression, category_coef: np.ndarray, category_bias: np.ndarray) -> str:
    """Write the heads as float32 arrays (numpy-only at run time); return the file's SHA-256."""
    np.savez_compressed(
        path,
        reflection_coef=reflection.coef_[0].astype(np.float32),
        reflection_intercept=np.float32(reflection.intercept_[0]),
        category_coef=category_coef.astype(np.float32),
        category_intercept=category_bias.astype(np.float32),
        categories=np.array(CATEGORIES),
    )
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=models_dir() / HEADS_FILE, help="where to write the heads")
    parser.add_argument(
        "--reflection-only",
        action="store_true",
        help="refit only the reflection head; the category heads are copied unchanged from the current file",
    )
    parser.add_argument(
        "--with-written",
        action="store_true",
        help="add the hand-written rows of tests/data/training/written/ (not in the shipped heads: see its README)",
    )
    args = parser.parse_args()
    pairs = read_jsonl(TRAINING_DIR / "reflection_pairs.jsonl") + (written_pairs() if args.with_written else [])
    sentences = [] if args.reflection_only else read_jsonl(TRAINING_DIR / "category_sentences.jsonl")
    if args.with_written and not args.reflection_only:
        sentences += written_sentences()
    started = time.perf_counter()
    vectors = embed_all([p["clause"] for p in pairs] + [p["client"] for p in pairs] + [s["text"] for s in sentences])
    print(f"embedded {len(vectors)} distinct texts in {time.perf_counter() - started:.0f} s")
    reflection = fit_reflection(pairs, vectors)
    if args.reflection_only:
        with np.load(models_dir() / HEADS_FILE, allow_pickle=False) as current:
            category_coef, category_bias = current["category_coef"], current["category_intercept"]
    else:
        category_coef, category_bias = fit_categories(sentences, vectors)
    digest = save_heads(args.out, reflection, category_coef, category_bias)
    print(
        f"wrote {args.out} ({args.out.stat().st_size} bytes)\n  SHA-256 {digest}  (pin as HEADS_SHA256 in semantic.py)"
    )


if __name__ == "__main__":
    main()
