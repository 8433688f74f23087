"""The WER normalisation: exact outputs on exact inputs, so a change in it is visible."""

from __future__ import annotations

import pytest

from voice_deesc.asr.wer import count_errors, normalise_text, number_to_words, word_error_rate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'The "forty-two line Bible" of 1455, Mr. Smith!',
            "the forty two line bible of fourteen fifty five mister smith",
        ),
        ("For the 20th time", "for the twentieth time"),
        ("10 of clubs.", "ten of clubs"),
        ("go forward 10 meters", "go forward ten meters"),
        ("God bless 'em, I'll go", "god bless em ill go"),
        ("i.e. the letter", "i e the letter"),
        ("1,250 people in 1900", "one thousand two hundred fifty people in nineteen hundred"),
        ("the 1st, 2nd, 3rd and 21st", "the first second third and twenty first"),
        ("in 1805 and 2024", "in eighteen oh five and two thousand twenty four"),
        ("  Lower-case   letters; ", "lower case letters"),
    ],
)
def test_normalise_text(text: str, expected: str) -> None:
    assert normalise_text(text) == expected


def test_number_to_words() -> None:
    assert number_to_words(0) == "zero"
    assert number_to_words(342) == "three hundred forty two"
    assert number_to_words(1_000_001) == "one million one"
    with pytest.raises(ValueError, match="0 to 10"):
        number_to_words(-1)


def test_counts_substitutions_insertions_deletions() -> None:
    assert count_errors("ten of clubs", "10 of clubs.").errors == 0
    assert count_errors("calm down now", "come down now").errors == 1  # substitution
    assert count_errors("calm down", "calm down please").errors == 1  # insertion
    assert count_errors("calm down now", "calm now").errors == 1  # deletion
    assert count_errors("", "").wer == 0.0
    assert count_errors("", "you").wer == 1.0


def test_corpus_wer_weights_by_reference_length() -> None:
    pairs = [("one two three four", "one two three four"), ("a b", "a c")]
    assert word_error_rate(pairs) == pytest.approx(1 / 6)
