"""The spoken summary: one strength, the scenario's most important goal or avoid item, the top suggestion, the
band; about twenty seconds at a calm rate.

Not the whole report (domain.md "Feedback style": spoken feedback is a short summary). The voice models the
delivery it recommends: the calm rate and a volume below full scale (``tts.FEEDBACK_RATE_WPM`` / ``FEEDBACK_VOLUME``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from voice_deesc.feedback.checklist import (
    AVOID_SOURCE,
    ChecklistRow,
    CheckStatus,
    checklist_rows,
    most_important,
    spoken_checklist_sentence,
    spoken_item,
)
from voice_deesc.feedback.messages import BAND_SENTENCES, NO_STRENGTH_OPENER, SILENT_SUMMARY, change_sentence
from voice_deesc.feedback.tips import Tip

if TYPE_CHECKING:
    from voice_deesc.pipeline import Attempt

__all__ = ["BAND_SENTENCES", "MAX_SPOKEN_WORDS", "SILENT_SUMMARY", "speak_summary", "summary_text"]

MAX_SPOKEN_WORDS = 55
"""About 20-25 s at the calm feedback rate of ~135 words/min (domain.md: "about 20 seconds")."""


def summary_text(attempt: Attempt) -> str:
    """The words of the spoken summary, at most ``MAX_SPOKEN_WORDS`` where possible.

    It names the scenario's most important goal or avoid item (``checklist.most_important``): a met goal is the
    praise that opens it; a missed goal or broken avoid item comes before the top suggestion, unless that
    suggestion already names it.
    """
    a = attempt.assessment
    if not a.heard_speech or not attempt.transcript.text:
        return SILENT_SUMMARY
    strengths = a.strength_details
    suggestions = a.suggestion_details
    row = most_important(checklist_rows(attempt.wording, attempt.transcript))
    check = "" if row is None or _tip_names(suggestions[:1], row) else spoken_checklist_sentence(row)
    praise = row is not None and row.status == CheckStatus.MET and bool(check)
    opener = f"Something that went well. {strengths[0].spoken}" if strengths else ""
    if not opener and a.strengths:
        opener = f"Something that went well. {a.strengths[0]}"
    if praise:
        opener, check = f"Something that went well. {check}", ""
    if not opener:
        opener = NO_STRENGTH_OPENER  # still lead kindly, without inventing a strength
    tip = f"One thing to try next time. {suggestions[0].spoken}" if suggestions else ""
    if not tip and a.suggestions:
        tip = f"One thing to try next time. {a.suggestions[0]}"
    change = None if a.change is None else a.change.get("overall")
    closing = BAND_SENTENCES.get(a.band, f"Overall, this reply is {a.band}.") + change_sentence(change)
    text = " ".join(p for p in (opener, check, tip, closing) if p)
    if len(text.split()) > MAX_SPOKEN_WORDS and strengths and not praise:
        # Keep the strength but drop its quote: "You validated the feeling."
        short = strengths[0].spoken.split(" when you said")[0].split(": '")[0].rstrip(".") + "."
        text = " ".join(p for p in (f"Something that went well. {short}", check, tip, closing) if p)
    return text


def _tip_names(tips: tuple[Tip, ...], row: ChecklistRow) -> bool:
    """Whether the top suggestion is already about ``row`` (a broken avoid item's own tip)."""
    return any(t.source == AVOID_SOURCE and spoken_item(row.item) in t.spoken for t in tips)


def speak_summary(attempt: Attempt, *, save_to: Path, play: bool) -> Path:
    """Synthesize the summary to ``save_to`` and play it when asked and a speaker exists."""
    from voice_deesc import tts
    from voice_deesc.devices import has_output_device, play_file

    path = tts.synthesize(summary_text(attempt), save_to, rate_wpm=tts.FEEDBACK_RATE_WPM, volume=tts.FEEDBACK_VOLUME)
    if play and has_output_device():
        play_file(path)
    return path
