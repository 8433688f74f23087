"""`voice-deesc evaluate --text-lines FILE.jsonl`: the wording analysis of many typed replies in one process.

Each input line is a JSON object ``{"id", "reply", "client"?, "scenario"?}``; each output line is
``{"id", "findings": [{"category", "polarity", "evidence"}], "non_judgmental"}`` in the same order. A line that
cannot be analysed gives ``{"id", "line", "error"}`` instead, the others still run, and the command exits 1
with a count on standard error, so one bad row never hides the results of thousands of good ones.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from voice_deesc.errors import UsageError, VoiceDeescError


class TextLinesError(VoiceDeescError):
    """Some lines of a --text-lines file could not be analysed (each is reported on its own output line)."""


def evaluate_lines(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Analyse each JSON line; yields one result (or error) dict per non-blank input line."""
    from voice_deesc.asr.base import Transcript
    from voice_deesc.scenarios.load import get_scenario
    from voice_deesc.wording.analyse import analyse_wording

    scenarios: dict[str, Any] = {}
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        row_id: Any = None
        try:
            try:
                row = json.loads(raw)
            except json.JSONDecodeError as e:
                raise ValueError(f"not valid JSON ({e.msg} at column {e.colno}); write one JSON object per line") from e
            if not isinstance(row, dict):
                raise ValueError("the line is not a JSON object")
            row_id = row.get("id")
            reply = row.get("reply")
            if not isinstance(reply, str) or not reply.strip():
                raise ValueError('"reply" is missing or empty; give the words of the reply')
            scenario = None
            if row.get("scenario"):
                key = str(row["scenario"])
                if key not in scenarios:
                    scenarios[key] = get_scenario(key)
                scenario = scenarios[key]
            client = row.get("client") or ""
            if not isinstance(client, str):
                raise ValueError('"client" must be a string')
            wording = analyse_wording(Transcript.from_text(reply), scenario, client_text=client)
        except (ValueError, VoiceDeescError) as e:
            yield {"id": row_id, "line": number, "error": str(e)}
            continue
        yield {
            "id": row_id,
            "findings": [
                {"category": f.category, "polarity": f.polarity, "evidence": f.evidence} for f in wording.findings
            ],
            "non_judgmental": wording.non_judgmental,
        }


def run_text_lines(source: str, out: IO[str] | None = None) -> int:
    """Read ``source`` (a path, or ``-`` for standard input), write JSON lines to ``out``; return the exit code.

    Raises
    ------
    UsageError
        The file does not exist or is not UTF-8 text.
    TextLinesError
        After all lines ran, when some of them could not be analysed.
    """
    out = out or sys.stdout
    if source == "-":
        lines: Iterable[str] = sys.stdin
    else:
        path = Path(source)
        if not path.is_file():
            raise UsageError(f"--text-lines {source}: no such file — give a JSON-lines file or - for standard input")
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError as e:
            raise UsageError(f"--text-lines {source}: not UTF-8 text — save it as UTF-8") from e
    failed = 0
    for result in evaluate_lines(lines):
        failed += "error" in result
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    out.flush()
    if failed:
        raise TextLinesError(f'--text-lines {source}: {failed} line(s) could not be analysed; see their "error" field')
    return 0
