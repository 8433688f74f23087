"""Re-run the bad-input matrix of issue 12 as a new user would, and print what happened to each case.

Every case is a real `voice-deesc` command in a fresh data folder, timed by ``/usr/bin/time -v`` for its peak
memory. A case is *clean* when its exit code is the expected one, nothing on stderr is a traceback, an error
is exactly one ``voice-deesc: ...`` line, and the expected words appear. Prints one row per case, then
``cases tried``, ``clean`` and the peak memory (budget: 600 MB for any accepted input).

    .venv/bin/python scripts/fault_matrix.py            # everything (about five minutes on 2 cores)
    .venv/bin/python scripts/fault_matrix.py --quick    # skip the two long-recording memory cases
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

REPO = Path(__file__).resolve().parents[1]
SCENARIO = "lost-housing-voucher"
MEMORY_BUDGET_MB = 600.0
EVALUATE = ("evaluate", "{input}", "--scenario", SCENARIO, "--engine", "whisper", "--no-speak")
HTML = (*EVALUATE, "--html", "report.html", "--markdown", "report.md", "--json", "attempt.json")
VALIDATE = ("scenarios", "validate", "{input}")


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], Path]
    """Writes the input into the work folder and returns its path."""
    args: tuple[str, ...]
    expect_rc: int
    expect: str
    """Words that must appear on stdout or stderr (case-insensitive)."""
    env: tuple[tuple[str, str], ...] = ()
    error_on_stderr: bool = True
    """False where the errors are the command's output (validate's report, batch's error rows)."""


@dataclass(frozen=True)
class Outcome:
    case: Case
    rc: int
    clean: bool
    peak_mb: float
    why: str


# --- inputs -----------------------------------------------------------------------------------------------


def _speech() -> tuple[np.ndarray, int]:
    sys.path.insert(0, str(REPO / "src"))
    from voice_deesc.commands.demo import bundled_reply

    data, rate = sf.read(bundled_reply(), dtype="float32")
    return data, rate


def _wav(name: str, samples: np.ndarray, rate: int = 16_000, subtype: str = "PCM_16") -> Callable[[Path], Path]:
    def make(work: Path) -> Path:
        sf.write(work / name, samples, rate, subtype=subtype)
        return work / name

    return make


def _raw(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(work: Path) -> Path:
        (work / name).write_bytes(data)
        return work / name

    return make


def _patched_wav(name: str, samples: np.ndarray, patch: Callable[[bytearray], None]) -> Callable[[Path], Path]:
    def make(work: Path) -> Path:
        sf.write(work / name, samples, 16_000, subtype="PCM_16")
        raw = bytearray((work / name).read_bytes())
        patch(raw)
        (work / name).write_bytes(bytes(raw))
        return work / name

    return make


def _set_u32(offset_of: Callable[[bytearray], int], value: int) -> Callable[[bytearray], None]:
    def patch(raw: bytearray) -> None:
        at = offset_of(raw)
        raw[at : at + 4] = struct.pack("<I", value)

    return patch


def _folder(name: str) -> Callable[[Path], Path]:
    def make(work: Path) -> Path:
        (work / name).mkdir(exist_ok=True)
        return work / name

    return make


def _pack(name: str, text: str | bytes) -> Callable[[Path], Path]:
    def make(work: Path) -> Path:
        folder = work / name
        folder.mkdir(exist_ok=True)
        target = folder / "scenario.toml"
        target.write_bytes(text if isinstance(text, bytes) else text.encode())
        return folder

    return make


def _pack_zip(name: str, damage: str) -> Callable[[Path], Path]:
    def make(work: Path) -> Path:
        source = REPO / "audio_scenarios" / SCENARIO / "scenario.toml"
        archive = work / name
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.write(source, f"{SCENARIO}/scenario.toml")
        raw = bytearray(archive.read_bytes())
        with zipfile.ZipFile(archive) as z:
            info = z.getinfo(f"{SCENARIO}/scenario.toml")
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        if damage == "crc":
            raw[info.header_offset + 14] ^= 0xFF
            central = bytes(raw).rindex(info.filename.encode()) - 46
            raw[central + 16] ^= 0xFF
        else:
            raw[start : start + 12] = b"\xff" * 12
        archive.write_bytes(bytes(raw))
        return archive

    return make


def _history(kind: str) -> Callable[[Path], Path]:
    def make(work: Path) -> Path:
        home = work / "home"
        home.mkdir(exist_ok=True)
        db = home / "history.sqlite3"
        if kind == "corrupt":
            db.write_bytes(random.Random(1).randbytes(20_000))
        else:
            with sqlite3.connect(db) as conn:
                conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
                conn.execute("INSERT INTO schema_migrations VALUES (99, 'later')")
        return work / "reply.wav"

    return make


def _broken_vosk(work: Path) -> Path:
    sys.path.insert(0, str(REPO / "tests"))
    from vosk_toy import write_toy_model

    model = write_toy_model(work / "models" / "vosk-model-broken")
    (model / "conf" / "model.conf").write_text("--bogus-option=1\n")
    return work / "reply.wav"


def _mixed_folder(work: Path) -> Path:
    folder = work / "mixed"
    folder.mkdir(exist_ok=True)
    shutil.copy(work / "reply.wav", folder / "a_good.wav")
    (folder / "b_text.wav").write_text("not audio")
    noise = np.random.default_rng(2).standard_normal(3 * 16_000).astype(np.float32) * 0.2
    sf.write(folder / "c_noise.wav", noise, 16_000)
    return folder


def audio_cases(quick: bool) -> list[Case]:
    """Bad and odd recordings, each through `evaluate`."""
    speech, rate = _speech()
    assert rate == 16_000, rate
    n = len(speech)
    rng = np.random.default_rng(0)
    peak = float(np.max(np.abs(speech)))
    spiked = speech.copy()
    spiked[::997], spiked[5::1999] = np.nan, np.inf
    data_at = lambda raw: raw.index(b"data") + 4  # noqa: E731
    one_hz = b"RIFF" + struct.pack("<I", 1236) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 1, 2, 2, 16)
    one_hz += b"data" + struct.pack("<I", 1200) + bytes(1200)
    out = [
        Case("missing file", lambda w: w / "nope.wav", EVALUATE, 1, "no such file"),
        Case("empty file", _raw("empty.wav", b""), EVALUATE, 1, "empty"),
        Case("folder as reply", _folder("adir"), EVALUATE, 1, "is a folder"),
        Case("text as audio", _raw("text.wav", b"hello, not audio\n" * 20), EVALUATE, 1, "not a readable audio"),
        Case("header cut at 30 bytes", _raw("cut30.wav", b"RIFF" + bytes(26)), EVALUATE, 1, "not a readable audio"),
        Case("1 Hz header", _raw("onehz.wav", one_hz), EVALUATE, 1, "samples per second"),
        Case(
            "data size 0xFFFFFFFF",
            _patched_wav("ffff.wav", speech, _set_u32(data_at, 0xFFFFFFFF)),
            (*EVALUATE, "--json", "-"),
            0,
            "housing",
        ),
        Case("NaN/Inf samples", _wav("spiked.wav", spiked, subtype="FLOAT"), (*EVALUATE, "--json", "-"), 0, "damaged"),
        Case(
            "quiet -42 dBFS speech",
            _wav("quiet.wav", speech / peak * 10 ** (-42 / 20), subtype="FLOAT"),
            (*EVALUATE, "--json", "-"),
            0,
            "very quiet recording",
        ),
        Case("white noise", _wav("noise.wav", rng.standard_normal(n).astype(np.float32) * 0.2), EVALUATE, 1, "noise"),
        Case("digital silence", _wav("zeros.wav", np.zeros(n, np.float32)), EVALUATE, 1, "silent"),
        Case("clipped", _wav("clip.wav", np.clip(speech * 8, -1, 1)), (*EVALUATE, "--json", "-"), 0, "clipped"),
        Case("8 kHz", _wav("8k.wav", speech[::2], rate=8_000), (*EVALUATE, "--json", "-"), 0, "telephone"),
        Case("stereo", _wav("st.wav", np.stack([speech, speech], 1)), (*EVALUATE, "--json", "-"), 0, "mixed down"),
        Case("9.5 minutes", _wav("long.wav", np.tile(speech, 29)), EVALUATE, 1, "limit"),
    ]
    if not quick:
        up = np.repeat(_resample(np.tile(speech, 5)[: 85 * 16_000], 96_000)[:, None], 6, axis=1) * 0.5
        out += [
            Case("96 kHz, 6 channels, 85 s", _wav("six.wav", up, rate=96_000), (*EVALUATE, "--html", "r.html"), 0, ""),
            Case(
                "89 s at 16 kHz",
                _wav("l89.wav", np.tile(speech, 5)[: 89 * 16_000]),
                (*EVALUATE, "--html", "r.html"),
                0,
                "",
            ),
        ]
    return out


def other_cases() -> list[Case]:
    """Scenario files and zips, history faults, output paths, engines and a mixed batch."""
    return [
        Case(
            "deeply nested TOML",
            _pack("deep", "id = " + "[" * 100_000),
            VALIDATE,
            1,
            "nests",
            error_on_stderr=False,
        ),
        Case(
            "50 MB TOML string",
            _pack("big", 'id = "' + "a" * 50_000_000 + '"'),
            VALIDATE,
            1,
            "limit",
            error_on_stderr=False,
        ),
        Case("not UTF-8 TOML", _pack("latin", b'title = "caf\xe9"\n'), VALIDATE, 1, "utf-8", error_on_stderr=False),
        Case("import missing zip", lambda w: w / "missing.zip", ("scenarios", "import", "{input}"), 1, "no such file"),
        Case("import text as zip", _raw("t.zip", b"not a zip"), ("scenarios", "import", "{input}"), 1, "not a zip"),
        Case("import bad-CRC zip", _pack_zip("crc.zip", "crc"), ("scenarios", "import", "{input}"), 1, "damaged"),
        Case("import bad deflate", _pack_zip("fl.zip", "deflate"), ("scenarios", "import", "{input}"), 1, "damaged"),
        Case("corrupt history", _history("corrupt"), (*EVALUATE, "--json", "out.json"), 0, "history was not updated"),
        Case("newer history", _history("newer"), (*EVALUATE, "--json", "out.json"), 0, "history was not updated"),
        Case(
            "--json inside a file",
            lambda w: w / "reply.wav",
            (*EVALUATE, "--json", "{input}/o.json"),
            1,
            "not a folder",
        ),
        Case(
            "batch --out a folder",
            lambda w: _folder("adir")(w).parent / "reply.wav",
            ("batch", "{input}", "--engine", "whisper", "--out", "adir"),
            1,
            "is a folder",
        ),
        Case(
            "batch --engine vosk, no model",
            lambda w: w / "reply.wav",
            ("batch", "{input}", "--engine", "vosk"),
            1,
            "no vosk model",
            (("VOICE_DEESC_MODELS", "empty-models"),),
        ),
        Case(
            "auto with a broken Vosk model",
            _broken_vosk,
            (*EVALUATE[:-2], "auto", "--no-speak", "--json", "out.json"),
            0,
            "using whisper tiny.en instead",
            (("VOICE_DEESC_MODELS", "models"),),
        ),
        Case(
            "batch of good, broken and noise",
            _mixed_folder,
            ("batch", "{input}", "--engine", "whisper", "--jobs", "2", "--out", "rows.jsonl"),
            1,
            "3 files, 2 failed",
            error_on_stderr=False,
        ),
    ]


def _resample(samples: np.ndarray, rate: int) -> np.ndarray:
    import soxr

    return soxr.resample(samples, 16_000, rate).astype(np.float32)


# --- running ----------------------------------------------------------------------------------------------


def _baseline_notice(line: str) -> bool:
    from voice_deesc.commands.common import BASELINE_NOTE, NO_BASELINE_TIP

    return line == NO_BASELINE_TIP or line.startswith((BASELINE_NOTE, "Judging delivery against the neutral reading"))


def run_case(case: Case, work: Path) -> Outcome:
    target = case.make(work)
    args = [a.replace("{input}", str(target)) for a in case.args]
    env = {**os.environ, "VOICE_DEESC_HOME": str(work / "home"), "PYTHONPATH": str(REPO / "src")}
    env.update({k: str(work / v) for k, v in case.env})
    result = subprocess.run(
        ["/usr/bin/time", "-v", sys.executable, "-m", "voice_deesc", *args],
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
        timeout=900,
    )
    stderr, timing = _split_time(result.stderr)
    peak_mb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing).group(1)) / 1024  # type: ignore[union-attr]
    lines = [line for line in stderr.splitlines() if line.strip()]
    problems = []
    if result.returncode != case.expect_rc:
        problems.append(f"exit {result.returncode}, expected {case.expect_rc}")
    if "Traceback" in stderr:
        problems.append("traceback")
    # batch's summary line and the one line saying which neutral reading delivery is judged against are notices
    ours = [line for line in lines if not re.match(r"^\d+ files, \d+ failed", line) and not _baseline_notice(line)]
    if len(ours) > 1 or (case.expect_rc != 0 and case.error_on_stderr and len(ours) != 1):
        problems.append(f"{len(ours)} stderr lines, expected one")
    if any(not line.startswith("voice-deesc: ") for line in ours):
        problems.append("a stderr line that is not one of ours")
    if case.expect.lower() not in (result.stdout + stderr).lower():
        problems.append(f"no {case.expect!r}")
    why = "; ".join(problems) or (lines[0][:90] if lines else "ok")
    return Outcome(case, result.returncode, not problems, peak_mb, why)


def _split_time(stderr: str) -> tuple[str, str]:
    at = stderr.rfind("\tCommand being timed:")
    head = stderr[:at]
    head = re.sub(r"Command exited with non-zero status \d+\n?$", "", head)
    return head, stderr[at:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the long-recording memory cases")
    args = parser.parse_args()
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="fault-matrix-") as folder:
        base = Path(folder)
        speech, rate = _speech()
        for i, case in enumerate(audio_cases(args.quick) + other_cases()):
            work = base / f"case{i:02d}"
            work.mkdir()
            sf.write(work / "reply.wav", speech, rate, subtype="PCM_16")
            outcome = run_case(case, work)
            outcomes.append(outcome)
            mark = "clean" if outcome.clean else "NOT CLEAN"
            print(f"{case.name:34s} rc={outcome.rc}  {mark:9s} {outcome.peak_mb:6.0f} MB  {outcome.why}", flush=True)
    accepted = [o for o in outcomes if o.rc == 0]
    worst = max(outcomes, key=lambda o: o.peak_mb)
    worst_accepted = max(accepted, key=lambda o: o.peak_mb) if accepted else None
    print(f"\ncases tried: {len(outcomes)}")
    print(f"clean: {sum(o.clean for o in outcomes)}")
    print(f"peak memory: {worst.peak_mb:.0f} MB ({worst.case.name})")
    if worst_accepted is not None:
        verdict = "within" if worst_accepted.peak_mb <= MEMORY_BUDGET_MB else "OVER"
        print(
            f"peak memory of an accepted input: {worst_accepted.peak_mb:.0f} MB ({worst_accepted.case.name}), "
            f"{verdict} the {MEMORY_BUDGET_MB:.0f} MB budget"
        )
    return 0 if all(o.clean for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
