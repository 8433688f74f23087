"""The reply's balance (domain.md, MITI 4.2.1): reflections per question, open share, question runs, length.

Counted once every rule has had its say, from the findings' categories and positions and the reply's words alone;
the score (score.py) then charges the closed questions that fall inside the runs found here.
"""

from __future__ import annotations

from typing import Any

from voice_deesc.wording.rubric import Finding
from voice_deesc.wording.score import FAIR_RATIO, GOOD_RATIO, QUESTION_RUN
from voice_deesc.wording.text import NormalText

CONCISE_MAX_WORDS = 87
"""About 40 s at 130 words/min: the top of domain.md's "concise: ~5-40 s"."""
MONOLOGUE_WORDS = 130
"""About 60 s at 130 words/min: domain.md's "> 60 s monologue"."""


def balance_counts(findings: list[Finding], normal: NormalText) -> dict[str, Any]:
    """The fields of ``Balance``. The questions are read from the findings, which by now hold every question that
    counts as one; a run is ``QUESTION_RUN`` or more of them with no reflection between (MITI 4.2.1)."""
    events: list[tuple[int, str, int, int]] = []
    for f in findings:
        if f.category == "reflection":
            events.append((f.start_char, "reflection", f.start_char, f.end_char))
        elif f.category in {"open_question", "closed_question", "why_question"}:
            events.append((f.start_char, f.category, f.start_char, f.end_char))
    events.sort()
    counts = {
        c: sum(1 for e in events if e[1] == c)
        for c in ("reflection", "open_question", "closed_question", "why_question")
    }
    n_questions = counts["open_question"] + counts["closed_question"] + counts["why_question"]
    runs: list[dict[str, Any]] = []
    current: list[tuple[int, str, int, int]] = []
    for event in [*events, (10**9, "reflection", 0, 0)]:
        if event[1] == "reflection":
            if len(current) >= QUESTION_RUN:
                runs.append({"length": len(current), "start_char": current[0][2], "end_char": current[-1][3]})
            current = []
        else:
            current.append(event)
    longest = 0
    current_len = 0
    for event in events:
        current_len = 0 if event[1] == "reflection" else current_len + 1
        longest = max(longest, current_len)
    ratio = counts["reflection"] / n_questions if n_questions else None
    words = sum(1 for t in normal.tokens if not t.is_punct)
    return {
        "reflections": counts["reflection"],
        "questions": n_questions,
        "open_questions": counts["open_question"],
        "closed_questions": counts["closed_question"],
        "why_questions": counts["why_question"],
        "reflection_to_question": None if ratio is None else round(ratio, 2),
        "miti_band": None
        if ratio is None
        else ("good" if ratio >= GOOD_RATIO else "fair" if ratio >= FAIR_RATIO else "low"),
        "open_share": round(counts["open_question"] / n_questions, 2) if n_questions else None,
        "longest_question_run": longest,
        "question_runs": runs,
        "word_count": len(normal.original.split()) if normal.original.strip() else 0,
        "normal_words": words,
        "length": "empty"
        if not words
        else "concise"
        if words <= CONCISE_MAX_WORDS
        else "long"
        if words <= MONOLOGUE_WORDS
        else "monologue",
    }
