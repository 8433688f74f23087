"""The base of the package's fixed choices (categories, measures, verdicts, bands, themes ...)."""

from __future__ import annotations

from enum import Enum


class TextEnum(str, Enum):
    """A ``str`` enum that reads as its value everywhere: JSON, SQLite and f-strings alike.

    Python 3.10 and 3.11 format a ``(str, Enum)`` member in an f-string as ``Category.REFLECTION``; a report or a
    message must say ``reflection``. (``enum.StrEnum`` does this from 3.11 on; the package supports 3.10.)
    """

    def __str__(self) -> str:
        return str(self.value)
