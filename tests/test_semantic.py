"""The sentence encoder and the learned wording heads: pinned files, sensible similarities, reflections ordered.

Sentences here were written for these tests (not taken from the training data, the labelled sets or the frozen
test set). Scores are compared with each other rather than with fixed values, so a retrained head that still does
its job passes, and one that confuses a reflection with advice fails.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np
import pytest

from voice_deesc.errors import ModelError
from voice_deesc.wording import encoder, semantic
from voice_deesc.wording.rubric import Category

CLIENT = (
    "They cancelled my surgery for the second time. I've been in a sling for four months and I can't work like this."
)


@pytest.fixture(scope="module")
def loaded_encoder() -> encoder.SentenceEncoder:
    return encoder.load_encoder()


def test_pinned_files_verify_once_then_from_the_cache(tmp_path: Path) -> None:
    onnx_path = encoder.model_path()
    tokenizer_path = encoder.models_dir() / encoder.TOKENIZER_FILE
    assert onnx_path.stat().st_size == encoder.MODEL_BYTES
    assert encoder.verify_encoder_files(onnx_path, tokenizer_path, cache_dir=tmp_path) is True
    assert encoder.verify_encoder_files(onnx_path, tokenizer_path, cache_dir=tmp_path) is False


def test_a_changed_tokenizer_is_refused(tmp_path: Path) -> None:
    changed = tmp_path / "tokenizer.json"
    shutil.copyfile(encoder.models_dir() / encoder.TOKENIZER_FILE, changed)
    data = bytearray(changed.read_bytes())
    data[100] ^= 0x01
    changed.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"tokenizer\.json: SHA-256 .* does not match"):
        encoder.verify_encoder_files(encoder.model_path(), changed, cache_dir=tmp_path)


def test_a_missing_or_truncated_model_is_refused(tmp_path: Path) -> None:
    tokenizer_path = encoder.models_dir() / encoder.TOKENIZER_FILE
    with pytest.raises(ModelError, match="missing"):
        encoder.verify_encoder_files(tmp_path / "model.onnx", tokenizer_path, cache_dir=tmp_path)
    short = tmp_path / "short.onnx"
    short.write_bytes(b"\0" * 1000)
    with pytest.raises(ModelError, match="1000 bytes where the pinned encoder has"):
        encoder.verify_encoder_files(short, tokenizer_path, cache_dir=tmp_path)


def test_embeddings_are_unit_vectors_and_paraphrases_are_closest(loaded_encoder: encoder.SentenceEncoder) -> None:
    vectors = loaded_encoder.embed(
        [
            "My surgery got called off again and I still can't use my arm.",
            "They postponed the operation once more, so my arm is still useless.",
            "The library closes early on public holidays.",
            "",
        ]
    )
    assert vectors.shape == (4, encoder.EMBEDDING_DIM)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    paraphrase, unrelated = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert paraphrase > 0.5
    assert paraphrase > unrelated + 0.3
    assert loaded_encoder.embed([]).shape == (0, encoder.EMBEDDING_DIM)


def test_the_encoder_threads_sleep_between_runs(loaded_encoder: encoder.SentenceEncoder) -> None:
    """Spinning pool threads would take the cores Whisper decodes on (measured 3x slower on a busy machine)."""
    options = loaded_encoder.session.get_session_options()
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    assert options.intra_op_num_threads == encoder.DEFAULT_THREADS


def test_the_shipped_heads_match_their_pin_and_cover_every_category() -> None:
    path = encoder.models_dir() / semantic.HEADS_FILE
    assert hashlib.sha256(path.read_bytes()).hexdigest() == semantic.HEADS_SHA256
    heads = semantic.load_heads()
    assert set(heads.categories) == set(Category)
    assert heads.category_coef.shape == (len(Category), encoder.EMBEDDING_DIM)
    assert heads.reflection_coef.shape == (4 * encoder.EMBEDDING_DIM + 3,)


def test_changed_heads_are_refused(tmp_path: Path) -> None:
    changed = tmp_path / semantic.HEADS_FILE
    changed.write_bytes((encoder.models_dir() / semantic.HEADS_FILE).read_bytes() + b"\0")
    with pytest.raises(ModelError, match="does not match the pinned wording heads"):
        semantic.load_heads.__wrapped__(changed)


def test_restatements_of_this_client_outscore_other_moves() -> None:
    reflections = [
        "your operation was pushed back again and you've been stuck in that sling for months",
        "you can't work with your arm like this",
        "So you're fed up, four months of waiting and still no surgery.",
    ]
    others = [
        "you should call the hospital and ask to be put on the cancellation list",
        "have you talked to your boss about it?",
        "when I broke my wrist I was off work for six weeks",
        "I'm sorry to hear that",
        "you lost your housing voucher because a form was never sent",
    ]
    scores = semantic.reflection_scores([*reflections, *others], CLIENT)
    assert len(scores) == len(reflections) + len(others)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert min(scores[: len(reflections)]) > max(scores[len(reflections) :])
    assert semantic.reflection_scores([], CLIENT) == []


def test_lowercase_recogniser_text_keeps_the_order() -> None:
    reflection, advice = semantic.reflection_scores(
        ["so they cancelled it twice and you cant work with the sling", "you need to find a different surgeon"],
        CLIENT,
    )
    assert reflection > semantic.REFLECTION_THRESHOLD > advice


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("would you just settle down and stop shouting at me", Category.COMMAND_FEELINGS),
        ("I'm staying right here with you for as long as it takes", Category.PRESENCE),
        ("we can sit down and sort this out between the two of us", Category.COLLABORATION),
        ("I apologise, we should have phoned you before cancelling", Category.APOLOGY),
        ("no wonder you're at the end of your rope", Category.VALIDATION),
    ],
)
def test_category_scores_rank_the_move_a_sentence_makes(sentence: str, category: Category) -> None:
    (scores,) = semantic.category_scores([sentence])
    assert set(scores) == set(Category)
    assert max(scores, key=scores.__getitem__) == category


def test_category_scores_of_nothing_is_nothing() -> None:
    assert semantic.category_scores([]) == []
