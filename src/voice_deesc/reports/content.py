"""What every written report shows, computed once: scores, change, highlighted transcript spans, delivery rows.

The renderers (terminal, Markdown, HTML) only lay these out. ``render_text`` is the plain-text terminal report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from voice_deesc.feedback.evidence import char_span_for_times, clock, measure_label

SCORE_LABELS = (("overall", "Overall"), ("calm", "Calm"), ("non_judgmental", "Non-judgmental"))
VERDICT_WORDS = {"ok": "on target", "watch": "worth a look", "flag": "try to change"}
"""Verdicts in words that describe the measure, not the person."""


@dataclass(frozen=True)
class Span:
    """A stretch of the transcript to highlight: a rubric finding or a flagged delivery moment."""

    start_char: int
    end_char: int
    kind: str
    """``+`` (went well), ``-`` (to try differently), ``0`` (neutral) or ``moment`` (delivery)."""
    label: str


@dataclass(frozen=True)
class MeasureRow:
    measure: str
    value: str
    verdict: str
    note: str
    at: str


def score_items(attempt: Any) -> list[tuple[str, int | None]]:
    a = attempt.assessment
    return [(label, getattr(a, key, None)) for key, label in SCORE_LABELS]


def change_text(assessment: Any) -> str:
    """'Overall +12, calm +20, non-judgmental +4 since your previous attempt (2026-11-28)' or ''."""
    change = getattr(assessment, "change", None) or {}
    previous = getattr(assessment, "previous", None) or {}
    if not change:
        return ""
    parts = [f"{label.lower()} {change[key]:+d}" for key, label in SCORE_LABELS if key in change]
    when = str(previous.get("created_at", ""))[:10]
    since = f"since your previous attempt ({when})" if when else "since your previous attempt"
    return f"Change {since}: " + ", ".join(parts) + "."


def highlight_spans(attempt: Any) -> list[Span]:
    """Non-overlapping spans over ``attempt.transcript.text``, in order; rubric findings win over moments."""
    text = attempt.transcript.text
    words = attempt.transcript.words
    spans: list[Span] = []
    for f in getattr(attempt.wording, "findings", ()):
        start, end = getattr(f, "start_char", None), getattr(f, "end_char", None)
        if start is None or end is None or not 0 <= start < end <= len(text):
            continue
        spans.append(Span(start, end, str(f.polarity), str(f.category).replace("_", " ")))
    for tip in getattr(attempt.assessment, "suggestion_details", ()):
        if tip.start_char is None and tip.start_s is not None and attempt.transcript.engine != "text":
            found = char_span_for_times(text, words, tip.start_s, tip.end_s)
            if found:
                spans.append(Span(found[0], found[1], "moment", f"{tip.source} at {clock(tip.start_s)}"))
    spans.sort(key=lambda s: (s.start_char, s.kind == "moment", -(s.end_char - s.start_char)))
    chosen: list[Span] = []
    for span in spans:
        if chosen and span.start_char < chosen[-1].end_char:
            if span.kind != "moment" or span.end_char <= chosen[-1].end_char:
                continue
            # a delivery moment that begins inside a finding keeps its remaining words
            start = (
                chosen[-1].end_char
                + len(text[chosen[-1].end_char : span.end_char])
                - len(text[chosen[-1].end_char : span.end_char].lstrip())
            )
            span = Span(start, span.end_char, span.kind, span.label)
        chosen.append(span)
    return chosen


def segments(text: str, spans: list[Span]) -> list[tuple[str, Span | None]]:
    """Split ``text`` into (piece, span or None) in order, for renderers that mark spans in place."""
    out: list[tuple[str, Span | None]] = []
    position = 0
    for span in spans:
        if span.start_char > position:
            out.append((text[position : span.start_char], None))
        out.append((text[span.start_char : span.end_char], span))
        position = span.end_char
    if position < len(text):
        out.append((text[position:], None))
    return out


def marked_transcript(attempt: Any, *, escape: Callable[[str], str], mark: Callable[[str, Span], str]) -> str:
    """The transcript as one string with each finding's words passed through ``mark`` (HTML, Markdown, plain)."""
    text = attempt.transcript.text
    return "".join(
        escape(piece) if span is None else mark(piece, span) for piece, span in segments(text, highlight_spans(attempt))
    )


def measure_rows(attempt: Any) -> list[MeasureRow]:
    """One row per delivery verdict, plus the raw level and pitch when no verdict covers them."""
    calm = getattr(attempt, "calm", None)
    if calm is None or not getattr(attempt.assessment, "heard_speech", True):
        return []  # nothing was said, so there is no delivery to describe
    rows = []
    for v in getattr(calm, "verdicts", ()):
        measure = str(getattr(v, "measure", ""))
        rows.append(
            MeasureRow(
                measure_label(measure),
                _format_value(measure, getattr(v, "value", None), str(getattr(v, "message", ""))),
                str(getattr(v, "verdict", "")),
                str(getattr(v, "message", "")),
                clock(getattr(v, "at_s", None)),
            )
        )
    covered = {str(getattr(v, "measure", "")).lower() for v in getattr(calm, "verdicts", ())}
    d = attempt.delivery
    if d is not None and not any("loud" in m for m in covered) and getattr(d, "loudness_dbfs", None) is not None:
        rows.append(MeasureRow("Loudness", f"{d.loudness_dbfs:.0f} dBFS", "", "median speech level (no baseline)", ""))
    return rows


def render_text(attempt: Any, *, width: int = 100) -> str:
    """The terminal report as plain text (no colour): what ``evaluate`` prints when output is not a terminal."""
    import io

    from rich.console import Console

    from voice_deesc.reports.terminal import build

    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False, record=True)
    console.print(build(attempt))
    return console.export_text().rstrip() + "\n"


UNITS = {"rate": "wpm", "pitch": "st", "pitch_level": "Hz", "loudness": "dB", "effort": "dB"}
"""Fallback units when the calm analysis does not publish its own (``delivery.score.BANDS[measure].unit``)."""


def _unit(measure: str) -> str:
    try:
        from voice_deesc.delivery import score as calm
    except ImportError:  # pragma: no cover - the analysis package is part of the app
        return UNITS.get(measure, "")
    band = getattr(calm, "BANDS", {}).get(measure)
    unit = str(getattr(band, "unit", "") or UNITS.get(measure, ""))
    return "wpm" if unit == "words/min" else unit


def _format_value(measure: str, value: Any, message: str = "") -> str:
    if value is None:
        return "-"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if "clip" in message and 0 <= number < 1:
        return f"{number:.1%} clipped"
    unit = _unit(measure)
    if measure == "pauses" or not unit:
        return f"{number:g}"
    signed = "vs_baseline" in measure
    if unit in ("wpm", "Hz"):
        text = f"{number:+.0f}" if signed else f"{number:.0f}"
    else:
        text = f"{number:+.1f}" if signed else f"{number:.1f}"
    return f"{text} {unit}" if unit != "%" else f"{text} %"
