"""The report as Markdown: the same sections as the terminal and HTML reports, for notes and pull requests."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from voice_deesc.reports.content import (
    CHECKLIST_TITLE,
    UNSURE_LEGEND,
    ChecklistLine,
    Span,
    change_text,
    checklist_lines,
    checklist_note,
    marked_transcript,
    measure_rows,
    score_items,
    score_steps,
)

if TYPE_CHECKING:
    from voice_deesc.pipeline import Attempt
    from voice_deesc.scenarios.model import Scenario

MARKERS = {"+": ("**", "** (+)"), "-": ("**", "** (−)"), "0": ("_", "_"), "moment": ("_", "_ (⏱)")}
"""Findings are bolded in place with a sign after them, so the marks survive plain-text viewers."""


def render_markdown(attempt: Attempt, *, scenario: Scenario | None = None) -> str:
    """The whole report as a Markdown document."""
    a = attempt.assessment
    title = (scenario.title if scenario is not None else "") or attempt.scenario_id or "a typed reply"
    lines = [f"# Feedback on your reply: {title}", "", f"_{attempt.created_at}_", ""]
    scores = [f"**{label}** {value}/100" for label, value in score_items(attempt) if value is not None]
    lines += [" · ".join(scores) + f" · band: **{a.band}**", ""]
    steps = score_steps(a)
    if steps:
        lines += [f"_How the overall score was reached:_ {_escape('; '.join(steps))}", ""]
    change = change_text(a)
    if change:
        lines += [change, ""]
    safety = a.safety
    if safety is not None:
        lines += [f"> {'✅' if safety.asked else '⚠️'} {safety.note}", ""]
    if a.strengths:
        lines += ["## What went well", "", *[f"- {s}" for s in a.strengths], ""]
    lines += _checklist(attempt)
    lines += ["## What you said", ""]
    text = attempt.transcript.text
    if text:
        marked = marked_transcript(attempt, escape=_escape, mark=_mark, unsure=_unsure)
        legend = "(+) went well · (−) to change · (⏱) delivery moment"
        if attempt.transcript.uncertain_spans():
            legend += f" · (words?) {UNSURE_LEGEND}"
        lines += ["> " + marked, "", legend, ""]
    else:
        lines += ["_No words were heard in this reply._", ""]
    rows = measure_rows(attempt)
    if rows:
        lines += ["## Delivery measures", "", "| measure | value | verdict | at | note |", "|---|---|---|---|---|"]
        lines += [f"| {r.measure} | {r.value} | {r.verdict} | {r.at} | {_cell(r.note)} |" for r in rows]
        lines.append("")
    if a.suggestions:
        lines += ["## To try next time", "", *[f"{i}. {s}" for i, s in enumerate(a.suggestions, 1)], ""]
    if attempt.warnings:
        lines += ["## Notes", "", *[f"- {w}" for w in attempt.warnings], ""]
    return "\n".join(lines)


def write_markdown(attempt: Attempt, path: str | os.PathLike[str], *, scenario: Scenario | None = None) -> Path:
    from voice_deesc.reports.html import write_text_file

    return write_text_file(render_markdown(attempt, scenario=scenario), path)


def _checklist(attempt: Attempt) -> list[str]:
    """One bullet per goal or avoid item: the result in bold, the item, then what the reply did."""
    checklist = checklist_lines(attempt)
    if not checklist:
        return []
    lines = [f"## {CHECKLIST_TITLE}", ""]
    lines += [f"- **{line.label}** · {line.kind}: {_escape(line.item)}. {_detail(line)}" for line in checklist]
    note = checklist_note(attempt)
    if note:
        lines += ["", f"_{_escape(note)}_"]
    if any(line.has_unsure for line in checklist):
        lines += ["", f"(words?) {UNSURE_LEGEND}"]
    return [*lines, ""]


def _detail(line: ChecklistLine) -> str:
    return "".join(_unsure(_escape(piece)) if doubtful else _escape(piece) for piece, doubtful in line.detail)


def _escape(text: str) -> str:
    for ch in ("\\", "*", "_", "`", "[", "]", "#", "|"):
        text = text.replace(ch, "\\" + ch)
    return text


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _mark(marked: str, span: Span) -> str:
    left, right = MARKERS.get(span.kind, ("_", "_"))
    return f"{left}{marked}{right}"


def _unsure(escaped: str) -> str:
    """Words the recogniser was unsure of, as (words?): readable in any Markdown viewer."""
    return f"({escaped}?)"
