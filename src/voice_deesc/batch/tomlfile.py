"""Read a tester's TOML file (expectations, sidecars) or say in one line what is wrong with it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def load_toml(path: Path, *, fix: str) -> dict[str, Any]:
    """The file's tables; a missing, unreadable or malformed file is a UsageError naming it, the fault and ``fix``."""
    from voice_deesc.errors import UsageError

    try:
        return dict(tomllib.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError as e:
        raise UsageError(f"{path}: no such file — {fix}") from e
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"{path}: cannot be read ({e}) — {fix}") from e
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{path}: not valid TOML ({e}) — {fix}") from e
