"""The terminal report with rich: scores, safety, what went well, the transcript marked in place,
delivery measures with verdicts, and the things to try."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from voice_deesc.reports.content import (
    CHECKLIST_TITLE,
    UNSURE_LEGEND,
    change_text,
    checklist_lines,
    checklist_note,
    marked_segments,
    measure_rows,
    score_items,
    score_steps,
)

if TYPE_CHECKING:
    from rich.console import Console, ConsoleRenderable, Group
    from rich.table import Table

    from voice_deesc.pipeline import Attempt

STYLES = {"+": "bold green", "-": "bold red", "0": "yellow", "moment": "underline magenta"}
VERDICT_STYLES = {"ok": "green", "watch": "yellow", "flag": "red"}
PLAIN_MARKS = {"+": "+", "-": "-", "0": "?", "moment": "~"}
"""Transcript marks when the output has no colour (a pipe, a log file): [- calm down]."""
UNSURE_STYLE = "dim italic"
"""Words the recogniser was unsure of; without colour they read (words?)."""
CHECK_LABEL_WIDTH = len("not checked")
"""The result column is as wide as its longest word, so every item starts in the same place."""
STEPS_TITLE = "How the overall score was reached"
BAND_STYLES = {"proficient": "bold green", "developing": "bold yellow", "needs work": "bold red"}


def build(attempt: Attempt, *, color: bool = True) -> Group:
    """A rich renderable of the whole report; without ``color`` the transcript marks are brackets."""
    from rich.console import Group
    from rich.text import Text

    a = attempt.assessment
    parts = _scores(attempt)
    if a.strengths:
        parts += [Text("What went well", style="bold green"), _listing("+", a.strengths), Text("")]
    parts += _checklist(attempt, color=color)
    parts += _transcript(attempt, color=color)
    parts += _measures(attempt)
    if a.suggestions:
        parts.append(Text("To try next time", style="bold yellow"))
        parts.append(_listing("", a.suggestions))
    for warning in attempt.warnings:
        parts.append(Text(f"Note: {warning}", style="dim"))
    return Group(*parts)


def _scores(attempt: Attempt) -> list[ConsoleRenderable]:
    from rich.text import Text

    a = attempt.assessment
    title = Text("Feedback", style="bold")
    if attempt.scenario_id:
        title.append(f"  ({attempt.scenario_id})", style="dim")
    scores = Text()
    for label, value in score_items(attempt):
        if value is None:
            continue
        scores.append(f"{label} {value}/100", style="bold" if label == "Overall" else "")
        if label == "Overall":
            scores.append(" (")
            scores.append(a.band, style=BAND_STYLES.get(a.band, "bold"))
            scores.append(")")
        scores.append("   ")
    parts: list[ConsoleRenderable] = [title, scores]
    steps = score_steps(a)
    if steps:
        parts.append(Text(f"{STEPS_TITLE}: " + "; ".join(steps), style="dim"))
    change = change_text(a)
    if change:
        parts.append(Text(change, style="cyan"))
    if a.safety is not None and not a.safety.asked:
        parts.append(Text(f"! {a.safety.note}", style="bold red"))
    parts.append(Text(""))
    return parts


def _checklist(attempt: Attempt, *, color: bool) -> list[ConsoleRenderable]:
    """The scenario's goals and avoid items: the result, the item, and the words that decided it."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    lines = checklist_lines(attempt)
    if not lines:
        return []
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, min_width=CHECK_LABEL_WIDTH)
    grid.add_column()
    for line in lines:
        body = Text(f"{line.kind}: {line.item}. ")
        for piece, doubtful in line.detail:
            if not doubtful:
                body.append(piece)
            elif color:
                body.append(piece, style=UNSURE_STYLE)
            else:
                body.append(f"({piece}?)")
        grid.add_row(Text(line.label, style=STYLES.get(line.tone, "") if color else ""), body)
    parts: list[ConsoleRenderable] = [Text(CHECKLIST_TITLE, style="bold"), Padding(grid, (0, 0, 0, 2))]
    note = checklist_note(attempt)
    if note:
        parts.append(Padding(Text(note, style="italic"), (0, 0, 0, 2)))
    if any(line.has_unsure for line in lines):
        legend = Text(UNSURE_LEGEND, style=UNSURE_STYLE) if color else Text(f"(words?) {UNSURE_LEGEND}")
        parts.append(Padding(legend, (0, 0, 0, 2), style="dim"))
    return [*parts, Text("")]


def _transcript(attempt: Attempt, *, color: bool) -> list[ConsoleRenderable]:
    from rich.padding import Padding
    from rich.text import Text

    parts: list[ConsoleRenderable] = [Text("What you said", style="bold")]
    text = attempt.transcript.text
    if not text:
        return [*parts, Text("  No words were heard in this reply.", style="italic"), Text("")]
    marked = Text()
    for pieces, span in marked_segments(attempt):
        style = "" if span is None or not color else STYLES.get(span.kind, "")
        inner = Text()
        for piece, doubtful in pieces:
            if not doubtful:
                inner.append(piece, style=style)
            elif color:
                inner.append(piece, style=f"{style} {UNSURE_STYLE}".strip())
            else:
                inner.append(f"({piece}?)")
        if span is None or color:
            marked.append_text(inner)
        else:
            marked.append_text(Text.assemble(f"[{PLAIN_MARKS.get(span.kind, '~')} ", inner, "]"))
    parts.append(Padding(marked, (0, 0, 0, 2)))
    unsure = bool(attempt.transcript.uncertain_spans())
    if color:
        legend = Text.assemble(
            ("went well", STYLES["+"]), "  ", ("to change", STYLES["-"]), "  ", ("delivery moment", STYLES["moment"])
        )
        if unsure:
            legend.append_text(Text.assemble("  ", (UNSURE_LEGEND, UNSURE_STYLE)))
    else:
        legend = Text("[+ went well]  [- to change]  [? closed question]  [~ delivery moment]")
        if unsure:
            legend.append(f"  (words?) {UNSURE_LEGEND}")
    parts.append(Padding(legend, (0, 0, 0, 2), style="dim"))
    return [*parts, Text("")]


def _measures(attempt: Attempt) -> list[ConsoleRenderable]:
    from rich.table import Table
    from rich.text import Text

    rows = measure_rows(attempt)
    if not rows:
        return []
    table = Table(title="How it sounded", title_justify="left", show_edge=False, pad_edge=False)
    for column in ("measure", "value", "verdict", "at", "note"):
        table.add_column(column, no_wrap=column != "note")
    for row in rows:
        verdict = Text(row.verdict, style=VERDICT_STYLES.get(row.verdict, ""))
        table.add_row(row.measure, row.value, verdict, row.at, row.note)
    return [table, Text("")]


def _listing(bullet: str, items: Sequence[str]) -> Table:
    """Items with a hanging indent, so wrapped lines stay under their own text."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True, min_width=3)
    grid.add_column()
    for i, item in enumerate(items, 1):
        grid.add_row(bullet or f"{i}.", item)
    return grid


def print_report(attempt: Attempt, *, console: Console | None = None) -> None:
    """Print the report to the terminal (colour when it is one)."""
    from rich.console import Console

    console = console or Console()
    console.print(build(attempt, color=console.color_system is not None))
