"""Which files a batch analyses, and for each the scenario it answers and the neutral reading it is judged against.

Inputs are recordings, folders of recordings, or manifests (a ``.csv`` with the columns ``file, scenario,
baseline``; paths relative to the manifest). A recording may also carry a sidecar: ``reply.toml`` beside
``reply.wav`` with ``scenario = "..."`` and/or ``baseline = "..."``. A manifest cell wins over a sidecar, and
either wins over ``--scenario`` and ``--baseline``.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from voice_deesc.batch.work import Job

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg")
MANIFEST_SUFFIX = ".csv"
MANIFEST_COLUMNS = ("file", "scenario", "baseline")
SIDECAR_KEYS = ("scenario", "baseline")


@dataclass(frozen=True)
class Defaults:
    """What a file gets when neither a manifest row nor a sidecar says otherwise (the command-line options)."""

    scenario: str | None = None
    baseline: str | None = None


def collect_inputs(paths: Sequence[Path]) -> list[Path]:
    """Files as given, and the audio files inside any folder given (sorted, so runs are reproducible)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES))
        else:
            files.append(path)
    return files


def plan_jobs(paths: Sequence[Path], defaults: Defaults) -> list[Job]:
    """One job per recording named by ``paths``, in the order given, each with its scenario and neutral reading.

    Raises
    ------
    UsageError
        A manifest or sidecar that cannot be read, with the file and the fix in one line.
    """
    jobs: list[Job] = []
    for path in paths:
        if path.suffix.lower() == MANIFEST_SUFFIX and path.is_file():
            jobs.extend(_with_sidecar(job, defaults) for job in read_manifest(path))
        else:
            jobs.extend(_with_sidecar(Job(str(file)), defaults) for file in collect_inputs([path]))
    return jobs


def read_manifest(path: Path) -> list[Job]:
    """The rows of a manifest as jobs; empty cells are left for the sidecar or the command line to fill."""
    from voice_deesc.errors import UsageError

    fix = f"the first row must name the columns {', '.join(MANIFEST_COLUMNS)} (scenario and baseline may be empty)"
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise UsageError(f"{path}: the manifest cannot be read ({e}) — {fix}") from e
    if not rows:
        raise UsageError(f"{path}: the manifest lists no recordings — {fix}, then one row per file")
    columns = set(rows[0])
    unknown = sorted(str(c) for c in columns - set(MANIFEST_COLUMNS))
    if "file" not in columns or unknown:
        what = f"unknown column {unknown[0]!r}" if unknown else "no 'file' column"
        raise UsageError(f"{path}: {what} — {fix}")
    jobs = []
    for line, row in enumerate(rows, start=2):
        file = (row.get("file") or "").strip()
        if not file:
            raise UsageError(f"{path}, row {line}: the file cell is empty — name a recording, relative to the manifest")
        baseline = (row.get("baseline") or "").strip()
        jobs.append(
            Job(
                str(path.parent / file),
                (row.get("scenario") or "").strip() or None,
                str(path.parent / baseline) if baseline else None,
            )
        )
    return jobs


def sidecar_of(file: Path) -> Path:
    return file.with_suffix(".toml")


def _with_sidecar(job: Job, defaults: Defaults) -> Job:
    """Fill what the manifest left empty from the file's sidecar, then from the command line."""
    side = _read_sidecar(sidecar_of(Path(job.file)))
    return replace(
        job,
        scenario=job.scenario or side.scenario or defaults.scenario,
        baseline=job.baseline or side.baseline or defaults.baseline,
    )


def _read_sidecar(path: Path) -> Defaults:
    if not path.is_file():
        return Defaults()
    from voice_deesc.batch.tomlfile import load_toml
    from voice_deesc.errors import UsageError

    fix = 'write e.g. scenario = "lost-housing-voucher" and baseline = "my-reading.wav"'
    data = load_toml(path, fix=fix)
    unknown = sorted(set(data) - set(SIDECAR_KEYS))
    if unknown:
        raise UsageError(f"{path}: unknown key {unknown[0]!r} — a recording's sidecar may hold only {fix}")
    values = {}
    for key in SIDECAR_KEYS:
        value = data.get(key)
        if value is not None and not (isinstance(value, str) and value.strip()):
            raise UsageError(f"{path}: {key} must be a non-empty text — {fix}")
        values[key] = value.strip() if value else None
    baseline = values["baseline"]
    return Defaults(values["scenario"], str(path.parent / baseline) if baseline else None)
