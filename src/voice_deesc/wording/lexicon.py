"""The rubric's phrase lexicon: a TOML file an instructor can read and extend, compiled to fast patterns.

The phrase syntax is documented at the top of ``lexicon.toml``. Patterns run on the normal form of
``wording_text.normalise`` (lowercase, contractions spelled out, punctuation as separate tokens).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from voice_deesc.errors import VoiceDeescError
from voice_deesc.wording.text import expand_word

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LEXICON_PATH = Path(__file__).with_name("lexicon.toml")
WORD = r"[a-z0-9']+"
SEP = r"(?: ,)? "
"""Between two words of a phrase: one space, optionally a comma ("no, listen" matches "no listen")."""
MAX_GAP_WORDS = 3
"""What ``...`` in a phrase stands for."""


class LexiconError(VoiceDeescError):
    """The phrase lexicon file is malformed."""


@dataclass(frozen=True)
class Rule:
    """One [[rule]] of the lexicon: a category, its message, and its compiled phrases."""

    category: str
    message: str
    pattern: re.Pattern[str] | None
    phrases: tuple[str, ...]
    negatable: bool = True
    reportable: bool = True
    unless_next: re.Pattern[str] | None = None
    unless_prev: re.Pattern[str] | None = None
    in_question: str = "any"
    yields_to: tuple[str, ...] = ()
    imperative: bool = False
    """Counts only as an instruction to the client ("Relax." but not "a bath helps me relax"; structure.py)."""
    alone: bool = False
    """Counts only when the phrase is its whole clause ("It happens." but not "next time it happens")."""
    needs_more: bool = False
    """Counts only when words follow it in its sentence: a frame ("it sounds like", "you said") says nothing alone."""


def compile_phrase(phrase: str) -> str:
    """Turn one lexicon phrase into a regular expression over the normal form.

    Examples
    --------
    >>> bool(re.fullmatch(compile_phrase("call (security|the police)"), "call the police"))
    True
    >>> bool(re.fullmatch(compile_phrase("calm [yourself] down"), "calm down"))
    True
    """
    elements = _split(phrase.strip())
    if not elements:
        raise LexiconError(f"{LEXICON_PATH}: empty phrase {phrase!r} — remove it or write some words")
    out: list[str] = []
    need_sep = False
    for element in elements:
        optional = element.startswith("[") or element.endswith(")?")
        if element == "...":
            if not need_sep:
                raise LexiconError(f"{LEXICON_PATH}: phrase {phrase!r} starts with '...' — start with a word")
            out.append(f"(?:{SEP}{WORD}){{0,{MAX_GAP_WORDS}}}")
            continue
        body = _element(element, phrase)
        if optional:
            out.append(f"(?:{SEP}{body})?" if need_sep else f"(?:{body}{SEP})?")
        else:
            out.append(f"{SEP}{body}" if need_sep else body)
            need_sep = True
    return "".join(out)


def _split(phrase: str) -> list[str]:
    """Split on spaces outside () and []."""
    return _split_top_level(phrase, " ", phrase)


def _split_top_level(text: str, separator: str, phrase: str) -> list[str]:
    """Pieces of ``text`` between ``separator`` characters that stand outside () and []; empty pieces dropped."""
    parts: list[str] = []
    depth = 0
    current = ""
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == separator and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    if depth != 0:
        raise LexiconError(f"{LEXICON_PATH}: unbalanced brackets in phrase {phrase!r} — close every ( and [")
    parts.append(current.strip())
    return [p for p in parts if p]


def _element(element: str, phrase: str) -> str:
    trailing_optional = element.endswith("?") and element[:-1].endswith(")")
    if trailing_optional:  # "(a|b)?" is accepted as [a|b]
        element = "[" + element[1:-2] + "]"
    if element[0] in "([":
        inner = element[1:-1]
        alternatives = _split_top_level(inner, "|", phrase)
        return "(?:" + "|".join(compile_phrase(a) for a in alternatives) + ")"
    if element == "*":
        return WORD
    if not re.fullmatch(r"[a-z0-9']+\*?", element):
        raise LexiconError(
            f"{LEXICON_PATH}: phrase {phrase!r} has {element!r}; use lowercase words, (a|b), [optional], * or ..."
        )
    word = element.rstrip("*")
    if not element.endswith("*") and expand_word(word) != (word,):
        full = " ".join(expand_word(word))
        raise LexiconError(f"{LEXICON_PATH}: phrase {phrase!r} has {word!r}; write it in full form ({full!r})")
    if element.endswith("*"):
        return re.escape(element[:-1]) + r"[a-z0-9']*"
    return re.escape(element)


def _compile_list(phrases: list[str], *, plurals: bool = False) -> re.Pattern[str] | None:
    """One pattern for all ``phrases``; with ``plurals`` each may end in a plural "s" ("wino" finds "winos")."""
    if not phrases:
        return None
    alternation = "|".join(f"(?:{compile_phrase(p)})" for p in sorted(phrases, key=len, reverse=True))
    plural = "s?" if plurals else ""
    return re.compile(rf"(?<![a-z0-9'])(?:{alternation}){plural}(?![a-z0-9'])")


@lru_cache(maxsize=4)
def lexicon_data(path: Path = LEXICON_PATH) -> dict[str, Any]:
    """The parsed lexicon file, read once: the rules, [feelings], [goal_words], [avoid_words] and [checks] tables.

    Raises
    ------
    LexiconError
        The file is missing or not TOML; the message names the file and the fix.
    """
    try:
        return dict(tomllib.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise LexiconError(f"{path}: cannot read the wording lexicon ({e}) — restore or fix the file") from e


@lru_cache(maxsize=4)
def load_lexicon(path: Path = LEXICON_PATH) -> tuple[Rule, ...]:
    """The compiled [[rule]] entries of the lexicon (cached).

    Raises
    ------
    LexiconError
        The file is missing, not TOML, or a rule is malformed; the message names the rule and the fix.
    """
    data = lexicon_data(path)
    rules: list[Rule] = []
    for n, raw in enumerate(data.get("rule", []), 1):
        where = f"{path}: rule {n} ({raw.get('category', '?')})"
        if not isinstance(raw.get("category"), str) or not isinstance(raw.get("phrases"), list):
            raise LexiconError(f'{where}: needs category = "id" and phrases = [...]')
        try:
            rules.append(
                Rule(
                    category=raw["category"],
                    message=str(raw.get("message", "")),
                    pattern=_compile_list(raw["phrases"], plurals=bool(raw.get("plurals", False))),
                    phrases=tuple(raw["phrases"]),
                    negatable=bool(raw.get("negatable", True)),
                    reportable=bool(raw.get("reportable", True)),
                    unless_next=_compile_list(raw.get("unless_next", [])),
                    unless_prev=_compile_list(raw.get("unless_prev", [])),
                    in_question=str(raw.get("in_question", "any")),
                    yields_to=tuple(raw.get("yields_to", [])),
                    imperative=bool(raw.get("imperative", False)),
                    alone=bool(raw.get("alone", False)),
                    needs_more=bool(raw.get("needs_more", False)),
                )
            )
        except re.error as e:
            raise LexiconError(f"{where}: a phrase does not compile ({e}) — check its brackets") from e
        except LexiconError as e:
            raise LexiconError(f"{where}: {str(e).split(': ', 1)[-1]}") from e
    return tuple(rules)


def message_for(category: str, evidence: str, rules: tuple[Rule, ...] | None = None) -> str:
    """The rule's message with the trainee's words filled in."""
    for rule in rules or load_lexicon():
        if rule.category == category and rule.message:
            return rule.message.replace("{evidence}", evidence)
    return f"'{evidence}' ({category.replace('_', ' ')})"
