"""Expectations, manifests and sidecars on their own: parsing, checking, and one clear line for each mistake.

No engine here: the rows are Attempt JSON of a real analysis (the demo reply, analysed once per module).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from voice_deesc.batch.expect import evaluate_cases, load_expectations, number_at
from voice_deesc.batch.plan import Defaults, plan_jobs
from voice_deesc.batch.summary import BatchSummary
from voice_deesc.batch.work import Job
from voice_deesc.errors import UsageError


@pytest.fixture(scope="module")
def attempt(whisper) -> dict:
    from voice_deesc.audio import load_audio
    from voice_deesc.commands.demo import DEMO_SCENARIO, bundled_reply
    from voice_deesc.pipeline import analyse
    from voice_deesc.scenarios.load import get_scenario

    return analyse(load_audio(bundled_reply()), get_scenario(DEMO_SCENARIO), whisper).to_dict()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "expect.toml"
    path.write_text(text)
    return path


def _with(attempt: dict, **changes: float) -> dict:
    """A copy of the attempt with some assessment scores changed, as another recording's result."""
    other = copy.deepcopy(attempt)
    other["assessment"].update(changes)
    other["calm"]["score"] = changes.get("calm", other["calm"]["score"])
    return other


def test_every_kind_of_expectation_is_checked_and_named_with_expected_and_actual(tmp_path, attempt):
    calm = attempt["assessment"]["calm"]
    wpm = attempt["delivery"]["rate"]["words_per_minute"]
    expect = _write(
        tmp_path,
        f"""
["*/a.wav"]
checks = ["calm >= {calm}", "delivery.rate.words_per_minute < {wpm}", "calm.score > calm@b.wav + 5"]
band = "proficient"
findings = ["reflection", "judgment_blame"]
no_findings = ["command_feelings"]
transcript_contains = ["housing office", "purple elephant"]
""",
    )
    rows = [("r/a.wav", {"attempt": attempt}), ("r/b.wav", {"attempt": _with(attempt, calm=calm - 3)})]
    case = evaluate_cases(load_expectations(expect), rows)[0]
    assert case.name == "r/a.wav" and not case.passed
    assert case.failures == (
        f"delivery.rate.words_per_minute: expected < {wpm:g}, got {wpm:g}",
        f"calm.score: expected > {calm + 2:g} (b.wav: {calm - 3:g} + 5), got {calm:g}",
        f"band: expected proficient, got {attempt['assessment']['band']}",
        "findings: expected judgment_blame present, got collaboration, command_feelings, open_question, presence, "
        "reflection, validation",
        "no_findings: expected command_feelings absent, got collaboration, command_feelings, open_question, "
        "presence, reflection, validation",
        f"transcript_contains: expected 'purple elephant', got {attempt['transcript']['text']!r}",
    )


def test_a_file_that_holds_to_everything_passes_and_a_pattern_matching_nothing_fails(tmp_path, attempt):
    expect = _write(
        tmp_path,
        """
["a.wav"]
checks = ["overall == overall@a.wav", "wording.balance.reflections >= 1", "calm <= 100"]
band = ["developing", "needs work"]
no_flags = ["mirroring"]
["*/typo_calm.wav"]
band = "proficient"
""",
    )
    cases = evaluate_cases(load_expectations(expect), [("x/a.wav", {"attempt": attempt})])
    assert cases[0].passed and cases[0].checked == 5
    assert cases[1].name == "(pattern) */typo_calm.wav"
    assert cases[1].failures == ("no recording in this batch matched this pattern",)


def test_a_broken_file_fails_its_own_case_unless_its_error_was_expected(tmp_path, attempt):
    expect = _write(tmp_path, '["silent.wav"]\nerror = "no speech"\n["*.wav"]\nchecks = ["calm >= 0"]\n')
    rows = [
        ("silent.wav", {"error": "silent.wav: only noise — no speech was heard"}),
        ("broken.wav", {"error": "broken.wav: not a readable audio file"}),
        ("good.wav", {"attempt": attempt}),
    ]
    cases = evaluate_cases(load_expectations(expect), rows)
    assert [c.passed for c in cases] == [True, False, True]
    assert cases[1].failures == ("the file could not be analysed: broken.wav: not a readable audio file",)
    rows[2] = ("silent.wav", {"attempt": attempt})
    again = evaluate_cases(load_expectations(expect), [rows[2]])[0]
    assert again.failures[0] == "error: expected the file to fail with 'no speech', got a scored attempt"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('["a.wav"]\nchecks = ["calm >>= 3"]', "check 'calm >>= 3': '>= 3' is neither a number nor PATH@FILE"),
        ('["a.wav"]\nchecks = ["calm"]', "check 'calm' is not PATH OP VALUE"),
        ('["a.wav"]\nfinding = ["reflection"]', "unknown key 'finding' — use checks, findings"),
        ('["a.wav"]\nfindings = ["reflektion"]', "findings 'reflektion' is not one of: apology, arguing"),
        ('["a.wav"]\nband = "great"', "band 'great' is not one of: developing, needs work, proficient"),
        ('["a.wav"]\nerror = "x"\nband = "proficient"', "cannot have other expectations"),
        ('["a.wav"]\nchecks = 3', "checks must be a text or a list of texts"),
        ('checks = ["calm > 3"]', "must be a table of expectations"),
        ("[a.wav\n", "not valid TOML"),
        ("", "no expectations"),
    ],
)
def test_a_bad_expectations_file_is_one_usage_line_naming_the_file(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(UsageError) as raised:
        load_expectations(path)
    assert str(raised.value).startswith(str(path))
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_numbers_are_found_by_dotted_path_with_score_shorthands(attempt):
    assert number_at(attempt, "calm") == (attempt["assessment"]["calm"], None)
    assert number_at(attempt, "calm.score") == (attempt["calm"]["score"], None)
    assert number_at(attempt, "overall")[0] == attempt["assessment"]["overall"]
    assert number_at(attempt, "delivery.pitch.median_hz")[0] == attempt["delivery"]["pitch"]["median_hz"]
    assert "has no 'delivery.rate.wpm'" in str(number_at(attempt, "delivery.rate.wpm")[1])
    assert f"is '{attempt['assessment']['band']}', not a number" in str(number_at(attempt, "band")[1])


def test_manifest_then_sidecar_then_command_line_decide_scenario_and_reading(tmp_path):
    (tmp_path / "replies").mkdir()
    for name in ("a.wav", "b.wav", "c.wav"):
        (tmp_path / "replies" / name).write_bytes(b"")
    (tmp_path / "replies" / "b.toml").write_text('scenario = "fathers-watch"\nbaseline = "me.wav"\n')
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,scenario,baseline\nreplies/a.wav,detox-night-two,\nreplies/b.wav,,\n")
    jobs = plan_jobs([manifest, tmp_path / "replies" / "c.wav"], Defaults("lost-housing-voucher", "stored.wav"))
    assert jobs == [
        Job(str(tmp_path / "replies/a.wav"), "detox-night-two", "stored.wav"),
        Job(str(tmp_path / "replies/b.wav"), "fathers-watch", str(tmp_path / "replies/me.wav")),
        Job(str(tmp_path / "replies/c.wav"), "lost-housing-voucher", "stored.wav"),
    ]


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("path,scenario\nx.wav,a\n", "unknown column 'path'"),
        ("scenario\na\n", "no 'file' column"),
        ("file,scenario\n,a\n", "row 2: the file cell is empty"),
        ("file,scenario,baseline\n", "the manifest lists no recordings"),
    ],
)
def test_a_bad_manifest_is_one_usage_line(tmp_path, manifest, message):
    path = tmp_path / "m.csv"
    path.write_text(manifest)
    with pytest.raises(UsageError, match=message):
        plan_jobs([path], Defaults())


def test_a_bad_sidecar_is_one_usage_line(tmp_path):
    (tmp_path / "a.wav").write_bytes(b"")
    (tmp_path / "a.toml").write_text('scenaro = "x"\n')
    with pytest.raises(UsageError, match=r"a.toml: unknown key 'scenaro' — a recording's sidecar may hold only"):
        plan_jobs([tmp_path / "a.wav"], Defaults())


def test_the_summary_counts_bands_and_says_1_file(attempt):
    summary = BatchSummary()
    summary.add({"attempt": attempt, "audio_s": 20.0})
    summary.wall_s = 4.0
    assert summary.line() == "1 file, 0 failed, 20.0 s of audio in 4.0 s (5.0 audio-seconds per second)"
    summary.add({"error": "x", "audio_s": 1.0})
    assert summary.bands == {attempt["assessment"]["band"]: 1} and summary.failed == 1
    assert summary.line().startswith("2 files, 1 failed, 21.0 s")
