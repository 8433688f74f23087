"""Figures for the learned wording heads (voice_deesc.wording.semantic): dev transcripts, speed and memory.

    python scripts/semantic_report.py            # dev figures need ../shared (or $VOICE_DEESC_SHARED)

Prints, for the shipped heads:
- load time of the encoder and heads in this process, warm milliseconds per reply (reflection scores for the
  reply's sentences against the client, plus category scores), and the resident memory they added
  (budgets: load ≤ 1 s, ≤ 150 MB, the whole wording analysis ≤ 30 ms per reply);
- ESConv dev: ROC AUC of the best sentence's reflection score for the two reflective strategies ("Restatement or
  Paraphrasing", "Reflection of feelings") against every other turn, and recall / flagged share at the threshold;
- AnnoMI dev: ROC AUC, precision, recall and F1 of behaviour = reflection, the client's previous utterance as client;
- the zero-shot baseline (cosine of reply and client) beside each, as design.md measured it.
AnnoMI and ESConv are only measured here (their licences forbid training shipped weights on them).
The cross-validated figures on the training data are printed by scripts/train_wording_model.py.
"""

from __future__ import annotations

import csv
import os
import re
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
TEXT_DIR = Path(os.environ.get("VOICE_DEESC_SHARED", ROOT.parent / "shared")) / "data" / "text"
ESCONV_REFLECTIVE = {"Restatement or Paraphrasing", "Reflection of feelings"}
_SENTENCE_RE = re.compile(r"[^.?!]+[.?!]*")
_EXAMPLE_CLIENT = "They gave my bed away while I was at work. Eleven months here and nobody even called me."
_EXAMPLE_REPLY = ["You came back after work and your bed was gone.", "Nobody called you.", "What happened next?"]


def rss_mb() -> float:
    """Resident memory of this process (Linux /proc), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def sentences_of(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_RE.findall(text) if re.search(r"[A-Za-z]", s)] or [text]


def speed_and_memory() -> None:
    before = rss_mb()
    started = time.perf_counter()
    from voice_deesc.wording.encoder import load_encoder
    from voice_deesc.wording.semantic import category_scores, load_heads, reflection_scores

    load_encoder()
    load_heads()
    loaded_s = time.perf_counter() - started
    reflection_scores(_EXAMPLE_REPLY, _EXAMPLE_CLIENT)
    runs = 30
    replies = [[f"{sentence} ({n})" for sentence in _EXAMPLE_REPLY] for n in range(runs)]  # distinct: no cache hits
    started = time.perf_counter()
    for reply in replies:
        reflection_scores(reply, _EXAMPLE_CLIENT)
        category_scores(reply)
    per_reply_ms = (time.perf_counter() - started) / runs * 1000
    print(f"load (import + encoder + heads): {loaded_s:.2f} s   (budget 1 s)")
    print(f"warm, a 3-sentence reply (reflection + categories): {per_reply_ms:.1f} ms   (budget 30 ms, whole analysis)")
    print(f"extra resident memory: {rss_mb() - before:.0f} MB   (budget 150 MB)")


def read_tsv(name: str) -> list[dict[str, str]]:
    with open(TEXT_DIR / name, encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def reply_scores(rows: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
    """(best sentence reflection score, zero-shot cosine) per (client, reply)."""
    from voice_deesc.wording.encoder import embed
    from voice_deesc.wording.semantic import reflection_scores

    best, cosine = [], []
    for client, reply in rows:
        best.append(max(reflection_scores(sentences_of(reply), client)))
        vectors = embed([reply, client])
        cosine.append(float(vectors[0] @ vectors[1]))
    return np.array(best), np.array(cosine)


def report_reflection(name: str, gold: np.ndarray, best: np.ndarray, cosine: np.ndarray) -> None:
    from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score

    from voice_deesc.wording.semantic import REFLECTION_THRESHOLD

    hit = best >= REFLECTION_THRESHOLD
    print(f"{name}: {len(gold)} turns, {int(gold.sum())} reflective")
    print(f"  ROC AUC  heads {roc_auc_score(gold, best):.3f}   zero-shot cosine {roc_auc_score(gold, cosine):.3f}")
    print(
        f"  at threshold {REFLECTION_THRESHOLD}: P {precision_score(gold, hit):.3f}  R {recall_score(gold, hit):.3f}  "
        f"F1 {f1_score(gold, hit):.3f}  flagged {hit.mean():.1%} of turns"
    )
    thresholds = np.linspace(0.05, 0.95, 19)
    f1s = [f1_score(gold, best >= t) for t in thresholds]
    print(f"  best F1 {max(f1s):.3f} at threshold {thresholds[int(np.argmax(f1s))]:.2f}")


def main() -> None:
    speed_and_memory()
    if not TEXT_DIR.is_dir():
        print(f"{TEXT_DIR} not found: dev-transcript figures skipped")
        return
    esconv = read_tsv("esconv_dev.tsv")
    best, cosine = reply_scores([(r["client"], r["reply"]) for r in esconv])
    gold = np.array([r["strategy"] in ESCONV_REFLECTIVE for r in esconv], dtype=int)
    report_reflection("ESConv dev (two reflective strategies vs the rest)", gold, best, cosine)
    annomi = [r for r in read_tsv("annomi_dev.tsv") if r["client_previous_utterance"].strip()]
    best, cosine = reply_scores([(r["client_previous_utterance"], r["text"]) for r in annomi])
    gold = np.array([r["behaviour"] == "reflection" for r in annomi], dtype=int)
    report_reflection("AnnoMI dev (behaviour = reflection vs the rest)", gold, best, cosine)


if __name__ == "__main__":
    main()
