"""What a batch adds up to: files, audio seconds, failures and how many replies fell in each band."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from voice_deesc.batch.work import Row


@dataclass
class BatchSummary:
    """Running totals, added to as rows arrive, so the figures are right however far a run got."""

    files: int = 0
    failed: int = 0
    audio_s: float = 0.0
    wall_s: float = 0.0
    bands: Counter[str] = field(default_factory=Counter)

    def add(self, row: Row) -> None:
        self.files += 1
        self.audio_s += float(row.get("audio_s", 0.0))
        if "error" in row:
            self.failed += 1
        else:
            self.bands[row["attempt"]["assessment"]["band"]] += 1

    @property
    def throughput(self) -> float:
        """Audio seconds analysed per wall-clock second."""
        return self.audio_s / self.wall_s if self.wall_s > 0 else 0.0

    def line(self) -> str:
        """One line for logs and scripts: '3 files, 1 failed, 40.0 s of audio in 8.2 s (4.9 audio-seconds per …)'."""
        return (
            f"{plural(self.files, 'file')}, {self.failed} failed, {self.audio_s:.1f} s of audio in {self.wall_s:.1f} s "
            f"({self.throughput:.1f} audio-seconds per second)"
        )


def plural(count: int, noun: str) -> str:
    """'1 file', '2 files'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
