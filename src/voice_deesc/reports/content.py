"""What every written report shows, computed once: scores, change, highlighted transcript spans, delivery rows.

The renderers (terminal, Markdown, HTML) only lay these out. ``render_text`` is the plain-text terminal report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from voice_deesc.delivery.verdicts import Aspect, Measure, MeasureVerdict
from voice_deesc.feedback.assess import Assessment
from voice_deesc.feedback.checklist import CheckStatus, checklist_rows, misheard_note
from voice_deesc.feedback.evidence import char_span_for_times
from voice_deesc.feedback.messages import clock, measure_label

if TYPE_CHECKING:
    from voice_deesc.pipeline import Attempt

UNSURE_LEGEND = "may have been misheard"
"""What the greyed or (word?) marking of uncertain words means, in every report's legend."""
SCORE_LABELS = (("overall", "Overall"), ("calm", "Calm"), ("non_judgmental", "Non-judgmental"))
CHECKLIST_TITLE = "Scenario checklist"
CHECKLIST_TONES = {
    CheckStatus.MET: "+",
    CheckStatus.KEPT: "+",
    CheckStatus.MISSED: "0",
    CheckStatus.BROKEN: "-",
    CheckStatus.UNCHECKED: "",
}
"""How each result is coloured, in the transcript's terms: + went well, - to change, 0 still to do."""
KIND_LABELS = {"goal": "Goal", "avoid": "Avoid"}


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


@dataclass(frozen=True)
class ChecklistLine:
    """One goal or avoid item of the scenario as every report shows it."""

    label: str
    """The result: ``met``, ``missed``, ``kept``, ``broken``, ``not checked``; ending in ``?`` when it rests on words
    the recogniser may have misheard."""
    tone: str
    """``+``, ``-``, ``0`` or ``""`` (see ``CHECKLIST_TONES``)."""
    kind: str
    """``Goal`` or ``Avoid``."""
    item: str
    """The instructor's words."""
    detail: tuple[tuple[str, bool], ...]
    """What the reply did, as (piece, may have been misheard) in order."""

    @property
    def has_unsure(self) -> bool:
        return any(doubtful for _, doubtful in self.detail)


def checklist_lines(attempt: Attempt) -> list[ChecklistLine]:
    """The scenario's goals then its avoid items, with the evidence words split where the recogniser was unsure."""
    transcript = attempt.transcript
    text = transcript.text
    unsure = transcript.uncertain_spans()
    lines = []
    for row in checklist_rows(attempt.wording, transcript):
        pieces: list[tuple[str, bool]] = []
        for part in row.detail():
            if isinstance(part, str):
                pieces.append((part, False))
            elif part.start_char is not None and part.end_char is not None:
                pieces += unsure_pieces(text, part.start_char, part.end_char, unsure)
            else:
                pieces.append((part.text, False))
        tone = CHECKLIST_TONES[row.status]
        kind = KIND_LABELS.get(row.kind, row.kind)
        lines.append(ChecklistLine(row.label, tone, kind, row.item.rstrip(". "), tuple(pieces)))
    return lines


def checklist_note(attempt: Attempt) -> str:
    """The sentence under the checklist when a goal may show as missed because of misheard words ('' if none)."""
    return misheard_note(checklist_rows(attempt.wording, attempt.transcript))


def score_items(attempt: Attempt) -> list[tuple[str, int | None]]:
    a = attempt.assessment
    scores = {"overall": a.overall, "calm": a.calm, "non_judgmental": a.non_judgmental}
    return [(label, scores[key]) for key, label in SCORE_LABELS]


def score_steps(assessment: Assessment) -> list[str]:
    """How the overall score was reached, one signed line per reason ('+40 a reply that does no harm').

    Every point is traceable (feedback/verdict.py); a reason worth no points ("counted above") is left out, so the
    lines that remain sum to the overall score.
    """
    return [f"{step.points:+d} {step.reason}" for step in assessment.overall_steps if step.points]


def change_text(assessment: Assessment) -> str:
    """'Overall +12, calm +20, non-judgmental +4 since your previous attempt (2026-11-28)' or ''."""
    change = assessment.change or {}
    if not change:
        return ""
    parts = [f"{label.lower()} {change[key]:+d}" for key, label in SCORE_LABELS if key in change]
    when = assessment.previous.created_at[:10] if assessment.previous is not None else ""
    since = f"since your previous attempt ({when})" if when else "since your previous attempt"
    return f"Change {since}: " + ", ".join(parts) + "."


def highlight_spans(attempt: Attempt) -> list[Span]:
    """Non-overlapping spans over ``attempt.transcript.text``, in order; rubric findings win over moments."""
    text = attempt.transcript.text
    words = attempt.transcript.words
    spans: list[Span] = []
    for f in attempt.wording.findings:
        if not 0 <= f.start_char < f.end_char <= len(text):
            continue
        spans.append(Span(f.start_char, f.end_char, f.polarity.value, f.category.value.replace("_", " ")))
    for tip in attempt.assessment.suggestion_details:
        if tip.start_char is None and tip.start_s is not None and attempt.transcript.has_word_timings:
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


def unsure_pieces(text: str, start: int, end: int, unsure: Sequence[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text[start:end]`` split into (piece, uncertain) in order, ``unsure`` being the uncertain words' spans."""
    out: list[tuple[str, bool]] = []
    position = start
    for lo, hi in unsure:
        lo, hi = max(lo, start), min(hi, end)
        if lo >= hi:
            continue
        if lo > position:
            out.append((text[position:lo], False))
        out.append((text[lo:hi], True))
        position = hi
    if position < end:
        out.append((text[position:end], False))
    return out


def marked_segments(attempt: Attempt) -> list[tuple[list[tuple[str, bool]], Span | None]]:
    """Like :func:`segments`, each piece further split into words the recogniser was sure or unsure of."""
    text = attempt.transcript.text
    unsure = attempt.transcript.uncertain_spans()
    out = []
    position = 0
    for piece, span in segments(text, highlight_spans(attempt)):
        out.append((unsure_pieces(text, position, position + len(piece), unsure), span))
        position += len(piece)
    return out


def marked_transcript(
    attempt: Attempt,
    *,
    escape: Callable[[str], str],
    mark: Callable[[str, Span], str],
    unsure: Callable[[str], str],
) -> str:
    """The transcript as one string for HTML or Markdown: words the recogniser was unsure of passed (escaped)
    through ``unsure``, then each finding's words (already escaped and marked) through ``mark``."""
    parts = []
    for pieces, span in marked_segments(attempt):
        inner = "".join(unsure(escape(piece)) if doubtful else escape(piece) for piece, doubtful in pieces)
        parts.append(inner if span is None else mark(inner, span))
    return "".join(parts)


def measure_rows(attempt: Attempt) -> list[MeasureRow]:
    """One row per delivery verdict, plus the raw level when no verdict covers loudness."""
    calm = attempt.calm
    if calm is None or not attempt.assessment.heard_speech:
        return []  # nothing was said, so there is no delivery to describe
    rows = [
        MeasureRow(measure_label(v.measure), _format_value(v), v.verdict.value, v.message, clock(v.at_s))
        for v in calm.verdicts
    ]
    covered = {v.measure for v in calm.verdicts}
    d = attempt.delivery
    if d is not None and Measure.LOUDNESS_VS_BASELINE not in covered and d.loudness.median_dbfs is not None:
        level = d.loudness.median_dbfs
        rows.append(MeasureRow("Loudness", f"{level:.0f} dBFS", "", "median speech level (no baseline)", ""))
    return rows


def render_text(attempt: Attempt, *, width: int = 100) -> str:
    """The terminal report as plain text (no colour): what ``evaluate`` prints when output is not a terminal."""
    import io

    from rich.console import Console

    from voice_deesc.reports.terminal import build

    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False, record=True)
    console.print(build(attempt, color=False))
    return console.export_text().rstrip() + "\n"


def _format_value(v: MeasureVerdict) -> str:
    """The verdict's value with its unit; signed for a change from the baseline."""
    if v.value is None:
        return "-"
    number = float(v.value)
    if v.aspect == Aspect.CLIPPED:
        return f"{number:.1%} clipped"
    if v.band is None:
        return f"{number:g}"
    unit = "wpm" if v.band.unit == "words/min" else v.band.unit
    signed = v.measure.vs_baseline
    if unit in ("wpm", "Hz"):
        text = f"{number:+.0f}" if signed else f"{number:.0f}"
    else:
        text = f"{number:+.1f}" if signed else f"{number:.1f}"
    return f"{text} {unit}" if unit != "%" else f"{text} %"
