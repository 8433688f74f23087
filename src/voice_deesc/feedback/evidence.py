"""Pointing at the exact words and moments: time stamps, quotes, the words said at a moment, better phrasings.

Pure helpers over a Transcript and a Scenario; everything the feedback says about "where" comes from here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from voice_deesc.asr.base import Word
from voice_deesc.feedback.messages import DEFAULT_FEELING, FALLBACK_PHRASES, clock
from voice_deesc.scenarios.model import Scenario
from voice_deesc.wording.rubric import Category

__all__ = ["Phrasing", "better_phrasing", "char_span_for_times", "clock", "model_sentence_matching", "quote"]

QUOTE_MAX_WORDS = 8
"""A quote long enough to find the moment, short enough to read at a glance."""
PHRASE_MAX_WORDS = 20
"""A suggested phrasing longer than this is too much to remember for the next try."""
NEAR_BEFORE_S = 0.15
NEAR_AFTER_S = 0.5
"""Words overlapping [t - 0.15 s, t + 0.5 s] count as said 'at' a flagged moment t: the words it starts on."""


@dataclass(frozen=True)
class Phrasing:
    """One short sentence of the scenario's model reply and the credit categories the wording analysis found in it."""

    sentence: str
    categories: frozenset[Category]


def quote(text: str, start_char: int | None, end_char: int | None, evidence: str) -> str:
    """The evidence, extended to the end of its clause (at most ``QUOTE_MAX_WORDS`` words) so it reads naturally."""
    if start_char is None or end_char is None or not text or text[start_char:end_char].lower() != evidence.lower():
        return evidence
    tail = re.split(r"[.,;:!?]", text[end_char:], maxsplit=1)[0]
    room = max(0, QUOTE_MAX_WORDS - len(evidence.split()))
    extra = tail.split()[:room]
    joined = text[start_char:end_char] + (" " + " ".join(extra) if extra else "")
    return joined.strip()


def words_near(words: Sequence[Word], start_s: float, end_s: float | None = None) -> str:
    """The words spoken between ``start_s`` and ``end_s`` (or around ``start_s``), at most ``QUOTE_MAX_WORDS``."""
    lo, hi = _window(start_s, end_s)
    hits = [w for w in words if w.end_s > lo and w.start_s < hi and w.end_s > w.start_s]
    return _clean(" ".join(w.text for w in hits[:QUOTE_MAX_WORDS]))


def better_phrasing(
    categories: Sequence[Category], scenario: Scenario | None, phrasings: Sequence[Phrasing] = ()
) -> str:
    """A phrasing to try that does one of ``categories``: the model reply's ``phrasings`` first, then the rubric."""
    for category in categories:
        for phrasing in phrasings:
            if category in phrasing.categories:
                return phrasing.sentence
    feeling = scenario.feelings[0] if scenario is not None and scenario.feelings else DEFAULT_FEELING
    for category in categories:
        if category in FALLBACK_PHRASES:
            return FALLBACK_PHRASES[category].format(feeling=feeling)
    return FALLBACK_PHRASES[Category.REFLECTION].format(feeling=feeling)


def model_sentence_matching(pattern: re.Pattern[str], scenario: Scenario | None) -> str | None:
    """The model reply's sentence that matches ``pattern``, cut to its matching clause when it is long."""
    reply = scenario.model_reply if scenario is not None else ""
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


def model_reply_sentences(model_reply: str) -> list[str]:
    """The sentences of a model reply short enough to offer as a phrasing (``PHRASE_MAX_WORDS``)."""
    sentences = re.split(r"(?<=[.!?])\s+", model_reply.strip())
    return [s for s in sentences if s and len(s.split()) <= PHRASE_MAX_WORDS]


def _window(start_s: float, end_s: float | None) -> tuple[float, float]:
    """The time window a moment covers: its own span, or a short stretch starting at a point."""
    if end_s is not None and end_s > start_s:
        return start_s, end_s
    return start_s - NEAR_BEFORE_S, start_s + NEAR_AFTER_S


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip(",;:")


def char_spans_of_words(text: str, words: Sequence[Word]) -> list[tuple[int, int]]:
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


def char_span_for_times(
    text: str, words: Sequence[Word], start_s: float, end_s: float | None
) -> tuple[int, int] | None:
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
