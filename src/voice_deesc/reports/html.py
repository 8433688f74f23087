"""The report as one self-contained HTML file: inline CSS, the figure as an embedded PNG, no external assets.

A trainee can keep it, open it offline, or show it to an instructor; nothing in it fetches anything.
"""

from __future__ import annotations

import base64
import os
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from voice_deesc.reports.content import (
    CHECKLIST_TITLE,
    UNSURE_LEGEND,
    change_text,
    checklist_lines,
    checklist_note,
    marked_transcript,
    measure_rows,
    score_items,
    score_steps,
)

if TYPE_CHECKING:
    from voice_deesc.audio import Audio
    from voice_deesc.pipeline import Attempt
    from voice_deesc.scenarios.model import Scenario

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;background:#f6f7f9;
color:#263238;line-height:1.5}
main{max-width:1100px;margin:0 auto;padding:24px 28px 40px}
h1{font-size:1.6rem;margin:0 0 4px} h2{font-size:1.15rem;margin:28px 0 8px}
.sub{color:#607d8b;margin:0 0 16px}
.client{background:#eceff1;border-radius:8px;padding:10px 14px;margin:0 0 16px;font-style:italic}
.scores{display:flex;gap:14px;flex-wrap:wrap}
.score{background:#fff;border-radius:10px;padding:12px 18px;min-width:150px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.score .n{font-size:2rem;font-weight:700} .score .l{color:#607d8b;font-size:.9rem}
.band{display:inline-block;border-radius:999px;padding:2px 12px;font-weight:600;font-size:.95rem}
.band.proficient{background:#c8e6c9;color:#1b5e20} .band.developing{background:#fff3c4;color:#7a5a00}
.band.needs-work{background:#ffcdd2;color:#8e0000}
.change{color:#00695c;margin-top:10px}
.safety{background:#ffebee;border-left:6px solid #c62828;padding:10px 14px;border-radius:6px;margin-top:16px}
.safety.ok{background:#e8f5e9;border-color:#2e7d32}
.card{background:#fff;border-radius:10px;padding:14px 18px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
ul.well li::marker{color:#2e7d32} ol.next li{margin-bottom:6px}
.transcript{font-size:1.1rem}
mark{border-radius:4px;padding:0 2px}
mark.pos{background:#c8e6c9} mark.neg{background:#ffcdd2} mark.neu{background:#fff3c4}
mark.moment{background:#f3e5f5;text-decoration:underline wavy #8e24aa}
.legend span{margin-right:14px;font-size:.85rem}
.unsure{color:#8a9499;text-decoration:underline dotted #8a9499}
figure{margin:0} figure img{width:100%;height:auto;display:block}
figcaption{color:#607d8b;font-size:.85rem;margin-top:6px}
table{border-collapse:collapse;width:100%} th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #eceff1}
td.v-ok{color:#2e7d32;font-weight:600}
td.v-watch{color:#a07000;font-weight:600} td.v-flag{color:#c62828;font-weight:600}
td.chk{font-weight:600;white-space:nowrap} td.chk.pos{color:#2e7d32} td.chk.neg{color:#c62828}
td.chk.neu{color:#a07000} td.chk.none{color:#607d8b} .kind{color:#607d8b}
.notes{color:#607d8b;font-size:.9rem} footer{color:#90a4ae;font-size:.8rem;margin-top:28px}
"""
MARK_CLASS = {"+": "pos", "-": "neg", "0": "neu", "moment": "moment"}
CHECK_CLASS = {"+": "pos", "-": "neg", "0": "neu", "": "none"}


def render_html(attempt: Attempt, *, audio: Audio | None = None, scenario: Scenario | None = None) -> str:
    """The whole report as an HTML document; ``audio`` adds the figure of the reply over time."""
    a = attempt.assessment
    parts = _head(attempt, scenario) + _scores(attempt)
    parts += _listing("What went well", "ul", "well", a.strengths)
    parts += _checklist(attempt)
    parts += _transcript(attempt)
    if audio is not None and audio.samples.size:
        parts += _figure(attempt, audio)
    parts += _measures(attempt)
    parts += _listing("To try next time", "ol", "next", a.suggestions)
    if attempt.warnings:
        parts.append('<div class="notes"><h2>Notes</h2><ul>')
        parts.extend(f"<li>{escape(w)}</li>" for w in attempt.warnings)
        parts.append("</ul></div>")
    engine = f"{attempt.transcript.engine} {attempt.transcript.model}".strip()
    parts.append(
        f"<footer>voice-deesc &middot; {escape(engine)} &middot; everything was analysed on this computer.</footer>"
    )
    parts.append("</main></body></html>")
    return "\n".join(parts)


def _head(attempt: Attempt, scenario: Scenario | None) -> list[str]:
    e = escape
    title = (scenario.title if scenario is not None else "") or attempt.scenario_id or "a typed reply"
    client = scenario.client_statement if scenario is not None else ""
    return [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>voice-deesc feedback: {e(title)}</title>",
        f"<style>{CSS}</style></head><body><main>",
        "<h1>Feedback on your reply</h1>",
        f'<p class="sub">{e(title)} &middot; {e(attempt.created_at)}</p>',
        *([f'<p class="client">The client said: &ldquo;{e(client)}&rdquo;</p>'] if client else []),
    ]


def _scores(attempt: Attempt) -> list[str]:
    e = escape
    a = attempt.assessment
    parts = ['<section class="scores">']
    for label, value in score_items(attempt):
        if value is None:
            continue
        extra = f' <span class="band {e(a.band.replace(" ", "-"))}">{e(a.band)}</span>' if label == "Overall" else ""
        parts.append(f'<div class="score"><div class="l">{e(label)}</div><div class="n">{value}{extra}</div></div>')
    parts.append("</section>")
    steps = score_steps(a)
    if steps:
        parts.append(f'<p class="steps">How the overall score was reached: {e("; ".join(steps))}</p>')
    change = change_text(a)
    if change:
        parts.append(f'<p class="change">{e(change)}</p>')
    if a.safety is not None:
        parts.append(f'<div class="safety{" ok" if a.safety.asked else ""}">{e(a.safety.note)}</div>')
    return parts


def _listing(heading: str, tag: str, css: str, items: tuple[str, ...]) -> list[str]:
    if not items:
        return []
    return [
        f'<h2>{heading}</h2><div class="card"><{tag} class="{css}">',
        *(f"<li>{escape(item)}</li>" for item in items),
        f"</{tag}></div>",
    ]


def _checklist(attempt: Attempt) -> list[str]:
    """A table of the scenario's goals and avoid items: the result, the item, and the words that decided it."""
    e = escape
    lines = checklist_lines(attempt)
    if not lines:
        return []
    parts = [f'<h2>{CHECKLIST_TITLE}</h2><div class="card"><table class="checklist"><thead><tr><th>result</th>']
    parts.append("<th>goal or avoid item</th><th>what the reply did</th></tr></thead><tbody>")
    for line in lines:
        detail = "".join(_unsure(e(piece)) if doubtful else e(piece) for piece, doubtful in line.detail)
        parts.append(
            f'<tr><td class="chk {CHECK_CLASS.get(line.tone, "none")}">{e(line.label)}</td>'
            f'<td><span class="kind">{e(line.kind)}:</span> {e(line.item)}</td><td>{detail}</td></tr>'
        )
    parts.append("</tbody></table>")
    note = checklist_note(attempt)
    if note:
        parts.append(f'<p class="notes">{e(note)}</p>')
    if any(line.has_unsure for line in lines):
        parts.append(f'<p class="legend"><span><span class="unsure">{UNSURE_LEGEND}</span></span></p>')
    parts.append("</div>")
    return parts


def _unsure(escaped: str) -> str:
    """Words the recogniser may have misheard: greyed and dotted, with the reason on hover."""
    return f'<span class="unsure" title="{UNSURE_LEGEND}">{escaped}</span>'


def _transcript(attempt: Attempt) -> list[str]:
    e = escape
    parts = ['<h2>What you said</h2><div class="card">']
    if attempt.transcript.text:
        marked = marked_transcript(
            attempt,
            escape=e,
            mark=lambda marked, span: (
                f'<mark class="{MARK_CLASS.get(span.kind, "neu")}" title="{e(span.label)}">{marked}</mark>'
            ),
            unsure=_unsure,
        )
        parts.append(f'<p class="transcript">{marked}</p>')
        unsure_legend = (
            f'<span><span class="unsure">{UNSURE_LEGEND}</span></span>' if attempt.transcript.uncertain_spans() else ""
        )
        parts.append(
            '<p class="legend"><span><mark class="pos">went well</mark></span><span><mark class="neg">to change'
            f'</mark></span><span><mark class="moment">delivery moment</mark></span>{unsure_legend}</p>'
        )
    else:
        parts.append("<p><em>No words were heard in this reply.</em></p>")
    parts.append("</div>")
    return parts


def _figure(attempt: Attempt, audio: Audio) -> list[str]:
    from voice_deesc.reports.figure import render_png

    png = base64.b64encode(render_png(attempt, audio)).decode("ascii")
    return [
        '<h2>How it sounded, over time</h2><div class="card"><figure>',
        f'<img alt="Loudness and pitch of the reply over time, with pauses shaded and flagged words marked" '
        f'src="data:image/png;base64,{png}">',
        "<figcaption>Top: the waveform with each recognised word. Middle: loudness. Bottom: pitch. "
        "Blue bands are pauses, green and red bands the words that went well or could change, dashed lines "
        "the delivery moments named below.</figcaption></figure></div>",
    ]


def _measures(attempt: Attempt) -> list[str]:
    e = escape
    rows = measure_rows(attempt)
    if not rows:
        return []
    parts = ['<h2>Delivery measures</h2><div class="card"><table><thead><tr><th>measure</th><th>value</th>']
    parts.append("<th>verdict</th><th>at</th><th>note</th></tr></thead><tbody>")
    for row in rows:
        parts.append(
            f"<tr><td>{e(row.measure)}</td><td>{e(row.value)}</td><td class='v-{e(row.verdict)}'>{e(row.verdict)}"
            f"</td><td>{e(row.at)}</td><td>{e(row.note)}</td></tr>"
        )
    parts.append("</tbody></table></div>")
    return parts


def write_text_file(text: str, path: str | os.PathLike[str]) -> Path:
    """Write a report atomically, owner-only: it quotes what the trainee said (one rule: fsutil)."""
    from voice_deesc.fsutil import atomic_write_text

    return atomic_write_text(path, text)


def write_html(
    attempt: Attempt, path: str | os.PathLike[str], *, audio: Audio | None = None, scenario: Scenario | None = None
) -> Path:
    """Render and write the HTML report to ``path``."""
    return write_text_file(render_html(attempt, audio=audio, scenario=scenario), path)
