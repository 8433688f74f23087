"""The batch's files for other tools: JUnit XML for CI (one test case per recording) and a CSV of the scores.

Both are written whole and owner-only at the end of a run (the CSV and the failure messages quote transcripts).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from voice_deesc.batch.expect import CaseResult, number_at
from voice_deesc.batch.work import Job, Row

SUITE = "voice-deesc batch"
CSV_COLUMNS = (
    "file",
    "scenario",
    "status",
    "band",
    "overall",
    "calm",
    "non_judgmental",
    "words_per_minute",
    "duration_s",
    "flags",
    "expectations",
    "problem",
)
CSV_NUMBERS = {
    "overall": "overall",
    "calm": "calm",
    "non_judgmental": "non_judgmental",
    "words_per_minute": "delivery.rate.words_per_minute",
    "duration_s": "delivery.duration_s",
}


def write_junit(path: Path, cases: Sequence[CaseResult], seconds: Mapping[str, float]) -> None:
    """One ``<testcase>`` per recording: a failure lists every broken expectation; a file that could not be
    analysed (and was not expected to fail) is an error. ``seconds`` is each recording's analysis time."""
    from junitparser import Error, Failure, JUnitXml, TestCase, TestSuite

    from voice_deesc.fsutil import atomic_write_with

    suite = TestSuite(SUITE)
    for case in cases:
        test = TestCase(case.name, classname=_classname(case.name), time=round(seconds.get(case.name, 0.0), 3))
        if case.failures:
            unexpected_error = case.error is not None and any("could not be analysed" in f for f in case.failures)
            result = (Error if unexpected_error else Failure)(case.failures[0])
            result.text = "\n".join(case.failures)
            test.result = [result]
        suite.add_testcase(test)
    suite.update_statistics()  # type: ignore[no-untyped-call]
    xml = JUnitXml()
    xml.add_testsuite(suite)
    atomic_write_with(path, lambda tmp: xml.write(str(tmp), pretty=True))


def _classname(name: str) -> str:
    """The recording's folder, dotted, so CI groups cases by scenario folder."""
    parent = Path(name).parent.name
    return f"voice_deesc.batch.{parent}" if parent else "voice_deesc.batch"


def write_csv(path: Path, jobs: Sequence[Job], rows: Sequence[Row], cases: Sequence[CaseResult] | None) -> None:
    """One line per recording in input order: its scores, flags, and whether its expectations held."""
    from voice_deesc.fsutil import atomic_write_text

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for index, (job, row) in enumerate(zip(jobs, rows, strict=True)):
        writer.writerow(_csv_row(job, row, cases[index] if cases else None))
    atomic_write_text(path, buffer.getvalue())


def _csv_row(job: Job, row: Row, case: CaseResult | None) -> dict[str, Any]:
    out: dict[str, Any] = {"file": job.file, "scenario": job.scenario or ""}
    if case is not None:
        out["expectations"] = "pass" if case.passed else "fail"
        out["problem"] = "; ".join(case.failures)
    if "error" in row:
        out.update(status="error", problem=out.get("problem") or row["error"])
        return out
    attempt = row["attempt"]
    out.update(status="ok", band=attempt["assessment"]["band"])
    for column, dotted in CSV_NUMBERS.items():
        value, problem = number_at(attempt, dotted)
        out[column] = "" if problem else f"{value:g}"
    verdicts = (attempt.get("calm") or {}).get("verdicts", [])
    out["flags"] = " ".join(v["measure"] for v in verdicts if v["verdict"] == "flag")
    return out
