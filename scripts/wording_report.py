#!/usr/bin/env python3
"""Every figure of the wording analysis, on the project's own sets and on real transcripts (issue 10's targets).

1. TRAINING set (tests/data/wording_labelled.jsonl, the replies the rules were tuned on): per-category precision and
   recall, as written and lowercase without punctuation. A training figure, not evidence.
   DEVELOPMENT replies (tests/data/wording_dev.jsonl and wording_dev2.jsonl, read for errors: training data) and the
   CHECK replies (tests/data/wording_dev_check.jsonl and wording_dev2_check.jsonl, never read, only their totals seen
   while developing): macro-F1 only.
2. FROZEN TEST set (tests/data/wording_test.jsonl, labelled before the analyser ran on it): macro-F1 over the 18
   categories, as written and lowercase without punctuation, and per-category precision and recall.
3. AnnoMI dev (../shared/data/text/annomi_dev.tsv, evaluation only): open/closed accuracy over gold questions (a
   question the analyser misses counts as wrong; a why-question counts as closed, as the lead's check counts it)
   and reflection precision, recall and F1 (behaviour = reflection).
4. ESConv dev (../shared/data/text/esconv_dev.tsv, evaluation only): share of supporter turns given a judgmental
   flag, reflection recall on the two reflective strategies, question recall on "Questions" turns, and a random
   sample (fixed seed) of 30 flags joined with a careful read of each (tests/data/esconv_flag_read.tsv, which holds
   ids, categories and verdicts, no ESConv text).
5. Speed and size: milliseconds per reply warm (warmed on the training replies, timed on the frozen set's replies,
   each against its client's words so the learned heads run), load time (imports, lexicon, encoder and heads, the
   first reply) and extra resident memory, each the median of three fresh processes.

Usage: python scripts/wording_report.py [--errors] [--json]      (../shared beside the clone, or VOICE_DEESC_SHARED)
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from voice_deesc.asr.base import Transcript  # noqa: E402
from voice_deesc.scenarios.load import get_scenario  # noqa: E402
from voice_deesc.wording.analyse import analyse_wording  # noqa: E402
from voice_deesc.wording.rubric import CATEGORIES  # noqa: E402
from voice_deesc.wording.text import plain_form  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "wording_labelled.jsonl"
FROZEN = ROOT / "tests" / "data" / "wording_test.jsonl"
DEVELOPMENT = ROOT / "tests" / "data" / "wording_dev.jsonl"
CHECK = ROOT / "tests" / "data" / "wording_dev_check.jsonl"
DEVELOPMENT_2 = ROOT / "tests" / "data" / "wording_dev2.jsonl"
CHECK_2 = ROOT / "tests" / "data" / "wording_dev2_check.jsonl"
FLAG_READ = ROOT / "tests" / "data" / "esconv_flag_read.tsv"
SHARED = Path(os.environ.get("VOICE_DEESC_SHARED", ROOT.parent / "shared"))
ANNOMI = SHARED / "data" / "text" / "annomi_dev.tsv"
ESCONV = SHARED / "data" / "text" / "esconv_dev.tsv"
JUDGMENTAL = frozenset(
    {"command_feelings", "judgment_blame", "labeling", "minimizing", "threat_ultimatum", "arguing", "sarcasm_profanity"}
)
QUESTIONS = frozenset({"open_question", "closed_question", "why_question"})
REFLECTIVE_STRATEGIES = ("Restatement or Paraphrasing", "Reflection of feelings")
FLAG_SAMPLE = 30
FLAG_SAMPLE_SEED = 10


def load_rows(path: Path = LABELLED) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def tsv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


def categories_of(reply: str, client: str = "", scenario: str | None = None, cache: dict | None = None) -> set[str]:
    found = None
    if scenario:
        cache = {} if cache is None else cache
        found = cache.setdefault(scenario, get_scenario(scenario))
    wording = analyse_wording(Transcript.from_text(reply), found, client_text=client)
    return {f.category for f in wording.findings}


def predict(reply: str, row: dict, scenarios: dict) -> set[str]:
    return categories_of(reply, row.get("client", ""), row.get("scenario"), scenarios)


def confusion(rows: list[dict], *, plain: bool) -> tuple[dict[str, dict[str, int]], list[tuple[str, str, set, set]]]:
    table = {c: {"tp": 0, "fp": 0, "fn": 0} for c in CATEGORIES}
    errors = []
    scenarios: dict = {}
    for row in rows:
        reply = plain_form(row["reply"]) if plain else row["reply"]
        predicted = predict(reply, row, scenarios)
        gold = set(row["labels"])
        for c in CATEGORIES:
            key = "tp" if c in predicted and c in gold else "fp" if c in predicted else "fn" if c in gold else None
            if key:
                table[c][key] += 1
        if predicted != gold:
            errors.append((row["id"], reply, gold - predicted, predicted - gold))
    return table, errors


def prf(cell: dict[str, int]) -> tuple[float, float, float]:
    """Precision, recall, F1; a category neither labelled nor found scores 1.0 (nothing to get wrong)."""
    tp, fp, fn = cell["tp"], cell["fp"], cell["fn"]
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def macro_f1(table: dict[str, dict[str, int]]) -> float:
    return sum(prf(table[c])[2] for c in CATEGORIES) / len(CATEGORIES)


def _prf_dict(cell: dict[str, int]) -> dict[str, float]:
    return dict(zip(("precision", "recall", "f1"), (round(x, 3) for x in prf(cell)), strict=True))


def set_report(path: Path) -> dict | None:
    """Per-category P/R/F1 and macro-F1 of a labelled set, as written and as a recogniser gives it."""
    if not path.is_file():
        return None
    rows = load_rows(path)
    out: dict = {"path": str(path.relative_to(ROOT)), "rows": len(rows)}
    for plain in (False, True):
        table, errors = confusion(rows, plain=plain)
        key = "plain" if plain else "written"
        out[key] = {
            "macro_f1": round(macro_f1(table), 3),
            "exact_rows": len(rows) - len(errors),
            "categories": {c: {**_prf_dict(table[c]), **table[c]} for c in CATEGORIES},
            "errors": [(i, reply, sorted(missed), sorted(extra)) for i, reply, missed, extra in errors],
        }
    return out


def annomi_report(path: Path = ANNOMI, *, every: int = 1) -> dict | None:
    """Open/closed accuracy over gold questions (missed counts as wrong) and reflection P/R/F1.

    Each counsellor utterance is analysed as a conversation turn: against the client's previous utterance and the
    client's utterances before it in the same session (``reflection.client_context``), as the practice loop does.
    ``every`` > 1 keeps every n-th whole session (in id order), so a session's context is never cut: the suite's
    floor runs on a fixed part, this report on all.
    """
    if not path.is_file():
        return None
    from voice_deesc.wording.reflection import client_context

    rows = tsv_rows(path)
    sessions = sorted({r["transcript_id"] for r in rows}, key=_numeric_first)
    kept = set(sessions[::every])
    rows = [r for r in rows if r["transcript_id"] in kept]
    right = asked = tp = fp = fn = 0
    said_before: dict[str, list[str]] = {}  # per transcript: the client's utterances so far, as a conversation has
    for r in rows:
        earlier = said_before.setdefault(r["transcript_id"], [])
        found = categories_of(r["text"], client_context(r["client_previous_utterance"], earlier))
        if r["client_previous_utterance"].strip():
            earlier.append(r["client_previous_utterance"])
        if r["question_subtype"] in ("open", "closed"):
            asked += 1
            guess = "open" if "open_question" in found else "closed" if found & QUESTIONS else "none"
            right += guess == r["question_subtype"]
        gold, said = r["behaviour"] == "reflection", "reflection" in found
        tp += gold and said
        fp += said and not gold
        fn += gold and not said
    p, r_, f = prf({"tp": tp, "fp": fp, "fn": fn})
    return {
        "utterances": len(rows),
        "gold_questions": asked,
        "open_closed_accuracy": round(right / max(asked, 1), 3),
        "reflection_precision": round(p, 3),
        "reflection_recall": round(r_, 3),
        "reflection_f1": round(f, 3),
    }


def esconv_report(path: Path = ESCONV, read_path: Path = FLAG_READ, *, every: int = 1) -> dict | None:
    """Flag rate, reflection and question recall, and the sample of flags with the written read.

    ``every`` > 1 keeps every n-th turn (each turn carries its own client line): the suite's floor runs on a fixed
    part, this report on all.
    """
    if not path.is_file():
        return None
    rows = tsv_rows(path)[::every]
    found = {r["id"]: categories_of(r["reply"], r["client"]) for r in rows}
    flagged = [(r["id"], sorted(found[r["id"]] & JUDGMENTAL)) for r in rows if found[r["id"]] & JUDGMENTAL]
    reflective = [r for r in rows if r["strategy"] in REFLECTIVE_STRATEGIES]
    asking = [r for r in rows if r["strategy"] == "Questions"]
    reads = {(x["id"], x["category"]): x for x in tsv_rows(read_path)} if read_path.is_file() else {}
    sample = random.Random(FLAG_SAMPLE_SEED).sample(flagged, min(FLAG_SAMPLE, len(flagged)))
    read_sample = []
    for turn_id, cats in sorted(sample):
        for category in cats:
            read = reads.get((turn_id, category), {})
            verdict = {k: read.get(k, "") for k in ("verdict", "why")}
            read_sample.append({"id": turn_id, "category": category, **verdict})
    verdicts = [x["verdict"] for x in read_sample if x["verdict"]]
    return {
        "turns": len(rows),
        "flagged_turns": len(flagged),
        "flag_rate": round(len(flagged) / max(len(rows), 1), 4),
        "reflection_recall": _share(("reflection" in found[r["id"]] for r in reflective), reflective),
        "reflective_turns": len(reflective),
        "question_recall": _share((bool(found[r["id"]] & QUESTIONS) for r in asking), asking),
        "question_turns": len(asking),
        "flag_sample": read_sample,
        "flag_sample_read": len(verdicts),
        "flag_sample_right": round(verdicts.count("right") / len(verdicts), 3) if verdicts else None,
    }


def _numeric_first(key: str) -> tuple[int, str]:
    """Sort ids numerically where they are numbers ("2" before "10")."""
    return (int(key), "") if key.isdigit() else (10**9, key)


def _share(hits, rows: list) -> float:
    return round(sum(hits) / max(len(rows), 1), 3)


SPEED_PROBE = r"""
import json, re, resource, sys, time
def rss_mb():
    return int(re.search(r"VmRSS:\s+(\d+)", open("/proc/self/status").read()).group(1)) / 1024
before = rss_mb()
start = time.perf_counter()
from voice_deesc.asr.base import Transcript
from voice_deesc.scenarios.load import get_scenario
from voice_deesc.wording.analyse import analyse_wording
def load(path):
    rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    return [(r["reply"], r.get("client") or get_scenario(r["scenario"]).client_statement) for r in rows]
analyse_wording(Transcript.from_text("So your shifts got cut and you feel stuck."), client_text="They cut my hours.")
load_s = time.perf_counter() - start
for reply, client in load(sys.argv[1]):
    analyse_wording(Transcript.from_text(reply), client_text=client)
rows = load(sys.argv[2])
start = time.perf_counter()
for reply, client in rows:
    analyse_wording(Transcript.from_text(reply), client_text=client)
warm_ms = (time.perf_counter() - start) / len(rows) * 1000
print(json.dumps({"load_s": round(load_s, 3), "warm_ms_per_reply": round(warm_ms, 2),
                  "extra_rss_mb": round(rss_mb() - before, 1), "replies": len(rows)}))
"""


SPEED_RUNS = 3
"""Fresh processes measured; each figure is their median. One run on a shared machine swings by a third (load
0.8-1.2 s seen on one checkout within minutes), so a single sample says more about the neighbours than the code."""


def speed_report(warm_up: Path = LABELLED, timed: Path = FROZEN, *, runs: int = SPEED_RUNS) -> dict:
    """Measured in fresh interpreters so the load time and memory are those a new session pays; warmed up on the
    training replies, timed on other replies (the frozen set) so no sentence vector is reused from the cache. Each
    figure is the median of ``runs`` processes; ``load_runs_s`` keeps every load time."""
    timed = timed if timed.is_file() else warm_up
    probes = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", SPEED_PROBE, str(warm_up), str(timed)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            check=True,
        )
        probes.append(json.loads(done.stdout.strip().splitlines()[-1]))
    figures = {
        key: statistics.median(p[key] for p in probes) for key in ("load_s", "warm_ms_per_reply", "extra_rss_mb")
    }
    return {**figures, "replies": probes[0]["replies"], "load_runs_s": [p["load_s"] for p in probes]}


def print_set(title: str, report: dict | None, *, errors: bool, table: bool = True) -> None:
    if report is None:
        print(f"\n{title}: not present, skipped")
        return
    print(f"\n{title} ({report['rows']} replies, {report['path']})")
    for key in ("written", "plain"):
        form = report[key]
        name = "as written" if key == "written" else "lowercase, no punctuation"
        print(f"  {name}: macro-F1 {form['macro_f1']:.3f} over 18 categories ({form['exact_rows']} replies exact)")
    if not table:
        return
    print(f"  {'category':20} {'P':>6} {'R':>6} {'P low':>6} {'R low':>6}   (written | lowercase no punctuation)")
    for c in CATEGORIES:
        w, p = report["written"]["categories"][c], report["plain"]["categories"][c]
        print(f"  {c:20} {w['precision']:6.3f} {w['recall']:6.3f} {p['precision']:6.3f} {p['recall']:6.3f}")
    if errors:
        for key in ("written", "plain"):
            for row_id, reply, missed, extra in report[key]["errors"]:
                print(f"    {key} {row_id} missed={missed} extra={extra} :: {reply}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every reply whose categories differ")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    out = {
        "training": set_report(LABELLED),
        "development": set_report(DEVELOPMENT),
        "check": set_report(CHECK),
        "development_2": set_report(DEVELOPMENT_2),
        "check_2": set_report(CHECK_2),
        "frozen_test": set_report(FROZEN),
        "annomi": annomi_report(),
        "esconv": esconv_report(),
        "speed": speed_report(),
    }
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    print_set("TRAINING set, tuned on (a training figure, not evidence)", out["training"], errors=args.errors)
    print_set("DEVELOPMENT replies, read for errors (training data)", out["development"], errors=False, table=False)
    print_set("CHECK replies, never read, totals only (not evidence either)", out["check"], errors=False, table=False)
    print_set("DEVELOPMENT replies 2, read for errors (training data)", out["development_2"], errors=False, table=False)
    print_set("CHECK replies 2, never read, totals only", out["check_2"], errors=False, table=False)
    print_set("FROZEN TEST set, labelled before the analyser ran on it", out["frozen_test"], errors=args.errors)
    print_annomi_esconv(out["annomi"], out["esconv"])
    s = out["speed"]
    print(
        f"\nspeed: {s['warm_ms_per_reply']} ms per reply warm (target <= 30) over {s['replies']} replies; "
        f"load {s['load_s']} s (<= 1; runs {', '.join(map(str, s['load_runs_s']))}); "
        f"extra resident memory {s['extra_rss_mb']} MB (<= 150); medians of {len(s['load_runs_s'])} fresh processes"
    )
    return 0


def print_annomi_esconv(annomi: dict | None, esconv: dict | None) -> None:
    if annomi is None:
        print(f"\nAnnoMI: {ANNOMI} not present, skipped")
    else:
        print(f"\nAnnoMI dev ({annomi['utterances']} counsellor utterances, {ANNOMI})")
        print(
            f"  open/closed accuracy {annomi['open_closed_accuracy']:.3f} over {annomi['gold_questions']} gold "
            f"questions (target >= 0.85); reflection P {annomi['reflection_precision']:.3f} "
            f"R {annomi['reflection_recall']:.3f} F1 {annomi['reflection_f1']:.3f} (target F1 >= 0.70)"
        )
    if esconv is None:
        print(f"\nESConv: {ESCONV} not present, skipped")
        return
    print(f"\nESConv dev ({esconv['turns']} supporter turns, {ESCONV})")
    print(
        f"  judgmental flags on {esconv['flag_rate']:.2%} of turns ({esconv['flagged_turns']}; target <= 1.0%); "
        f"reflection recall {esconv['reflection_recall']:.3f} on {esconv['reflective_turns']} reflective turns "
        f"(>= 0.65); question recall {esconv['question_recall']:.3f} on {esconv['question_turns']} (>= 0.93)"
    )
    share = esconv["flag_sample_right"]
    turns = len({x["id"] for x in esconv["flag_sample"]})
    print(
        f"  sample of {turns} flagged turns ({len(esconv['flag_sample'])} flags, "
        f"seed {FLAG_SAMPLE_SEED}), careful read from "
        f"{FLAG_READ.relative_to(ROOT)}: {esconv['flag_sample_read']} read, "
        + (f"{share:.0%} right (target >= 70%)" if share is not None else "no read recorded")
    )
    for x in esconv["flag_sample"]:
        print(f"    {x['id']:18} {x['category']:18} {x['verdict'] or 'UNREAD':6} {x['why']}")


if __name__ == "__main__":
    raise SystemExit(main())
