"""The load-time rewrite keeping the encoder's int8 weights int8 (wording/int8_graph.py), on the pinned model."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

onnxruntime = pytest.importorskip("onnxruntime")

from voice_deesc.errors import ModelError  # noqa: E402
from voice_deesc.wording import int8_graph  # noqa: E402
from voice_deesc.wording.encoder import load_encoder, model_path  # noqa: E402

SENTENCES = ["so the rent went up again and you can't cover it", "what happened", "you're worn out"]


@lru_cache(maxsize=1)
def _model() -> bytes:
    try:
        path = model_path()
    except ModelError as e:
        pytest.skip(str(e))
    if not Path(path).is_file():
        pytest.skip("the encoder wheel is not installed")
    return Path(path).read_bytes()


def _hidden(model: bytes) -> np.ndarray:
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
    session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    encodings = load_encoder().tokenizer.encode_batch(SENTENCES)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    out: Any = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})
    weights = mask[:, :, None].astype(np.float32)
    pooled = (out[0] * weights).sum(axis=1) / weights.sum(axis=1)
    result: np.ndarray = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
    return result


def _op_types(model: bytes) -> list[str]:
    graph = int8_graph._parse_graph(next(bytes(v) for n, _, v in int8_graph._fields(model) if n == 7))
    return [node.op_type for node in graph.nodes]


def test_gathering_int8_rows_first_gives_the_same_vectors() -> None:
    original, rewritten = _hidden(_model()), _hidden(int8_graph.rewrite(_model(), matmul=False))
    np.testing.assert_allclose(rewritten, original, atol=1e-5)


def test_int8_matrix_weights_keep_the_meaning() -> None:
    original, rewritten = _hidden(_model()), _hidden(int8_graph.rewrite(_model()))
    cosines = (original * rewritten).sum(axis=1)
    assert cosines.min() > 0.99
    assert not np.allclose(original, rewritten, atol=1e-6)  # int8 arithmetic, not the float path in disguise


def test_every_weight_matrix_and_table_is_rewritten_once() -> None:
    before, after = _op_types(_model()), _op_types(int8_graph.rewrite(_model()))
    assert before.count("MatMul") == 48 and before.count("Cast") == 39
    assert after.count("MatMulNBits") == 36  # 6 layers x (q, k, v, out, up, down)
    assert after.count("MatMul") == 12  # attention products have no weights
    assert after.count("Cast") == 3  # the two embedding tables' gathered rows, and the model's own mask cast
    assert int8_graph.rewrite(int8_graph.rewrite(_model())) == int8_graph.rewrite(_model())


def test_varints_round_trip_including_negative_int64() -> None:
    for value in (0, 1, 127, 128, 300, 2**35, -1):
        encoded = int8_graph._encode_varint(value)
        decoded, end = int8_graph._varint(memoryview(encoded), 0)
        assert end == len(encoded) and decoded == value % 2**64


def test_a_runtime_without_8bit_matmul_gets_the_embedding_rewrite_only() -> None:
    from voice_deesc.wording import encoder

    seen: list[list[str]] = []

    class OldRuntime:
        SessionOptions = onnxruntime.SessionOptions
        GraphOptimizationLevel = onnxruntime.GraphOptimizationLevel

        @staticmethod
        def InferenceSession(model: bytes, options: Any, providers: list[str]) -> list[str]:
            ops = _op_types(model)
            seen.append(ops)
            if "MatMulNBits" in ops:
                raise RuntimeError("Could not find an implementation for MatMulNBits(1) node with bits=8")
            return ops

    ops = encoder._session(OldRuntime, _model(), threads=1)
    assert len(seen) == 2 and "MatMulNBits" not in ops and ops.count("Cast") == 3 + 36
