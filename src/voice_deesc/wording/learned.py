"""Where the analysis asks the learned heads (semantic.py), and how sure they must be: chosen by measurement.

Rules find what has structure; the heads find what rules cannot list. They are used in two places only:
- Reflection: a statement clause the rules did not credit, scored against the client's words
  (``reflection_scores``); at ``REFLECTION_MIN`` or more (``REFLECTION_MIN_WITHOUT_YOU`` without "you") it
  reflects ("your hours got cut and the rent didn't" for a client who said "they cut my shifts and I still owe the
  full rent").
- Categories the wording can take many shapes for: a sentence the rules found nothing of that category in, whose
  ``category_scores`` reach the category's bar in ``CATEGORY_MIN``. Bars are high on purpose: a flag a trainee
  cannot see in their words is worse than a missed one, and supporters' natural chat (ESConv dev) must stay
  almost unflagged.
Thresholds were chosen on the AnnoMI and ESConv dev files and the training replies, never on the frozen test set
(scripts/wording_report.py prints the figures). Without the model files the analysis runs on rules alone and says
so in ``Wording.semantic``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from voice_deesc.errors import ModelError
from voice_deesc.wording.text import NormalText, sentence_spans

REFLECTION_MIN = 0.2
"""Reflection score a rule-silent statement clause with "you" in it needs to count as a reflection. Chosen on the dev
files with the heads retrained on the spoken-style training data plus reflection_seeds.toml: 0.2 gave AnnoMI dev
its best reflection F1 (0.25: -0.005, 0.3: -0.015)."""
REFLECTION_MIN_WITHOUT_YOU = 0.5
"""The bar for a clause without "you" ("so it's the test more than anything", "three months on, and still no
word"): such a clause is more often information or small talk, so the head must be surer. On the dev files 0.5
against 0.7 / never: AnnoMI reflection F1 0.588 / 0.584 / 0.579, ESConv reflection recall 0.536 / 0.507 / 0.495;
the price is more reflections credited on ESConv's non-reflective turns (21.3 % / 19.3 % / 17.8 %)."""
CREDIT_MIN = 0.9
CATEGORY_MIN: dict[str, float] = {
    "validation": CREDIT_MIN,
    "choice_autonomy": CREDIT_MIN,
    "collaboration": CREDIT_MIN,
    "presence": CREDIT_MIN,
    "apology": CREDIT_MIN,
}
"""Category score a sentence needs for a category the rules did not find in it. Only credits: at 0.9 they add no
false credit on the training replies and leave ESConv's flags unchanged. The flag heads are left to the rules:
at 0.95 they raised ESConv dev's flag rate from 1.25 % to 1.53 %, at 0.99 to 1.32 %, with no read showing those
flags right."""
LAST_SENTENCE_MIN_WORDS = 2
"""A last client sentence shorter than this ("Yeah.", "I don't know.") is scored only inside the whole context."""
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")
MIN_WORDS = 3
"""Clauses and sentences shorter than this ("okay", "I see") carry too little for the heads."""


@dataclass(frozen=True)
class LearnedHit:
    category: str
    first: int
    stop: int
    score: float


def span_text(normal: NormalText, first: int, stop: int) -> str:
    """The reply's own words for tokens [first, stop)."""
    a, b = normal.char_span(first, stop)
    return normal.original[a:b]


def sentences(normal: NormalText) -> list[tuple[int, int]]:
    """Token spans of the sentences long enough for the heads (a recogniser's unpunctuated reply is one sentence)."""
    return [s for s in sentence_spans(normal) if _words(normal, s) >= MIN_WORDS]


def learned_reflections(normal: NormalText, spans: Sequence[tuple[int, int]], client_text: str) -> list[LearnedHit]:
    """Clauses among ``spans`` that the reflection head scores at ``REFLECTION_MIN`` or more (a clause without "you":
    ``REFLECTION_MIN_WITHOUT_YOU``), against the client's words or their last sentence alone.

    Raises
    ------
    ModelError
        The encoder or heads are missing or damaged (the caller falls back to rules alone).
    """
    from voice_deesc.wording.semantic import reflection_scores

    spans = [s for s in spans if _words(normal, s) >= MIN_WORDS]
    if not spans or not client_text.strip():
        return []
    texts = [span_text(normal, *s) for s in spans]
    scores = reflection_scores(texts, client_text)
    last = last_sentence(client_text)
    if last:  # the last thing said, alone, is not diluted by what came before it
        scores = [max(p, q) for p, q in zip(scores, reflection_scores(texts, last), strict=True)]
    return [LearnedHit("reflection", *s, p) for s, p in zip(spans, scores, strict=True) if _passes(normal, s, p)]


def _passes(normal: NormalText, span: tuple[int, int], score: float) -> bool:
    """A clause with "you" needs ``REFLECTION_MIN``; one without needs ``REFLECTION_MIN_WITHOUT_YOU`` and no
    prediction."""
    if _addresses_client(normal, span):
        return score >= REFLECTION_MIN
    return score >= REFLECTION_MIN_WITHOUT_YOU and not _predicts(normal, span)


def learned_categories(normal: NormalText, found: Sequence[tuple[str, int, int]]) -> list[LearnedHit]:
    """Sentences whose category score reaches ``CATEGORY_MIN`` for a category the rules did not find in them."""
    if not CATEGORY_MIN:
        return []
    from voice_deesc.wording.semantic import category_scores

    spans = sentences(normal)
    if not spans:
        return []
    hits: list[LearnedHit] = []
    for (a, b), scores in zip(spans, category_scores([span_text(normal, *s) for s in spans]), strict=True):
        for category, bar in CATEGORY_MIN.items():
            p = scores.get(category, 0.0)  # type: ignore[call-overload]
            if p >= bar and not any(c == category and f < b and a < s for c, f, s in found):
                hits.append(LearnedHit(category, a, b, p))
    return hits


def last_sentence(client_text: str) -> str:
    """The client's last sentence of at least ``LAST_SENTENCE_MIN_WORDS`` words, or "" when that is the whole text.

    A reply most often says back what the client has just said; scored against the client's last few lines joined,
    that sentence weighs little in one vector. Measured on the dev files (the head's score the higher of the two):
    AnnoMI reflection F1 0.588 -> 0.602, ESConv reflection recall 0.536 -> 0.538, reflections credited on ESConv's
    non-reflective turns 21.3 % -> 22.3 %.

    >>> last_sentence("I lost my job. Now the rent is due and I have nothing.")
    'Now the rent is due and I have nothing.'
    >>> last_sentence("i lost my job and the rent is due")
    ''
    """
    pieces = [p for p in _SENTENCE_SPLIT.split(client_text.strip()) if len(p.split()) >= LAST_SENTENCE_MIN_WORDS]
    return pieces[-1] if len(pieces) > 1 else ""


FUTURE = frozenset({"will", "gonna", "shall"})
"""A clause without "you" that says what will happen ("Rick will come round", "it's going to be okay") predicts or
reassures; a reflection says back what was said."""


def _predicts(normal: NormalText, span: tuple[int, int]) -> bool:
    words = [t.text for t in normal.tokens[span[0] : span[1]]]
    return bool(FUTURE & set(words)) or any(words[i : i + 2] == ["going", "to"] for i in range(len(words)))


def _addresses_client(normal: NormalText, span: tuple[int, int]) -> bool:
    return any(t.text in {"you", "your", "yourself"} for t in normal.tokens[span[0] : span[1]])


def _words(normal: NormalText, span: tuple[int, int]) -> int:
    return sum(1 for t in normal.tokens[span[0] : span[1]] if not t.is_punct)


__all__ = ["LearnedHit", "ModelError", "learned_categories", "learned_reflections", "sentences"]
