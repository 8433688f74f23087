"""Instructors' tools: record (import) a client clip, hear the line synthesised, validate packs and their recordings.

Real parts throughout: a real LJ Speech recording padded with real-level noise, the Silero detector, Whisper, espeak-ng.
Only the microphone is absent (there is no sound card here), so its path is checked for its one clear message.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from voice_deesc.audio import Audio, load_audio
from voice_deesc.scenarios.client_clip import (
    CLIP_RATE_HZ,
    PEAK_CEILING_DBFS,
    TARGET_SPEECH_DBFS,
    prepare_clip,
    speech_level_dbfs,
)
from voice_deesc.scenarios.clip_check import Intensity, measure_agitation

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LJ = FIXTURES / "speech_lj001-0002.wav"
LJ_LINE = "In being comparatively modern."
LEAD_S, TAIL_S = 1.5, 2.0


def write_pack(root: Path, pack_id: str, statement: str, *, difficulty: int = 3) -> Path:
    """A minimal valid pack whose client says ``statement``."""
    folder = root / pack_id
    folder.mkdir(parents=True)
    (folder / "scenario.toml").write_text(
        f'''id = "{pack_id}"
title = "A test client"
difficulty = {difficulty}
client_emotion = "frustrated"
context = "A resident stops you in the hallway of the recovery residence."
client_statement = "{statement}"
feelings = ["frustrated", "tired"]
key_content = ["modern", "comparatively"]
goals = ["reflect what the client said", "ask what would help"]
avoid = ["telling the client to calm down", "arguing"]
model_reply = "It sounds like that has been a lot. What would help right now?"
''',
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def padded_recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The LJ recording as an instructor's raw take: stereo float 44.1 kHz, quiet, with room noise before and after."""
    speech, rate = sf.read(LJ, dtype="float32")
    rng = np.random.default_rng(7)

    def room(seconds: float) -> np.ndarray:
        return (rng.standard_normal(int(seconds * rate)) * 0.002).astype(np.float32)

    mono = np.concatenate([room(LEAD_S), speech * 0.2, room(TAIL_S)])
    path = tmp_path_factory.mktemp("takes") / "raw-take.wav"
    sf.write(path, np.stack([mono, mono], axis=1), rate, subtype="FLOAT")
    return path


def test_record_from_wav_trims_converts_levels_and_stores(run_cli, tmp_path, padded_recording):
    pack = write_pack(tmp_path / "packs", "hallway-test", LJ_LINE)
    result = run_cli("scenarios", "record", str(pack), "--from-wav", str(padded_recording))
    assert result.returncode == 0, result.stderr
    clip = pack / "client.wav"
    info = sf.info(clip)
    assert (info.channels, info.samplerate, info.subtype) == (1, CLIP_RATE_HZ, "PCM_16")
    raw_s = sf.info(padded_recording).duration
    speech_s = sf.info(LJ).duration
    assert raw_s - info.duration > LEAD_S + TAIL_S - 1.0  # most of the 3.5 s of room noise is gone
    assert speech_s - 0.6 < info.duration < speech_s + 0.5  # ... and the words are all there
    samples, _ = sf.read(clip, dtype="float32")
    peak_dbfs = 20 * np.log10(np.abs(samples).max())
    assert peak_dbfs <= PEAK_CEILING_DBFS + 0.05 < 0.0  # below full scale: never clipped
    assert peak_dbfs > -6.0  # and brought up from the quiet take (it peaked near -17 dBFS)
    level = speech_level_dbfs(samples, CLIP_RATE_HZ)
    assert TARGET_SPEECH_DBFS - 6.0 <= level <= TARGET_SPEECH_DBFS + 0.5
    assert "does not match" not in result.stderr
    assert "note: 2-channel recording mixed down to mono" in result.stdout
    assert re.search(r'heard: "in being comparatively modern', result.stdout, re.IGNORECASE)
    assert "vocal effort" in result.stdout and "Hz" in result.stdout
    assert load_scenario_audio(pack) == clip  # the pack now plays it

    again = run_cli("scenarios", "record", str(pack), "--from-wav", str(padded_recording))
    assert again.returncode == 0, again.stderr
    assert (pack / "client.wav.previous").is_file() and "kept the clip it replaces" in again.stdout


def load_scenario_audio(pack: Path) -> Path | None:
    from voice_deesc.scenarios.parse import load_scenario

    return load_scenario(pack).client_audio


def test_record_warns_when_the_clip_does_not_say_the_line(run_cli, tmp_path, padded_recording):
    pack = write_pack(tmp_path / "packs", "wrong-line", "They gave my bed away while I was at work. Nobody called me.")
    result = run_cli("scenarios", "record", str(pack), "--from-wav", str(padded_recording))
    assert result.returncode == 0, result.stderr
    warning = [line for line in result.stderr.splitlines() if "does not match the written client_statement" in line]
    assert len(warning) == 1
    assert int(re.search(r"\((\d+)% of its words differ\)", warning[0]).group(1)) >= 75
    assert (pack / "client.wav").is_file()  # a warning, not a refusal: the instructor decides


def test_record_into_a_builtin_pack_copies_it_to_your_folder(run_cli, tmp_path, padded_recording):
    from voice_deesc.scenarios.load import builtin_dir

    result = run_cli("scenarios", "record", "fathers-watch", "--from-wav", str(padded_recording))
    assert result.returncode == 0, result.stderr
    copy = tmp_path / "home" / "scenarios" / "fathers-watch"
    assert (copy / "client.wav").is_file() and (copy / "scenario.toml").is_file()
    assert not (builtin_dir() / "fathers-watch" / "client.wav").exists()
    assert "copied the built-in pack" in result.stdout
    listing = run_cli("scenarios", "list")
    assert re.search(r"^fathers-watch\s+yours\b", listing.stdout, re.MULTILINE)


def test_record_without_a_microphone_says_how_to_import(run_cli, tmp_path):
    from voice_deesc.devices import has_input_device

    if has_input_device():
        pytest.skip("this machine has a microphone; the test would start recording")
    result = run_cli("scenarios", "record", "fathers-watch")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "no microphone found" in result.stderr and "--from-wav FILE.wav" in result.stderr
    assert not (tmp_path / "home" / "scenarios" / "fathers-watch").exists()


def test_record_refuses_bad_turns_and_bad_files(run_cli, tmp_path):
    pack = write_pack(tmp_path / "packs", "turns-test", LJ_LINE)
    later = run_cli("scenarios", "record", str(pack), "--turn", "2", "--from-wav", str(LJ))
    assert later.returncode == 1 and "has one client turn, its statement; --turn 2 is not one of them" in later.stderr
    zero = run_cli("scenarios", "record", str(pack), "--turn", "0", "--from-wav", str(LJ))
    assert zero.returncode == 2 and "turns count from 1" in zero.stderr
    text = tmp_path / "notes.wav"
    text.write_text("this is not audio\n")
    bad = run_cli("scenarios", "record", str(pack), "--from-wav", str(text))
    assert bad.returncode == 1 and "not a readable audio file" in bad.stderr
    silent = tmp_path / "silent.wav"
    sf.write(silent, np.zeros(3 * 16_000, np.float32), 16_000, subtype="PCM_16")
    quiet = run_cli("scenarios", "record", str(pack), "--from-wav", str(silent))
    assert quiet.returncode == 1 and "no speech was heard" in quiet.stderr
    assert not (pack / "client.wav").exists()


def test_prepare_clip_never_clips_and_says_when_the_take_was_clipped():
    speech = load_audio(LJ, sample_rate_hz=CLIP_RATE_HZ)
    hot = Audio(np.clip(speech.samples * 6.0, -1.0, 1.0), speech.sample_rate)
    clip = prepare_clip(hot)
    assert float(np.abs(clip.audio.samples).max()) <= 10 ** (PEAK_CEILING_DBFS / 20) + 1e-6
    assert clip.gain_db < 0  # turned down
    assert any("clipped" in w for w in clip.warnings)
    assert not prepare_clip(speech).warnings


def test_agitation_of_a_calm_reading_against_the_scenario_level():
    calm = load_audio(LJ)  # a calm read sentence (LJ Speech)
    agitation = measure_agitation(calm, 5)
    assert agitation.intensity is Intensity.CALM
    assert agitation.effort_above_calm_db is not None and agitation.effort_above_calm_db < 2.1
    assert "sounds calm, but the scenario is level 5" in agitation.advice
    assert measure_agitation(calm, 3).advice == ""


def test_say_writes_the_line_as_speech_whisper_understands(run_cli, tmp_path, whisper):
    from voice_deesc.asr.wer import count_errors
    from voice_deesc.scenarios.load import get_scenario

    out = tmp_path / "preview.wav"
    result = run_cli("scenarios", "say", "lost-housing-voucher", "-o", str(out))
    assert result.returncode == 0, result.stderr
    info = sf.info(out)
    assert info.format == "WAV" and info.duration > 5.0
    heard = whisper.transcribe(load_audio(out))
    line = get_scenario("lost-housing-voucher").client_statement
    assert count_errors(line, heard.text).wer <= 0.35
    wrong = run_cli("scenarios", "say", "lost-housing-voucher", "-o", str(tmp_path / "preview.mp3"))
    assert wrong.returncode == 2 and "ending in .wav" in wrong.stderr


def test_validate_reports_each_bad_recording_and_template_on_its_own_line(run_cli, tmp_path):
    root = tmp_path / "packs"
    text_clip = write_pack(root, "text-clip", LJ_LINE) / "client.wav"
    text_clip.write_text("RIFF? no, just notes about the recording\n")
    silent_clip = write_pack(root, "silent-clip", LJ_LINE) / "client.wav"
    sf.write(silent_clip, np.zeros(3 * 16_000, np.float32), 16_000, subtype="PCM_16")
    hour_clip = write_pack(root, "hour-clip", LJ_LINE) / "client.flac"
    with sf.SoundFile(hour_clip, "w", samplerate=8000, channels=1, subtype="PCM_16", format="FLAC") as handle:
        for _ in range(60):
            handle.write(np.zeros(8000 * 60, np.int16))
    good = write_pack(root, "good-clip", LJ_LINE)
    recorded = run_cli("scenarios", "record", str(good), "--from-wav", str(LJ))
    assert recorded.returncode == 0, recorded.stderr
    assert run_cli("scenarios", "new", "unfinished", "--dir", str(root)).returncode == 0

    result = run_cli("scenarios", "validate", str(root))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    errors = [line for line in lines if line.startswith("error: ")]

    def only(fragment: str) -> str:
        found = [line for line in errors if fragment in line]
        assert len(found) == 1, (fragment, lines)
        return found[0]

    assert "not readable audio" in only(f"error: {text_clip}:")
    assert "no speech was heard" in only(f"error: {silent_clip}:")
    assert "60 minutes long" in only(f"error: {hour_clip}:")
    template = [line for line in errors if "unfinished" in line]
    assert len(template) == 9 and all("still holds template text (TODO)" in line for line in template)
    assert not any("good-clip" in line for line in errors)
    assert all(line.count("error:") == 1 and len(line.replace(str(root), "")) < 200 for line in errors)
    assert lines[-1] == "1 of 5 scenario files are valid" or lines[-1].startswith("1 of 5 scenario files are valid;")


def test_show_and_evaluate_refuse_an_unfinished_template(run_cli, tmp_path):
    assert run_cli("scenarios", "new", "draft", "--dir", str(tmp_path / "packs")).returncode == 0
    pack = tmp_path / "packs" / "draft"
    shown = run_cli("scenarios", "show", str(pack))
    assert shown.returncode == 1 and shown.stdout == ""
    assert "is an unfinished template" in shown.stderr and f"scenarios validate {pack}" in shown.stderr
    assert shown.stderr.count("\n") == 1
    judged = run_cli("evaluate", "--text", "It sounds like you're worried.", "--scenario", str(pack))
    assert judged.returncode == 1 and "is an unfinished template" in judged.stderr
    assert "TODO" not in judged.stdout


class _KeyboardAtTerminal(io.StringIO):
    """Typed answers, on what looks like a terminal (so the take loop asks)."""

    def isatty(self) -> bool:
        return True


def test_microphone_takes_with_a_retake(monkeypatch, tmp_path, padded_recording, whisper, capsys):
    """The hardware edge replaced by the raw take played block by block; the loop, meter and storing are real."""
    import argparse

    import voice_deesc.asr
    import voice_deesc.devices
    from voice_deesc.commands.scenario_record import END_OF_LINE_SILENCE_S, MIC_RATE_HZ, run_record
    from voice_deesc.endpointing import EndOfSpeech

    takes = []

    def microphone(*, sample_rate_hz, end_silence_s, on_block):
        assert (sample_rate_hz, end_silence_s) == (MIC_RATE_HZ, END_OF_LINE_SILENCE_S)
        samples = load_audio(padded_recording, sample_rate_hz=sample_rate_hz).samples
        detector, block, end = EndOfSpeech(sample_rate_hz, end_silence_s=end_silence_s), int(0.03 * sample_rate_hz), 0
        for start in range(0, len(samples), block):
            end = start + block
            on_block(samples[start:end])
            if detector.push(samples[start:end]):
                break
        takes.append(end / sample_rate_hz)
        return samples[:end], detector.reason

    monkeypatch.setattr(voice_deesc.devices, "has_input_device", lambda: True)
    monkeypatch.setattr(voice_deesc.devices, "record_reply", microphone)
    monkeypatch.setattr(voice_deesc.asr, "load_transcriber", lambda *a, **k: whisper)
    monkeypatch.setattr("sys.stdin", _KeyboardAtTerminal("r\ny\n"))
    pack = write_pack(tmp_path / "packs", "mic-test", LJ_LINE)
    args = argparse.Namespace(id=str(pack), turn=None, from_wav=None, engine="whisper", vosk_model=None)
    assert run_record(args) == 0
    assert len(takes) == 2  # retake, then keep
    assert takes[0] < sf.info(padded_recording).duration  # the take ended at the quiet after the line
    clip = sf.info(pack / "client.wav")
    assert clip.samplerate == CLIP_RATE_HZ and clip.duration < takes[0] - 1.0
    out = capsys.readouterr().out
    assert out.count('heard: "') == 2 and "stored " in out


def test_record_a_later_turn_of_a_conversation_and_the_pack_plays_it(run_cli, tmp_path, padded_recording):
    from voice_deesc.scenarios.parse import load_scenario

    take = str(padded_recording)
    result = run_cli("scenarios", "record", "court-date-no-callback", "--turn", "2", "--from-wav", take)
    assert result.returncode == 0, result.stderr
    copy = tmp_path / "home" / "scenarios" / "court-date-no-callback"
    assert (copy / "client-turn-2.wav").is_file() and not (copy / "client.wav").exists()
    turns = load_scenario(copy).conversation.turns
    assert turns[1].client_audio == copy / "client-turn-2.wav"
    assert [turn.client_audio for turn in turns if turn is not turns[1]] == [None] * (len(turns) - 1)
    beyond = run_cli("scenarios", "record", "court-date-no-callback", "--turn", "9", "--from-wav", str(LJ))
    assert beyond.returncode == 1 and f"has {len(turns)} turns; --turn 9 is not one of them" in beyond.stderr
