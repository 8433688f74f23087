"""What a fixture should get, written by a tester in TOML, and the check of every result against it.

Each table is named by a file or a glob matched against the end of each recording's path, and holds any of::

    ["*/rushed.wav"]
    checks = ["calm >= 40", "delivery.rate.words_per_minute > delivery.rate.words_per_minute@calm.wav + 20"]
    band = ["developing", "needs work"]        # one band, or the bands allowed
    findings = ["reflection"]                  # wording categories that must be found
    no_findings = ["judgment_blame"]           # ... and that must not
    flags = ["rate"]                           # delivery measures that must be flagged (verdict "flag")
    no_flags = ["effort"]
    transcript_contains = ["sounds like"]      # case-insensitive
    error = "no speech"                        # the file must fail, with these words in its error

A check compares a number in the Attempt JSON, named by its dotted path (``calm`` and ``overall`` alone mean the
assessment's scores), with a number or with the same kind of number of another recording in the batch
(``PATH@FILE``, FILE relative to this recording's folder), optionally plus or minus a margin.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from voice_deesc.batch.tomlfile import load_toml
from voice_deesc.batch.work import Row

OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
}
_PATH = r"[A-Za-z_][\w.]*"
_CHECK = re.compile(rf"^\s*({_PATH})\s*(<=|>=|==|!=|<|>)\s*(.+?)\s*$")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_TWIN = re.compile(rf"^({_PATH})@(\S+?)\s*(?:([+-])\s*(\d+(?:\.\d+)?))?$")
LIST_KEYS = ("checks", "findings", "no_findings", "flags", "no_flags", "transcript_contains")
KEYS = (*LIST_KEYS, "band", "error")
FIX = "see `voice-deesc batch --help` and the README's batch section for the expectation format"


@dataclass(frozen=True)
class Check:
    """``path op number`` or ``path op path@twin ± margin``."""

    text: str
    path: str
    op: str
    number: float | None = None
    twin_path: str | None = None
    twin_file: str | None = None
    margin: float = 0.0


@dataclass(frozen=True)
class Expectation:
    """One table of the expectations file: the pattern it applies to and what must hold there."""

    pattern: str
    checks: tuple[Check, ...] = ()
    bands: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    no_findings: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    no_flags: tuple[str, ...] = ()
    transcript_contains: tuple[str, ...] = ()
    error: str | None = None

    def applies_to(self, file: str) -> bool:
        return PurePath(file).match(self.pattern)


@dataclass(frozen=True)
class CaseResult:
    """One test case: a recording (or a pattern that matched nothing) and every expectation it broke."""

    name: str
    failures: tuple[str, ...] = ()
    checked: int = 0
    error: str | None = field(default=None, compare=False)

    @property
    def passed(self) -> bool:
        return not self.failures


def load_expectations(path: Path) -> list[Expectation]:
    """Every table of ``path``; anything malformed is one UsageError line naming the file, table and fix."""
    from voice_deesc.errors import UsageError

    data = load_toml(path, fix=FIX)
    if not data:
        raise UsageError(f'{path}: no expectations — add a table per file or glob, e.g. ["*/calm.wav"]; {FIX}')
    return [_expectation(path, pattern, table) for pattern, table in data.items()]


def _expectation(path: Path, pattern: str, table: Any) -> Expectation:
    from voice_deesc.delivery.verdicts import Measure
    from voice_deesc.errors import UsageError
    from voice_deesc.feedback.assess import Band
    from voice_deesc.wording.rubric import Category

    where = f"{path}, [{pattern!r}]"
    if not isinstance(table, dict):
        raise UsageError(f'{where}: must be a table of expectations, e.g. ["*/calm.wav"] then checks = [...]; {FIX}')
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise UsageError(f"{where}: unknown key {unknown[0]!r} — use {', '.join(KEYS)}")
    lists = {key: _strings(where, key, table.get(key, [])) for key in LIST_KEYS}
    bands = _strings(where, "band", table.get("band", []))
    error = table.get("error")
    if error is not None and (not isinstance(error, str) or not error.strip()):
        raise UsageError(f"{where}: error must be the words the file's error should contain")
    if error is not None and (bands or any(lists.values())):
        raise UsageError(f"{where}: a file expected to fail (error) cannot have other expectations — split the table")
    for key, allowed in (
        ("band", {b.value for b in Band}),
        ("findings", {c.value for c in Category}),
        ("no_findings", {c.value for c in Category}),
        ("flags", {m.value for m in Measure}),
        ("no_flags", {m.value for m in Measure}),
    ):
        values = bands if key == "band" else lists[key]
        for value in values:
            if value not in allowed:
                raise UsageError(f"{where}: {key} {value!r} is not one of: {', '.join(sorted(allowed))}")
    return Expectation(
        pattern,
        checks=tuple(_parse_check(where, text) for text in lists["checks"]),
        bands=bands,
        findings=lists["findings"],
        no_findings=lists["no_findings"],
        flags=lists["flags"],
        no_flags=lists["no_flags"],
        transcript_contains=lists["transcript_contains"],
        error=error,
    )


def _strings(where: str, key: str, value: Any) -> tuple[str, ...]:
    from voice_deesc.errors import UsageError

    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise UsageError(f'{where}: {key} must be a text or a list of texts, e.g. {key} = ["..."]')
    return tuple(v.strip() for v in values)


def _parse_check(where: str, text: str) -> Check:
    from voice_deesc.errors import UsageError

    example = "e.g. 'calm >= 70' or 'calm.score < calm.score@calm.wav - 5'"
    match = _CHECK.match(text)
    if match is None:
        raise UsageError(f"{where}: check {text!r} is not PATH OP VALUE — {example}")
    path, op, right = match.groups()
    if _NUMBER.match(right):
        return Check(text, path, op, number=float(right))
    twin = _TWIN.match(right)
    if twin is None:
        raise UsageError(f"{where}: check {text!r}: {right!r} is neither a number nor PATH@FILE — {example}")
    twin_path, twin_file, sign, margin = twin.groups()
    signed = float(margin or 0) * (-1 if sign == "-" else 1)
    return Check(text, path, op, twin_path=twin_path, twin_file=twin_file, margin=signed)


def evaluate_cases(expectations: Sequence[Expectation], results: Sequence[tuple[str, Row]]) -> list[CaseResult]:
    """One case per recording (in the order given), then one per pattern that matched no recording."""
    by_path = {_key(file): row for file, row in results}
    cases = [_case(file, row, [e for e in expectations if e.applies_to(file)], by_path) for file, row in results]
    for expectation in expectations:
        if not any(expectation.applies_to(file) for file, _ in results):
            failure = "no recording in this batch matched this pattern"
            cases.append(CaseResult(f"(pattern) {expectation.pattern}", (failure,)))
    return cases


def _key(file: str) -> str:
    return str(Path(file).resolve())


def _case(file: str, row: Row, expectations: Sequence[Expectation], by_path: Mapping[str, Row]) -> CaseResult:
    failures: list[str] = []
    checked = 0
    error = row.get("error")
    expected_errors = [e.error for e in expectations if e.error]
    for words in expected_errors:
        checked += 1
        if error is None:
            failures.append(f"error: expected the file to fail with {words!r}, got a scored attempt")
        elif words.lower() not in error.lower():
            failures.append(f"error: expected {words!r} in the error, got {error!r}")
    if error is not None and not expected_errors:
        failures.append(f"the file could not be analysed: {error}")
    if error is None:
        attempt = row["attempt"]
        for expectation in expectations:
            checked += _attempt_failures(file, attempt, expectation, by_path, failures)
    return CaseResult(file, tuple(failures), checked, error)


def _attempt_failures(
    file: str, attempt: dict[str, Any], e: Expectation, by_path: Mapping[str, Row], failures: list[str]
) -> int:
    """Append what ``attempt`` broke of ``e``; return how many expectations were checked."""
    for check in e.checks:
        failure = _check_failure(file, attempt, check, by_path)
        if failure:
            failures.append(failure)
    band = attempt["assessment"]["band"]
    if e.bands and band not in e.bands:
        failures.append(f"band: expected {' or '.join(e.bands)}, got {band}")
    found = {f["category"] for f in attempt["wording"]["findings"]}
    flagged = {v["measure"] for v in (attempt.get("calm") or {}).get("verdicts", []) if v["verdict"] == "flag"}
    for key, wanted, present, have in (
        ("findings", e.findings, True, found),
        ("no_findings", e.no_findings, False, found),
        ("flags", e.flags, True, flagged),
        ("no_flags", e.no_flags, False, flagged),
    ):
        for name in wanted:
            if (name in have) != present:
                got = ", ".join(sorted(have)) or "none"
                failures.append(f"{key}: expected {name} {'present' if present else 'absent'}, got {got}")
    text = attempt["transcript"]["text"]
    for words in e.transcript_contains:
        if words.lower() not in text.lower():
            failures.append(f"transcript_contains: expected {words!r}, got {text!r}")
    return len(e.checks) + bool(e.bands) + sum(map(len, (e.findings, e.no_findings, e.flags, e.no_flags)))


def _check_failure(file: str, attempt: dict[str, Any], check: Check, by_path: Mapping[str, Row]) -> str | None:
    actual, problem = number_at(attempt, check.path)
    if problem:
        return f"{check.text}: {problem}"
    if check.number is not None:
        expected, described = check.number, _fmt(check.number)
    else:
        twin_file = str(Path(file).parent / str(check.twin_file))
        twin = by_path.get(_key(twin_file))
        if twin is None or "attempt" not in twin:
            why = "is not in this batch" if twin is None else f"could not be analysed ({twin['error']})"
            return f"{check.text}: {check.twin_file} {why}"
        base, problem = number_at(twin["attempt"], str(check.twin_path))
        if problem:
            return f"{check.text}: in {check.twin_file}, {problem}"
        expected = float(base) + check.margin
        margin = f" {'+' if check.margin >= 0 else '-'} {_fmt(abs(check.margin))}" if check.margin else ""
        described = f"{_fmt(expected)} ({check.twin_file}: {_fmt(float(base))}{margin})"
    if OPERATORS[check.op](float(actual), expected):
        return None
    return f"{check.path}: expected {check.op} {described}, got {_fmt(float(actual))}"


def number_at(attempt: dict[str, Any], path: str) -> tuple[float, str | None]:
    """The number at a dotted path (a score's record stands for its score); else 0 and what is wrong."""
    value: Any = attempt
    parts = path.split(".")
    if parts[0] not in attempt and parts[0] in attempt.get("assessment", {}):
        parts = ["assessment", *parts]
    for part in parts:
        if not isinstance(value, dict) or part not in value:
            return 0.0, f"the Attempt has no {path!r} (see its JSON with `voice-deesc evaluate FILE --json -`)"
        value = value[part]
    if isinstance(value, dict) and "score" in value:
        value = value["score"]
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0, f"{path} is {value!r}, not a number"
    return float(value), None


def _fmt(value: float) -> str:
    return f"{value:g}"
