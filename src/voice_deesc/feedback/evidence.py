"""Pointing at the exact words and moments: time stamps, quotes, the words said at a moment, better phrasings.

Pure helpers over a Transcript and a Scenario; everything the feedback says about "where" comes from here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

QUOTE_MAX_WORDS = 8
"""A quote long enough to find the moment, short enough to read at a glance."""
STRETCH_WORDS = 6
"""Words in the window used to find the fastest stretch of a rushed reply."""
PHRASE_MAX_WORDS = 20
"""A suggested phrasing longer than this is too much to remember for the next try."""
NEAR_BEFORE_S = 0.15
NEAR_AFTER_S = 0.5
"""Words overlapping [t - 0.15 s, t + 0.5 s] count as said 'at' a flagged moment t: the words it starts on."""

FALLBACK_PHRASES: dict[str, str] = {
    "reflection": "It sounds like you're feeling {feeling}.",
    "validation": "That sounds really hard. It makes sense you're {feeling}.",
    "open_question": "What happened? Tell me more.",
    "choice_autonomy": "What would help you right now?",
    "collaboration": "Let's figure this out together.",
    "presence": "I'm here, and I'm listening.",
    "apology": "I'm sorry that happened.",
}
"""Rubric phrasings (domain.md "Wording rubric") used when the scenario's model reply has none of a kind."""
DEFAULT_FEELING = "upset"
MEASURE_LABELS = {
    "rate": "Pace",
    "pauses": "Pauses",
    "pitch": "Pitch",
    "loudness": "Loudness",
    "effort": "Voice effort",
    "pitch_level": "Pitch level",
    "pitch_variety": "Pitch variety",
    "pitch_end_rise": "Pitch rise",
    "steadiness": "Volume steadiness",
    "mirroring": "Calmer than the client",
}
"""Delivery measures in plain words; others fall back to their id ("rate_vs_baseline" -> "Rate vs baseline")."""


def measure_label(measure: str) -> str:
    return MEASURE_LABELS.get(measure, measure.replace("_", " ").capitalize())


def clock(seconds: float | None) -> str:
    """``67.4`` -> ``"1:07"``; empty for ``None``."""
    if seconds is None:
        return ""
    whole = max(0, round(seconds))  # rounded, as the calm analysis writes its own times
    return f"{whole // 60}:{whole % 60:02d}"


def at_clock(seconds: float | None) -> str:
    """`` at 0:07`` or nothing, for appending to a sentence."""
    return f" at {clock(seconds)}" if seconds is not None else ""


def quote(text: str, start_char: int | None, end_char: int | None, evidence: str) -> str:
    """The evidence, extended to the end of its clause (at most ``QUOTE_MAX_WORDS`` words) so it reads naturally."""
    if start_char is None or end_char is None or not text or text[start_char:end_char].lower() != evidence.lower():
        return evidence
    tail = re.split(r"[.,;:!?]", text[end_char:], maxsplit=1)[0]
    room = max(0, QUOTE_MAX_WORDS - len(evidence.split()))
    extra = tail.split()[:room]
    joined = text[start_char:end_char] + (" " + " ".join(extra) if extra else "")
    return joined.strip()


def words_near(words: Sequence[Any], start_s: float, end_s: float | None = None) -> str:
    """The words spoken between ``start_s`` and ``end_s`` (or around ``start_s``), at most ``QUOTE_MAX_WORDS``."""
    lo, hi = _window(start_s, end_s)
    hits = [w for w in words if w.end_s > lo and w.start_s < hi and w.end_s > w.start_s]
    return _clean(" ".join(w.text for w in hits[:QUOTE_MAX_WORDS]))


def fastest_stretch(words: Sequence[Any], *, n_words: int = STRETCH_WORDS) -> tuple[float, float, float, str] | None:
    """(start_s, end_s, words/min, text) of the fastest run of ``n_words`` words; ``None`` without timings."""
    timed = [w for w in words if w.end_s > w.start_s]
    if len(timed) < n_words:
        return None
    best: tuple[float, float, float, str] | None = None
    for i in range(len(timed) - n_words + 1):
        run = timed[i : i + n_words]
        span = run[-1].end_s - run[0].start_s
        if span <= 0:
            continue
        wpm = 60.0 * n_words / span
        if best is None or wpm > best[2]:
            best = (run[0].start_s, run[-1].end_s, wpm, _clean(" ".join(w.text for w in run)))
    return best


def better_phrasing(categories: Sequence[str], scenario: Any | None) -> str:
    """A phrasing to try that does one of ``categories``: the scenario's model reply first, then the rubric."""
    sentences = _model_sentences(getattr(scenario, "model_reply", "") or "")
    for category in categories:
        for sentence, found in sentences:
            if category in found:
                return sentence
    feelings = tuple(getattr(scenario, "feelings", ()) or ())
    feeling = feelings[0] if feelings else DEFAULT_FEELING
    for category in categories:
        if category in FALLBACK_PHRASES:
            return FALLBACK_PHRASES[category].format(feeling=feeling)
    return FALLBACK_PHRASES["reflection"].format(feeling=feeling)


def model_sentence_matching(pattern: re.Pattern[str], scenario: Any | None) -> str | None:
    """The model reply's sentence that matches ``pattern``, cut to its matching clause when it is long."""
    reply = getattr(scenario, "model_reply", "") or ""
    for sentence in re.split(r"(?<=[.!?])\s+", " ".join(reply.split())):
        match = pattern.search(sentence)
        if not match:
            continue
        if len(sentence.split()) <= PHRASE_MAX_WORDS:
            return sentence
        starts = [m.end() for m in re.finditer(r"[:;,]\s*", sentence[: match.start()])]
        clause = sentence[starts[-1] if starts else 0 :].strip()
        return clause[:1].upper() + clause[1:]
    return None


@lru_cache(maxsize=64)
def _model_sentences(model_reply: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Short sentences of a model reply with the credit categories the wording analysis finds in each."""
    from voice_deesc.asr.base import Transcript
    from voice_deesc.wording.analyse import analyse_wording

    out = []
    for sentence in re.split(r"(?<=[.!?])\s+", model_reply.strip()):
        if not sentence or len(sentence.split()) > PHRASE_MAX_WORDS:
            continue
        wording = analyse_wording(Transcript.from_text(sentence))
        found = frozenset(f.category for f in wording.findings if f.polarity == "+")
        out.append((sentence, found))
    return tuple(out)


def _window(start_s: float, end_s: float | None) -> tuple[float, float]:
    """The time window a moment covers: its own span, or a short stretch starting at a point."""
    if end_s is not None and end_s > start_s:
        return start_s, end_s
    return start_s - NEAR_BEFORE_S, start_s + NEAR_AFTER_S


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip(",;:")


def char_spans_of_words(text: str, words: Sequence[Any]) -> list[tuple[int, int]]:
    """Character span of each word in ``text`` (words appear in order), ``(-1, -1)`` when not found."""
    spans = []
    position = 0
    for word in words:
        idx = text.find(word.text, position)
        if idx < 0:
            spans.append((-1, -1))
            continue
        spans.append((idx, idx + len(word.text)))
        position = idx + len(word.text)
    return spans


def char_span_for_times(text: str, words: Sequence[Any], start_s: float, end_s: float | None) -> tuple[int, int] | None:
    """The characters of the words spoken between ``start_s`` and ``end_s`` (or around ``start_s``)."""
    lo, hi = _window(start_s, end_s)
    hits = [
        span
        for word, span in zip(words, char_spans_of_words(text, words), strict=True)
        if span[0] >= 0 and word.end_s > lo and word.start_s < hi and word.end_s > word.start_s
    ]
    if not hits:
        return None
    return hits[0][0], hits[-1][1]
