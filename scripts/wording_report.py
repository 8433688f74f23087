#!/usr/bin/env python3
"""How well the wording analysis agrees with labelled replies.

1. tests/data/wording_labelled.jsonl (the team's set): per-category precision, recall and confusion counts
   (true/false positives, false negatives), on the replies as written and in lowercase-without-punctuation form.
2. ../shared/data/text/annomi_dev.tsv when present (AnnoMI, evaluation only): open-vs-closed question macro-F1
   against the documented baseline rule, and reflection agreement (precision, recall, F1, Cohen's kappa).
3. Speed: milliseconds per wording analysis of a 100-word reply.

Usage: python scripts/wording_report.py [--errors] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from voice_deesc.asr.base import Transcript  # noqa: E402
from voice_deesc.scenarios.load import get_scenario  # noqa: E402
from voice_deesc.wording.analyse import analyse_wording  # noqa: E402
from voice_deesc.wording.rubric import CATEGORIES  # noqa: E402
from voice_deesc.wording.text import plain_form  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "wording_labelled.jsonl"
HELDOUT = ROOT / "tests" / "data" / "wording_heldout.jsonl"
"""Replies on five client situations the analyser was never tuned on, labelled before its first run on them."""
SHARED = Path(os.environ.get("VOICE_DEESC_SHARED", ROOT.parent / "shared"))
ANNOMI = SHARED / "data" / "text" / "annomi_dev.tsv"
SPEED_REPEATS = 50


def load_rows(path: Path = LABELLED) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def predict(reply: str, row: dict, scenarios: dict) -> set[str]:
    scenario = None
    if row.get("scenario"):
        scenario = scenarios.setdefault(row["scenario"], get_scenario(row["scenario"]))
    wording = analyse_wording(Transcript.from_text(reply), scenario, client_text=row.get("client", ""))
    return {f.category for f in wording.findings}


def confusion(rows: list[dict], *, plain: bool) -> tuple[dict[str, dict[str, int]], list[tuple[str, str, set, set]]]:
    table = {c: {"tp": 0, "fp": 0, "fn": 0} for c in CATEGORIES}
    errors = []
    scenarios: dict = {}
    for row in rows:
        reply = plain_form(row["reply"]) if plain else row["reply"]
        predicted = predict(reply, row, scenarios)
        gold = set(row["labels"])
        for c in CATEGORIES:
            if c in predicted and c in gold:
                table[c]["tp"] += 1
            elif c in predicted:
                table[c]["fp"] += 1
            elif c in gold:
                table[c]["fn"] += 1
        if predicted != gold:
            errors.append((row["id"], reply, gold - predicted, predicted - gold))
    return table, errors


def prf(cell: dict[str, int]) -> tuple[float, float, float]:
    tp, fp, fn = cell["tp"], cell["fp"], cell["fn"]
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def micro(table: dict[str, dict[str, int]]) -> tuple[float, float, float]:
    """Precision, recall and F1 over all categories pooled."""
    return prf({k: sum(cell[k] for cell in table.values()) for k in ("tp", "fp", "fn")})


def heldout_report(path: Path = HELDOUT) -> dict:
    rows = load_rows(path)
    out: dict = {"rows": len(rows)}
    for plain in (False, True):
        table, errors = confusion(rows, plain=plain)
        p, r, f = micro(table)
        out["plain" if plain else "written"] = {
            "micro_precision": round(p, 3),
            "micro_recall": round(r, 3),
            "micro_f1": round(f, 3),
            "exact_rows": len(rows) - len(errors),
        }
    return out


def baseline_question(text: str) -> str:
    """The floor rule documented in shared/data/README.md."""
    t = text.strip()
    if t.endswith("?"):
        return "open" if re.match(r"(what|how|why|tell)\b", t.lower()) else "closed"
    return "none"


def ours_question(text: str, client: str) -> tuple[str, bool]:
    w = analyse_wording(Transcript.from_text(text), client_text=client)
    cats = {f.category for f in w.findings}
    kind = "open" if cats & {"open_question", "why_question"} else "closed" if "closed_question" in cats else "none"
    return kind, "reflection" in cats


def macro_f1(gold: list[str], pred: list[str], labels=("open", "closed")) -> float:
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=False) if g == label and p == label)
        np_ = sum(1 for p in pred if p == label)
        ng = sum(1 for g in gold if g == label)
        precision = tp / np_ if np_ else 0.0
        recall = tp / ng if ng else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores)


def annomi_report(path: Path = ANNOMI, *, plain: bool = True) -> dict | None:
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    gold_q = [r["question_subtype"] if r["question_subtype"] in {"open", "closed"} else "none" for r in rows]
    base = [baseline_question(r["text"]) for r in rows]
    ours_q, ours_r = [], []
    for r in rows:
        kind, refl = ours_question(r["text"], r["client_previous_utterance"])
        ours_q.append(kind)
        ours_r.append(refl)
    plain_q = [ours_question(plain_form(r["text"]), r["client_previous_utterance"])[0] for r in rows] if plain else []
    gold_r = [r["behaviour"] == "reflection" for r in rows]
    tp = sum(1 for g, p in zip(gold_r, ours_r, strict=False) if g and p)
    fp = sum(1 for g, p in zip(gold_r, ours_r, strict=False) if p and not g)
    fn = sum(1 for g, p in zip(gold_r, ours_r, strict=False) if g and not p)
    tn = len(rows) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    n = len(rows)
    observed = (tp + tn) / n
    expected = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
    return {
        "utterances": n,
        "open_closed_macro_f1_baseline": round(macro_f1(gold_q, base), 3),
        "open_closed_macro_f1": round(macro_f1(gold_q, ours_q), 3),
        "open_closed_macro_f1_plain_text": round(macro_f1(gold_q, plain_q), 3) if plain else None,
        "open_recall": round(
            sum(1 for g, p in zip(gold_q, ours_q, strict=False) if g == p == "open") / gold_q.count("open"), 3
        ),
        "closed_recall": round(
            sum(1 for g, p in zip(gold_q, ours_q, strict=False) if g == p == "closed") / gold_q.count("closed"), 3
        ),
        "reflection_precision": round(precision, 3),
        "reflection_recall": round(recall, 3),
        "reflection_f1": round(2 * precision * recall / (precision + recall) if precision + recall else 0.0, 3),
        "reflection_kappa": round((observed - expected) / (1 - expected), 3) if expected < 1 else None,
    }


def speed_ms() -> float:
    reply = (
        "Eleven months of doing everything they asked, and now the voucher is gone over a form. No wonder you're "
        "angry, and scared about tonight. I'm here with you and I'm not going anywhere. Let's look at what "
        "happened with that form together, and I'm not going to call security on you. What would help most right "
        "now? Would you rather start by calling the housing office with me, or by finding you a bed for tonight? "
        "It's your call, and whatever you decide, we can work on it together, step by step, starting today, okay?"
    )
    scenario = get_scenario("lost-housing-voucher")
    analyse_wording(Transcript.from_text(reply), scenario)
    start = time.perf_counter()
    for _ in range(SPEED_REPEATS):
        analyse_wording(Transcript.from_text(reply), scenario)
    return (time.perf_counter() - start) / SPEED_REPEATS * 1000, len(reply.split())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every reply whose categories differ")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    rows = load_rows()
    out: dict = {"rows": len(rows), "traps": sum(1 for r in rows if r.get("trap") and r["trap"] != "no_punct")}
    for plain in (False, True):
        table, errors = confusion(rows, plain=plain)
        key = "plain" if plain else "written"
        out[key] = {
            c: dict(
                zip(("precision", "recall", "f1"), map(lambda x: round(x, 3), prf(table[c])), strict=False), **table[c]
            )
            for c in CATEGORIES
        }
        out[key + "_exact_rows"] = len(rows) - len(errors)
        if args.errors and not args.json:
            print(f"--- differing rows ({key}) ---")
            for row_id, reply, missed, extra in errors:
                print(f"{row_id} missed={sorted(missed)} extra={sorted(extra)} :: {reply}")
    out["heldout"] = heldout_report()
    annomi = annomi_report()
    out["annomi"] = annomi
    ms, words = speed_ms()
    out["speed_ms_per_reply"] = round(ms, 2)
    out["speed_reply_words"] = words
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    print(f"labelled set: {out['rows']} replies, {out['traps']} traps ({LABELLED.relative_to(ROOT)})")
    for key in ("written", "plain"):
        print(f"\n{key} form ({out[key + '_exact_rows']}/{len(rows)} replies exactly right)")
        print(f"{'category':20} {'prec':>6} {'recall':>6} {'f1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
        for c in CATEGORIES:
            m = out[key][c]
            print(
                f"{c:20} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {m['tp']:4d} {m['fp']:4d} {m['fn']:4d}"
            )
    held = out["heldout"]
    print(f"\nheld-out set ({held['rows']} replies, {HELDOUT.relative_to(ROOT)}), all categories pooled")
    for key in ("written", "plain"):
        h = held[key]
        print(
            f"  {key:8} precision {h['micro_precision']:.3f}  recall {h['micro_recall']:.3f}  "
            f"F1 {h['micro_f1']:.3f}  ({h['exact_rows']}/{held['rows']} replies exactly right)"
        )
    if annomi:
        print(f"\nAnnoMI dev ({annomi['utterances']} counsellor utterances, {ANNOMI})")
        for k, v in annomi.items():
            if k != "utterances":
                print(f"  {k:34} {v}")
    else:
        print(f"\nAnnoMI: {ANNOMI} not present, skipped")
    print(f"\nspeed: {out['speed_ms_per_reply']} ms per wording analysis of a {words}-word reply")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
