"""Delivery verdicts (from the calm analysis) turned into strengths and tips tied to a moment and its words.

The calm analysis' messages are used as written; when one already names its moment ("at 0:07 ...") or carries
its own advice after a ';', it is said once. Measures are read defensively (``getattr``) so richer verdicts work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from voice_deesc.feedback.evidence import clock, fastest_stretch, measure_label, words_near
from voice_deesc.feedback.tips import Tip

RUSHING_WPM = 160.0
"""domain.md: over 160 words/min is rushing."""
DELIVERY_IMPACT = {"flag": 82, "watch": 45}
"""A flagged delivery measure (rushing, raised voice) ranks with the stronger wording flags."""
DELIVERY_ADVICE = {
    "rate": "Slow down a little and leave a short pause after you name their feeling.",
    "loud": "Keep your voice at conversation level, even when theirs rises.",
    "pitch": "Let your voice settle low and relaxed; a rising pitch is heard as tension.",
    "flat": "Let your voice move a little; a flat tone can sound cold.",
    "pause": "A short pause is good; if you need a moment, say so: 'let me think about that'.",
    "latency": "Start with a short acknowledgement, such as 'I hear you', while you think.",
    "length": "Keep it short: one reflection, one question.",
    "mirror": "Let your voice stay lower and slower than theirs; calm is catching.",
}
KIND_ORDER = ("rate", "loud", "pitch", "flat", "pause", "latency", "length", "mirror")
"""Which delivery strength to name first: pace and volume are what a listener hears as calm."""
CLOCK = re.compile(r"\b\d+:\d\d\b")
"""A time already written into a message."""


def delivery_tips(calm: Any | None, words: Sequence[Any]) -> tuple[list[Tip], list[Tip]]:
    """(strengths, suggestions) from the calm verdicts, each tied to its moment and words when known."""
    if calm is None:
        return [], []
    ok: list[Tip] = []
    tips: list[Tip] = []
    for v in getattr(calm, "verdicts", ()) or ():
        measure = str(getattr(v, "measure", ""))
        verdict = str(getattr(v, "verdict", "ok"))
        message = str(getattr(v, "message", "")).strip().rstrip(".")
        value = getattr(v, "value", None)
        at_s = getattr(v, "at_s", None)
        end_s = getattr(v, "end_s", None)
        if not message:
            continue
        if verdict == "ok":
            if "could not" not in message and not _is_zero(value):
                sentence = f"{measure_label(measure)}: {message}."
                ok.append(Tip(measure, sentence, message[0].upper() + message[1:] + ".", start_s=at_s))
            continue
        said = str(getattr(v, "evidence", "") or "")
        if at_s is not None and not said:
            said = words_near(words, float(at_s), end_s)
        kind = _kind(measure, message)
        head, _, their_advice = (part.strip() for part in message.partition(";"))
        advice = _sentence(their_advice) if their_advice else DELIVERY_ADVICE.get(kind, "")
        stretch = None
        if at_s is None and kind == "rate" and value is not None and float(value) > RUSHING_WPM:
            stretch = fastest_stretch(words)
        if stretch is not None:
            at_s, end_s, wpm, said = stretch
            text = (
                f"{_upper(head)}; from {clock(at_s)} to {clock(end_s)} ('{said}') you reached about {wpm:.0f} words "
                f"a minute. {advice}"
            )
        else:
            # the calm analysis may already name the moment ("at 0:07 your voice rose ..."): say it once
            where = f"At {clock(at_s)}, " if at_s is not None and not CLOCK.search(head) else ""
            on_words = f" on '{said}'" if said else ""
            body = head if where else _upper(head)
            text = f"{where}{body}{on_words}. {advice}".strip()
        spoken = re.sub(r"\s*\([^)]*\)", "", advice) or _sentence(head)
        tips.append(
            Tip(
                measure,
                text,
                spoken,
                DELIVERY_IMPACT.get(verdict, 40),
                said,
                None if at_s is None else float(at_s),
                None if end_s is None else float(end_s),
            )
        )
    ok.sort(key=lambda t: KIND_ORDER.index(_kind(t.source, t.text)) if _kind(t.source, t.text) in KIND_ORDER else 99)
    return _one_per_kind(ok), _one_per_kind(sorted(tips, key=lambda t: -t.impact))


def _one_per_kind(tips: list[Tip]) -> list[Tip]:
    """Keep the first tip of each kind: effort, clipping and a loudness rise all say "lower your voice" once."""
    seen: set[str] = set()
    out = []
    for tip in tips:
        kind = _kind(tip.source, tip.text) or tip.source
        if kind not in seen:
            seen.add(kind)
            out.append(tip)
    return out


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    """'try slowing a little' -> 'Try slowing a little.'"""
    text = text.strip().rstrip(".")
    return f"{_upper(text)}." if text else ""


def _is_zero(value: Any) -> bool:
    """An 'ok' count of zero (no pauses at all) is not something to praise."""
    try:
        return value is not None and float(value) == 0.0
    except (TypeError, ValueError):
        return False


def _kind(measure: str, message: str) -> str:
    """Map a measure name (whatever the delivery analysis calls it) to a kind of advice."""
    m = measure.lower()
    if "rate" in m or "pace" in m or "wpm" in m:
        return "rate"
    if "pitch" in m or "f0" in m:
        return "flat" if ("flat" in message or "monoton" in message) else "pitch"
    if any(k in m for k in ("loud", "level", "volume", "clip", "effort", "burst", "steadi")):
        return "loud"
    if "mirror" in m:
        return "mirror"
    if "pause" in m or "silence" in m:
        return "pause"
    if "latency" in m or "start" in m:
        return "latency"
    if "length" in m or "duration" in m:
        return "length"
    return ""
