"""Hand one Attempt to every output the user asked for: terminal report, Markdown, HTML, spoken summary.

The commands call :func:`deliver` once, so `evaluate`, `demo` and the practice loop give the same feedback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from voice_deesc.audio import Audio
    from voice_deesc.pipeline import Attempt
    from voice_deesc.scenarios.model import Scenario

SPOKEN_FILE = "feedback.wav"


def deliver(
    attempt: Attempt,
    *,
    audio: Audio | None = None,
    scenario: Scenario | None = None,
    terminal: bool = True,
    markdown: Path | None = None,
    html: Path | None = None,
    speak: bool = True,
    save_spoken: Path | None = None,
    spoken_name: str = SPOKEN_FILE,
    quiet_stdout: bool = False,
) -> Path | None:
    """Render the report to the terminal and files, and speak (or save) the summary.

    Parameters
    ----------
    attempt : Attempt
    audio : Audio, optional
        The reply's audio; adds the figure to the HTML report.
    terminal : bool
        Print the report (colour on a terminal, plain text otherwise).
    markdown, html : Path, optional
        Where to write those reports.
    speak : bool
        Synthesize the spoken summary and play it when a speaker exists.
    save_spoken : Path, optional
        Keep the spoken summary here (synthesized even with ``speak=False``).
    quiet_stdout : bool
        Standard output carries JSON: send notes to standard error and skip the terminal report.

    Returns
    -------
    Path or None
        The spoken summary WAV, when one was made.
    """
    note_stream = sys.stderr if quiet_stdout else sys.stdout
    if terminal and not quiet_stdout:
        from voice_deesc.reports.terminal import print_report

        print_report(attempt)
    if markdown is not None:
        from voice_deesc.reports.markdown import write_markdown

        print(f"Markdown report: {write_markdown(attempt, markdown, scenario=scenario)}", file=note_stream)
    if html is not None:
        from voice_deesc.reports.html import write_html

        print(f"HTML report: {write_html(attempt, html, audio=audio, scenario=scenario)}", file=note_stream)
    if not speak and save_spoken is None:
        return None
    return _speak(attempt, speak=speak, save_spoken=save_spoken, spoken_name=spoken_name, note_stream=note_stream)


def _speak(
    attempt: Attempt, *, speak: bool, save_spoken: Path | None, spoken_name: str, note_stream: TextIO
) -> Path | None:
    """Synthesize the spoken summary, play it when a speaker exists, and say where it was kept."""
    from voice_deesc.devices import has_output_device
    from voice_deesc.errors import DeviceError
    from voice_deesc.feedback.spoken import speak_summary
    from voice_deesc.paths import spoken_dir

    target = save_spoken if save_spoken is not None else spoken_dir() / spoken_name
    speaker = speak and has_output_device()
    try:
        path = speak_summary(attempt, save_to=target, play=speaker)
    except DeviceError as e:
        if save_spoken is not None:
            raise
        print(f"(spoken feedback skipped: {e})", file=note_stream)
        return None
    if save_spoken is not None:
        print(f"Spoken feedback saved: {path}", file=note_stream)
    elif speak and not speaker:
        print(f"(no speaker found: the spoken feedback is saved at {path})", file=note_stream)
    return path
