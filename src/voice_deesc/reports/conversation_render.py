"""The conversation report laid out three ways: plain terminal text, Markdown and one self-contained HTML file.

All three show the same sections in the same order (outcome, agitation, each turn, what moved the client, the spoken
summary, notes), from one :class:`~voice_deesc.reports.conversation.ConversationReport`. Each turn's reply is marked
with the single-reply report's own marks (``reports.content.marked_transcript``), so the legends mean the same.
"""

from __future__ import annotations

import base64
import textwrap
from html import escape
from typing import TYPE_CHECKING

from voice_deesc.reports.content import UNSURE_LEGEND, marked_transcript, score_items
from voice_deesc.reports.html import CSS, MARK_CLASS
from voice_deesc.reports.markdown import _escape as markdown_escape
from voice_deesc.reports.markdown import _mark as markdown_mark
from voice_deesc.reports.terminal import PLAIN_MARKS

if TYPE_CHECKING:
    from voice_deesc.pipeline import Attempt
    from voice_deesc.reports.conversation import ConversationReport, TurnSection

PLAIN_LEGEND = "[+ went well]  [- to change]  [? closed question]  [~ delivery moment]"
MOVED_HEADING = "What moved the client"
SUMMARY_HEADING = "Spoken summary"
NO_WORDS = "No words were heard in this reply."
EXTRA_CSS = """
.turn{margin-top:18px} .turn h2{margin-top:0}
.client-line{background:#eceff1;border-radius:8px;padding:8px 12px;font-style:italic;margin:6px 0}
.outcome{font-size:1.15rem;font-weight:600} .stopped{background:#fff8e1;border-left:6px solid #f9a825;padding:10px 14px;
border-radius:6px} .moved li{margin-bottom:6px} .small{color:#607d8b;font-size:.9rem}
"""


def _when(timestamp: str) -> str:
    return timestamp[:16].replace("T", " ")


def _scores_line(attempt: Attempt) -> str:
    """'Overall 84/100 (proficient) · Calm 80/100 · Non-judgmental 88/100', as the single-reply report orders them."""
    scores = [f"{label} {value}/100" for label, value in score_items(attempt) if value is not None]
    scores[0] += f" ({attempt.assessment.band})"
    return " · ".join(scores)


def _any_unsure(report: ConversationReport) -> bool:
    return any(section.turn.attempt.transcript.uncertain_spans() for section in report.turns)


def _turn_extras(section: TurnSection) -> list[str]:
    """The reply's notes, its recording and retries: where it is kept, and that earlier tries were set aside."""
    turn = section.turn
    extras = [f"Note: {warning}" for warning in turn.attempt.warnings]
    if turn.recording:
        extras.append(f"Recording: {turn.recording}")
    if turn.retries:
        extras.append(f"tried {turn.retries + 1} times; the last try is shown")
    return extras


# --- terminal ----------------------------------------------------------------------------------------------------


def render_terminal(report: ConversationReport, *, width: int = 100) -> str:
    """The report as plain text wrapped to ``width``: what a front end prints when the conversation ends."""
    result = report.result
    pack = "" if report.title == result.scenario_id else f"{result.scenario_id}, "
    lines = [f"Conversation: {report.title}  ({pack}{_when(result.started_at)})"]
    lines += _wrap(report.outcome, width)
    if report.turns:
        lines.append(f"Client agitation: {report.agitation_text}")
        legend = PLAIN_LEGEND + (f"  (words?) {UNSURE_LEGEND}" if _any_unsure(report) else "")
        lines.append(f"Marks in what you said: {legend}")
    for section in report.turns:
        lines += ["", *_terminal_turn(section, width)]
    if report.turns:
        lines += ["", MOVED_HEADING]
        for section in report.turns:
            lines += _wrap(section.moved, width, indent="  ")
        lines += ["", f"{SUMMARY_HEADING}:"]
        lines += _wrap(f'"{report.summary}"', width, indent="  ")
    if report.notes:
        lines += ["", "Notes"]
        for note in report.notes:
            lines += _wrap(f"- {note}", width, indent="  ", hanging="    ")
    return "\n".join(lines) + "\n"


def _terminal_turn(section: TurnSection, width: int) -> list[str]:
    turn = section.turn
    attempt = turn.attempt
    lines = [f"Turn {turn.index} · the client (agitation {turn.agitation}):"]
    lines += _wrap(f'"{turn.client_text}"', width, indent="  ")
    if attempt.transcript.text:
        said = marked_transcript(
            attempt,
            escape=lambda text: text,
            mark=lambda inner, span: f"[{PLAIN_MARKS.get(span.kind, '~')} {inner}]",
            unsure=lambda text: f"({text}?)",
        )
        lines += _wrap(f"You said: {said}", width, indent="  ", hanging="    ")
    else:
        lines.append(f"  You said: {NO_WORDS}")
    lines.append(f"  {_scores_line(attempt)}")
    if section.safety:
        lines += _wrap(f"{'! ' if section.safety_missed else ''}{section.safety}", width, indent="  ", hanging="    ")
    if section.went_well:
        lines += _wrap(f"Went well: {section.went_well}", width, indent="  ", hanging="    ")
    if section.to_try:
        lines += _wrap(f"To try: {section.to_try}", width, indent="  ", hanging="    ")
    lines += [f"  {extra}" for extra in _turn_extras(section)]
    return lines


def _wrap(text: str, width: int, *, indent: str = "", hanging: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        width=width,
        initial_indent=indent,
        subsequent_indent=indent if hanging is None else hanging,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent]


# --- Markdown ----------------------------------------------------------------------------------------------------


def render_markdown(report: ConversationReport, *, figure_name: str = "") -> str:
    """The report as a Markdown document; ``figure_name`` links the agitation figure beside it."""
    result = report.result
    lines = [f"# Conversation: {markdown_escape(report.title)}", "", f"_{result.started_at}_", ""]
    if report.client_context:
        lines += [f"_{markdown_escape(report.client_context)}_", ""]
    lines += [f"**{report.outcome}**" if not report.stopped_early else f"> ⚠️ {report.stopped_early}", ""]
    if report.turns:
        lines += [f"Client agitation: {report.agitation_text}", ""]
    if figure_name:
        lines += [f"![How the client's agitation moved: {report.agitation_text}]({figure_name})", ""]
    if report.turns:
        legend = "(+) went well · (−) to change · (⏱) delivery moment"
        lines += [legend + (f" · (words?) {UNSURE_LEGEND}" if _any_unsure(report) else ""), ""]
    for section in report.turns:
        lines += _markdown_turn(section)
    if report.turns:
        lines += [f"## {MOVED_HEADING}", "", *[f"- {markdown_escape(s.moved)}" for s in report.turns], ""]
        lines += [f"## {SUMMARY_HEADING}", "", f"> {markdown_escape(report.summary)}", ""]
    if report.notes:
        lines += ["## Notes", "", *[f"- {markdown_escape(note)}" for note in report.notes], ""]
    return "\n".join(lines)


def _markdown_turn(section: TurnSection) -> list[str]:
    turn = section.turn
    attempt = turn.attempt
    lines = [
        f"## Turn {turn.index}",
        "",
        f"**The client** (agitation {turn.agitation}): “{markdown_escape(turn.client_text)}”",
        "",
    ]
    if attempt.transcript.text:
        said = marked_transcript(
            attempt, escape=markdown_escape, mark=markdown_mark, unsure=lambda escaped: f"({escaped}?)"
        )
        lines += [f"**You said:** {said}", ""]
    else:
        lines += [f"**You said:** _{NO_WORDS}_", ""]
    lines += [_scores_line(attempt), ""]
    if section.safety:
        lines += [f"> {'⚠️' if section.safety_missed else '✅'} {markdown_escape(section.safety)}", ""]
    if section.went_well:
        lines.append(f"- Went well: {markdown_escape(section.went_well)}")
    if section.to_try:
        lines.append(f"- To try: {markdown_escape(section.to_try)}")
    lines += [f"- {markdown_escape(extra)}" for extra in _turn_extras(section)]
    return [*lines, ""]


# --- HTML --------------------------------------------------------------------------------------------------------


def render_html(report: ConversationReport, *, png: bytes | None = None) -> str:
    """The report as one self-contained HTML document; ``png`` (the agitation figure) is embedded."""
    e = escape
    result = report.result
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>voice-deesc conversation: {e(report.title)}</title>",
        f"<style>{CSS}{EXTRA_CSS}</style></head><body><main>",
        f"<h1>Conversation: {e(report.title)}</h1>",
        f'<p class="sub">{e(result.scenario_id) + " &middot; " if report.title != result.scenario_id else ""}'
        f"{e(result.started_at)}</p>",
    ]
    if report.client_context:
        parts.append(f'<p class="small">{e(report.client_context)}</p>')
    if report.stopped_early:
        parts.append(f'<p class="stopped">{e(report.stopped_early)}</p>')
    else:
        parts.append(f'<p class="outcome">{e(report.outcome)}</p>')
    if report.turns:
        parts.append(f"<p>Client agitation: {e(report.agitation_text)}</p>")
    if png is not None:
        data = base64.b64encode(png).decode("ascii")
        parts.append(
            f'<div class="card"><figure><img alt="How the client\'s agitation moved: {e(report.agitation_text)}" '
            f'src="data:image/png;base64,{data}"><figcaption>The client\'s agitation (0-10) before your first reply '
            "and after each one; green points settled, amber held, red escalated.</figcaption></figure></div>"
        )
    if report.turns:
        unsure = f'<span><span class="unsure">{UNSURE_LEGEND}</span></span>' if _any_unsure(report) else ""
        parts.append(
            '<p class="legend">In what you said: <span><mark class="pos">went well</mark></span><span><mark '
            f'class="neg">to change</mark></span><span><mark class="moment">delivery moment</mark></span>{unsure}</p>'
        )
    for section in report.turns:
        parts += _html_turn(section)
    if report.turns:
        parts.append(f'<h2>{MOVED_HEADING}</h2><div class="card"><ul class="moved">')
        parts += [f"<li>{e(section.moved)}</li>" for section in report.turns]
        parts.append("</ul></div>")
        parts.append(f'<h2>{SUMMARY_HEADING}</h2><div class="card"><p>{e(report.summary)}</p></div>')
    if report.notes:
        parts.append('<div class="notes"><h2>Notes</h2><ul>')
        parts += [f"<li>{e(note)}</li>" for note in report.notes]
        parts.append("</ul></div>")
    parts.append("<footer>voice-deesc &middot; everything was analysed on this computer.</footer></main></body></html>")
    return "\n".join(parts)


def _html_turn(section: TurnSection) -> list[str]:
    e = escape
    turn = section.turn
    attempt = turn.attempt
    parts = [
        f'<section class="turn card"><h2>Turn {turn.index}</h2>',
        f'<p class="client-line">The client (agitation {turn.agitation}): &ldquo;{e(turn.client_text)}&rdquo;</p>',
    ]
    if attempt.transcript.text:
        said = marked_transcript(
            attempt,
            escape=e,
            mark=lambda marked, span: (
                f'<mark class="{MARK_CLASS.get(span.kind, "neu")}" title="{e(span.label)}">{marked}</mark>'
            ),
            unsure=lambda escaped: f'<span class="unsure" title="{UNSURE_LEGEND}">{escaped}</span>',
        )
        parts.append(f'<p class="transcript">You said: {said}</p>')
    else:
        parts.append(f"<p><em>{NO_WORDS}</em></p>")
    parts.append(f'<p class="small">{e(_scores_line(attempt))}</p>')
    if section.safety:
        parts.append(f'<div class="safety{"" if section.safety_missed else " ok"}">{e(section.safety)}</div>')
    parts.append("<ul>")
    if section.went_well:
        parts.append(f"<li>Went well: {e(section.went_well)}</li>")
    if section.to_try:
        parts.append(f"<li>To try: {e(section.to_try)}</li>")
    parts += [f'<li class="small">{e(extra)}</li>' for extra in _turn_extras(section)]
    parts.append("</ul></section>")
    return parts
