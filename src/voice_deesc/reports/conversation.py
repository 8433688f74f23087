"""The report of a whole conversation, computed once and handed to every output: terminal, Markdown, HTML,
the agitation figure and the spoken summary.

:func:`show_conversation` is what a front end calls when a conversation ends (or stops early). Each turn's reply is
shown with the single-reply report's own pieces (``reports.content``: marked transcript, scores), so a turn reads
exactly as ``evaluate`` would report that reply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from voice_deesc.feedback.conversation import (
    TurnMoves,
    moved_sentence,
    outcome,
    stopped_early,
    summary_text,
    turn_moves,
)

if TYPE_CHECKING:
    from voice_deesc.conversation.record import ConversationResult, TurnResult
    from voice_deesc.scenarios.model import Scenario

MARKDOWN_FILE = "conversation.md"
HTML_FILE = "conversation.html"
FIGURE_FILE = "agitation.png"
SPOKEN_FILE = "summary.wav"


@dataclass(frozen=True)
class TurnSection:
    """One turn as every report shows it: the client's line, the reply with its findings, what moved the client."""

    turn: TurnResult
    moves: TurnMoves
    went_well: str
    """The reply's top strength ('' when none)."""
    to_try: str
    """The reply's top suggestion ('' when none)."""
    moved: str
    """The sentence saying how the client took the reply and why."""
    safety: str
    """The safety check's note on a safety-critical turn ('' otherwise), as the single-reply report shows it."""
    safety_missed: bool


@dataclass(frozen=True)
class ConversationReport:
    """Everything the conversation's reports show; renderers only lay it out."""

    result: ConversationResult
    title: str
    client_context: str
    outcome: str
    stopped_early: str
    """The plain stop sentence, or '' when the conversation reached an end."""
    agitation_text: str
    """The curve as text, e.g. '7 → 5 → 3'."""
    turns: tuple[TurnSection, ...]
    summary: str
    """The spoken summary's words."""
    notes: tuple[str, ...]

    @property
    def branches(self) -> tuple[str, ...]:
        return tuple(section.turn.branch.value for section in self.turns)


@dataclass(frozen=True)
class ConversationOutputs:
    """What :func:`show_conversation` produced."""

    text: str
    """The terminal report (plain text), for the front end to print."""
    markdown: Path
    html: Path
    figure: Path | None
    """The agitation curve; None when no turn was taken."""
    spoken: Path | None
    """The spoken summary WAV, when one was made."""


def build_report(
    result: ConversationResult, *, scenario: Scenario | None = None, notes: Sequence[str] = ()
) -> ConversationReport:
    """Compute every section once; ``notes`` are the front end's (e.g. that the history was not updated)."""
    sections = tuple(_section(turn) for turn in result.turns)
    title = (scenario.title if scenario is not None else "") or result.scenario_id
    return ConversationReport(
        result=result,
        title=title,
        client_context=scenario.context if scenario is not None else "",
        outcome=outcome(result),
        stopped_early=stopped_early(result),
        agitation_text=" → ".join(str(level) for level in result.agitation_curve),
        turns=sections,
        summary=summary_text(result),
        notes=tuple(notes),
    )


def _section(turn: TurnResult) -> TurnSection:
    a = turn.attempt.assessment
    moves = turn_moves(turn)
    return TurnSection(
        turn=turn,
        moves=moves,
        went_well=a.strengths[0] if a.strengths else "",
        to_try=a.suggestions[0] if a.suggestions else "",
        moved=moved_sentence(moves),
        safety=a.safety.note if a.safety is not None else "",
        safety_missed=a.safety is not None and not a.safety.asked,
    )


def figure_png(report: ConversationReport) -> bytes | None:
    """The agitation curve as PNG bytes (None before any turn)."""
    if not report.turns:
        return None
    from voice_deesc.reports.figure import render_agitation_png

    end = report.result.end_state
    label = f"end: {end.value}" if end is not None else "stopped early"
    return render_agitation_png(report.result.agitation_curve, report.branches, end_label=label)


def show_conversation(
    result: ConversationResult,
    out_dir: Path,
    *,
    speak: bool,
    scenario: Scenario | None = None,
    notes: Sequence[str] = (),
    width: int = 100,
) -> ConversationOutputs:
    """Write the conversation's Markdown and HTML reports and figure into ``out_dir``, speak the summary, and
    return the terminal report's text.

    Parameters
    ----------
    result : ConversationResult
        The finished (or early-stopped) conversation.
    out_dir : Path
        Created owner-only when missing; receives ``conversation.md``, ``conversation.html``, ``agitation.png`` and,
        when ``speak``, ``summary.wav``.
    speak : bool
        Synthesize the spoken summary, and play it when a speaker exists (without one it is kept in ``out_dir``).
    scenario : Scenario, optional
        Adds the pack's title and context.
    notes : sequence of str
        The front end's notes for the trainee, e.g. from ``record_conversation_or_note``.

    Raises
    ------
    StorageError
        ``out_dir`` or a report in it cannot be written (the recordings and the history are untouched).
    """
    from voice_deesc.fsutil import atomic_write_text, atomic_write_with
    from voice_deesc.paths import private_dir
    from voice_deesc.reports.conversation_render import render_html, render_markdown, render_terminal

    out = private_dir(Path(out_dir))
    report = build_report(result, scenario=scenario, notes=notes)
    png = figure_png(report)
    figure = None
    if png is not None:
        figure = atomic_write_with(out / FIGURE_FILE, lambda tmp: tmp.write_bytes(png))
    markdown = atomic_write_text(out / MARKDOWN_FILE, render_markdown(report, figure_name=FIGURE_FILE if png else ""))
    html = atomic_write_text(out / HTML_FILE, render_html(report, png=png))
    spoken, spoken_note = _speak(result, out / SPOKEN_FILE) if speak and report.turns else (None, "")
    text = render_terminal(report, width=width)
    text += f"\nReports: {markdown}, {html}" + (f" (figure: {figure})" if figure else "") + "\n"
    if spoken_note:
        text += spoken_note + "\n"
    return ConversationOutputs(text, markdown, html, figure, spoken)


def _speak(result: ConversationResult, target: Path) -> tuple[Path | None, str]:
    """The spoken summary, played when a speaker exists; a missing voice or speaker is a note, not a failure."""
    from voice_deesc.devices import has_output_device
    from voice_deesc.errors import DeviceError
    from voice_deesc.feedback.conversation import speak_summary

    speaker = has_output_device()
    try:
        path = speak_summary(result, save_to=target, play=speaker)
    except DeviceError as e:
        return None, f"(spoken summary skipped: {e})"
    return path, "" if speaker else f"(no speaker found: the spoken summary is saved at {path})"


def default_report_dir(result: ConversationResult) -> Path:
    """Where a conversation's reports go unless the front end says otherwise: one private folder per conversation
    in the user's data folder, named by when it started and the scenario (sorts by date)."""
    from voice_deesc.paths import data_home

    stamp = result.started_at[:19].replace(":", "").replace("-", "").replace("T", "-")
    return data_home() / "conversations" / f"{stamp}-{result.scenario_id}"


def record_and_show_conversation(
    result: ConversationResult,
    out_dir: Path | None = None,
    *,
    speak: bool,
    scenario: Scenario | None = None,
    keep_history: bool = True,
    history_path: Path | None = None,
) -> ConversationOutputs:
    """Store the conversation in the history (unless ``keep_history`` is False), then report it.

    The report is written whatever becomes of the history: a history fault appears in it as a note. ``out_dir``
    defaults to :func:`default_report_dir`.
    """
    from dataclasses import replace

    notes: list[str] = []
    stored = ""
    if keep_history and result.turns:
        from voice_deesc.history_conversations import record_conversation_or_note

        saved = record_conversation_or_note(result, path=history_path)
        if saved.note:
            notes.append(saved.note)
        else:
            number = saved.conversation_id
            stored = f"Kept in your history as conversation {number} (`voice-deesc history --conversation {number}`).\n"
    target = out_dir if out_dir is not None else default_report_dir(result)
    outputs = show_conversation(result, target, speak=speak, scenario=scenario, notes=notes)
    return replace(outputs, text=outputs.text + stored)
