"""Word error rate with one documented text normalisation, for tests and the ASR benchmark.

Engines and references disagree about things that are not recognition errors: case, punctuation,
hyphens, "1455" against "fourteen fifty-five", "20th" against "twentieth", "Mr." against "mister".
:func:`normalise_text` removes exactly those differences and nothing else (no spelling variants,
no filler-word removal), so a WER computed after it still counts every misheard word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"))
_ORDINAL_IRREGULAR = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
_ABBREVIATIONS = {"mr": "mister", "mrs": "missus", "dr": "doctor", "st": "saint", "vs": "versus"}
_NUMBER = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+)(st|nd|rd|th)?\b")
_ABBREVIATION = re.compile(r"\b(" + "|".join(_ABBREVIATIONS) + r")\.")
_NOT_WORD = re.compile(r"[^a-z0-9' ]+")


def number_to_words(n: int) -> str:
    """English words for a whole number ``0 <= n < 10**12``: 342 -> "three hundred forty two"."""
    if n < 0 or n >= 10**12:
        raise ValueError(f"number_to_words handles 0 to 10**12 - 1, got {n}")
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + ("" if ones == 0 else " " + _ONES[ones])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return _ONES[hundreds] + " hundred" + ("" if rest == 0 else " " + number_to_words(rest))
    for scale, name in _SCALES:
        if n >= scale:
            high, rest = divmod(n, scale)
            return number_to_words(high) + " " + name + ("" if rest == 0 else " " + number_to_words(rest))
    raise AssertionError("unreachable")  # pragma: no cover


def _year_to_words(n: int) -> str:
    """1455 -> "fourteen fifty five", 1900 -> "nineteen hundred": how years are read aloud."""
    high, low = divmod(n, 100)
    if low == 0:
        return number_to_words(high) + " hundred"
    return number_to_words(high) + " " + ("oh " + _ONES[low] if low < 10 else number_to_words(low))


def _ordinal(words: str) -> str:
    head, _, last = words.rpartition(" ")
    if last in _ORDINAL_IRREGULAR:
        last = _ORDINAL_IRREGULAR[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head} {last}".strip()


def _spell_number(match: re.Match[str]) -> str:
    digits, suffix = match.group(1).replace(",", ""), match.group(2)
    n = int(digits)
    if suffix:
        return " " + _ordinal(number_to_words(n)) + " "
    if 1100 <= n <= 1999 and "," not in match.group(1):
        return " " + _year_to_words(n) + " "
    return " " + number_to_words(n) + " "


def normalise_text(text: str) -> str:
    """Lower-case words separated by single spaces, for comparing a transcript with a reference.

    Steps, in order: lower-case; expand "mr." "mrs." "dr." "st." "vs."; write numbers as words
    (ordinals "20th" -> "twentieth", four-digit numbers 1100-1999 as years "fourteen fifty five",
    others as cardinals); hyphens and all punctuation become spaces; apostrophes are dropped
    ("I'm" -> "im", "'em" -> "em") so both sides contract alike.

    Examples
    --------
    >>> normalise_text('The "forty-two line Bible" of 1455, Mr. Smith!')
    'the forty two line bible of fourteen fifty five mister smith'
    """
    text = text.lower()
    text = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(1)], text)
    text = _NUMBER.sub(_spell_number, text)
    text = text.replace("-", " ")
    text = _NOT_WORD.sub(" ", text).replace("'", "")
    return " ".join(text.split())


@dataclass(frozen=True)
class WerCount:
    """Edit counts of one or more hypotheses against their references (after normalisation)."""

    errors: int
    """Substitutions + deletions + insertions."""
    reference_words: int

    @property
    def wer(self) -> float:
        """errors / reference words; 0.0 for an empty reference with no insertions."""
        return self.errors / self.reference_words if self.reference_words else float(self.errors > 0)

    def __add__(self, other: WerCount) -> WerCount:
        return WerCount(self.errors + other.errors, self.reference_words + other.reference_words)


def count_errors(reference: str, hypothesis: str) -> WerCount:
    """Word-level Levenshtein distance between two texts after :func:`normalise_text`."""
    ref = normalise_text(reference).split()
    hyp = normalise_text(hypothesis).split()
    previous = list(range(len(hyp) + 1))
    for i, ref_word in enumerate(ref, start=1):
        current = [i] + [0] * len(hyp)
        for j, hyp_word in enumerate(hyp, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref_word != hyp_word))
        previous = current
    return WerCount(previous[-1], len(ref))


def word_error_rate(pairs: Iterable[tuple[str, str]]) -> float:
    """Corpus WER over (reference, hypothesis) pairs: total errors / total reference words."""
    total = WerCount(0, 0)
    for reference, hypothesis in pairs:
        total = total + count_errors(reference, hypothesis)
    return total.wer
