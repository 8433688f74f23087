"""The instructor-editable lexicon: every phrase compiles and matches the words it is written with; the phrase
syntax does what the file's header says; a broken file is reported with its rule; the normal form is right."""

from __future__ import annotations

import itertools
import re

import pytest

from voice_deesc.wording.lexicon import LexiconError, compile_phrase, load_lexicon
from voice_deesc.wording.rubric import CATEGORIES
from voice_deesc.wording.text import normalise, plain_form


def instances(phrase: str) -> list[str]:
    """Concrete word sequences a phrase stands for: each alternative once, optional parts with and without."""
    match = re.search(r"[\(\[]([^\(\)\[\]]*)[\)\]]\??", phrase)
    if not match:
        return [phrase.replace("...", "").replace("*", "x").replace("  ", " ").strip()]
    inner = match.group(1).split("|")
    optional = match.group(0).startswith("[") or match.group(0).endswith("?")
    choices = [c.strip() for c in inner] + ([""] if optional else [])
    out = []
    for choice in choices:
        out.extend(instances(phrase[: match.start()] + choice + phrase[match.end() :]))
    return out[:40]


RULE_PHRASES = [(rule.category, phrase) for rule in load_lexicon() for phrase in rule.phrases]


def test_lexicon_covers_the_canonical_categories():
    rules = load_lexicon()
    assert {rule.category for rule in rules} == set(CATEGORIES)
    assert all(rule.message.count("{evidence}") == 1 for rule in rules)


@pytest.mark.parametrize(("category", "phrase"), RULE_PHRASES, ids=[f"{c}:{p}"[:60] for c, p in RULE_PHRASES])
def test_every_phrase_matches_its_own_words(category, phrase):
    pattern = re.compile(rf"(?:{compile_phrase(phrase)})")
    for example in itertools.islice(instances(phrase), 12):
        words = " ".join(example.split())
        if not words:
            continue
        assert pattern.fullmatch(normalise(words).string.replace(" .", "")), (phrase, words)


@pytest.mark.parametrize(
    ("phrase", "text", "matches"),
    [
        ("call (security|the police)", "call the police", True),
        ("call (security|the police)", "call the nurse", False),
        ("calm [yourself] down", "calm down", True),
        ("calm [yourself] down", "calm yourself down", True),
        ("you * overreacting", "you are overreacting", True),
        ("if you ... again", "if you do that again", True),
        ("if you ... again", "if you do that and this again", False),
        ("overreact*", "overreacted", True),
        ("no listen", "no , listen", True),
    ],
)
def test_phrase_syntax(phrase, text, matches):
    assert bool(re.fullmatch(compile_phrase(phrase), text)) is matches


@pytest.mark.parametrize("bad", ["call (security", "Calm Down", "... calm"])
def test_malformed_phrase_is_reported(bad):
    with pytest.raises(LexiconError, match=re.escape(repr(bad)) if bad != "Calm Down" else "lowercase"):
        compile_phrase(bad)


def test_broken_lexicon_file_names_the_rule(tmp_path):
    bad = tmp_path / "lexicon.toml"
    bad.write_text('[[rule]]\ncategory = "presence"\nmessage = "x"\nphrases = ["i am (here"]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"rule 1 \(presence\)"):
        load_lexicon(bad)


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("I'm here, don't worry.", "i am here , do not worry ."),
        ("im here dont worry", "i am here do not worry"),
        ("You’re right — it won't", "you are right , it will not"),
        ("Eleven months, 11 months", "eleven months , eleven months"),
        ("Let's go. Can't stop!", "let us go . can not stop !"),
        ("okay lets ring the allotment office", "okay let us ring the allotment office"),
        ("Lets ring them.", "let us ring them ."),
        ("the allotment society lets members share a shed", "the allotment society lets members share a shed"),
    ],
)
def test_normal_form(text, normal):
    assert normalise(text).string == normal


def test_normal_tokens_map_back_to_original_characters():
    text = "Okay — I'm sorry."
    n = normalise(text)
    am = n.words().index("am")
    assert text[n.tokens[am].start_char : n.tokens[am].end_char] == "I'm"


def test_plain_form_drops_punctuation_keeps_apostrophes():
    assert plain_form('Why? You\'re — well, "fine".') == "why you're well fine"
