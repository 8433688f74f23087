"""Property tests: generated WAV headers, sample formats and TOML documents never raise anything but our errors.

The loaders are the app's front door for files a user (or an attacker) hands it; whatever the bytes,
the answer is a value or a one-line ``VoiceDeescError``, never a traceback. Example counts stay modest
so the whole suite stays fast; the seeds are derandomised so a failure reproduces.
"""

from __future__ import annotations

import contextlib
import struct
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voice_deesc.audio import MAX_DURATION_S, load_audio
from voice_deesc.errors import AudioError, ScenarioError
from voice_deesc.scenarios.parse import load_scenario

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


FIELDS = ("tag", "channels", "rate", "bits", "block", "byte_rate", "data_size", "riff_size")


@st.composite
def wav_files(draw: st.DrawFn) -> bytes:
    """A RIFF/WAVE file that is sound except for up to three header fields that lie (chosen at random)."""
    lies = draw(st.sets(st.sampled_from(FIELDS), max_size=3))

    def field(name: str, honest: st.SearchStrategy[int], liar: st.SearchStrategy[int]) -> int:
        return draw(liar if name in lies else honest)

    tag, bits = draw(st.sampled_from([(1, 8), (1, 16), (1, 24), (1, 32), (3, 32), (3, 64)]))
    tag = field("tag", st.just(tag), st.sampled_from([0, 2, 6, 7, 0xFFFE]) | st.integers(0, 0xFFFF))
    bits = field("bits", st.just(bits), st.sampled_from([0, 4, 12, 20]) | st.integers(0, 0xFFFF))
    channels = field("channels", st.integers(1, 8), st.sampled_from([0, 65, 0xFFFF]) | st.integers(0, 0xFFFF))
    rate = field(
        "rate",
        st.sampled_from([8_000, 16_000, 22_050, 44_100, 96_000]),
        st.sampled_from([0, 1, 3_999, 384_001]) | st.integers(0, 2**32 - 1),
    )
    block = field("block", st.just(max(1, channels * bits // 8) & 0xFFFF), st.integers(0, 0xFFFF))
    byte_rate = field("byte_rate", st.just(rate * block & 0xFFFFFFFF), st.integers(0, 2**32 - 1))
    seconds = draw(st.sampled_from([0.0, 0.01, 0.2, 0.7]))
    frames = min(int(seconds * min(rate, 96_000)), (1 << 20) // max(1, block))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    if tag == 3 and bits in (32, 64) and "tag" not in lies:
        values = draw(st.lists(st.sampled_from([0.0, 0.5, -1.0, 2.0, np.nan, np.inf, -np.inf]), max_size=8))
        samples = rng.uniform(-1, 1, frames * channels)
        if samples.size and values:
            samples[rng.integers(0, samples.size, size=len(values))] = values
        payload = samples.astype("<f4" if bits == 32 else "<f8").tobytes()
    else:
        payload = rng.bytes(frames * block) + draw(st.binary(max_size=3))
    data_size = field("data_size", st.just(len(payload)), st.sampled_from([0, 0xFFFFFFFF]) | st.integers(0, 2**32 - 1))
    fmt = struct.pack("<HHIIHH", tag, channels, rate, byte_rate, block, bits)
    body = b"WAVEfmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", data_size) + payload
    riff_size = field("riff_size", st.just(len(body)), st.integers(0, 2**32 - 1))
    return b"RIFF" + struct.pack("<I", riff_size) + body


def _load_bytes(raw: bytes, suffix: str = ".wav") -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"generated{suffix}"
        path.write_bytes(raw)
        try:
            audio = load_audio(path)
        except AudioError as e:
            assert "\n" not in str(e) and str(path) in str(e)
            return
        assert audio.samples.dtype == np.float32 and audio.samples.ndim == 1
        assert np.isfinite(audio.samples).all() and np.abs(audio.samples).max(initial=0) <= 1.0
        assert 0 < audio.duration_s <= MAX_DURATION_S + 1


@SETTINGS
@given(wav_files())
def test_any_wav_header_loads_or_fails_with_one_line(raw: bytes) -> None:
    _load_bytes(raw)


SUBTYPES = ["PCM_U8", "PCM_16", "PCM_24", "PCM_32", "FLOAT", "DOUBLE", "ULAW", "ALAW", "IMA_ADPCM", "MS_ADPCM"]


@SETTINGS
@given(
    subtype=st.sampled_from(SUBTYPES),
    rate=st.sampled_from([4_000, 8_000, 11_025, 16_000, 22_050, 44_100, 48_000, 96_000]),
    channels=st.integers(1, 8),
    frames=st.integers(1, 3_000),
    specials=st.lists(st.sampled_from([np.nan, np.inf, -np.inf, 1e30, -1e30, 1.0, -1.0]), max_size=20),
    seed=st.integers(0, 2**16),
)
def test_any_sample_format_loads_to_finite_mono_in_range(subtype, rate, channels, frames, specials, seed) -> None:
    rng = np.random.default_rng(seed)
    data = rng.uniform(-1.2, 1.2, size=(frames, channels))
    if subtype in ("FLOAT", "DOUBLE"):  # only float files can carry NaN/Inf (libsndfile's encoders crash on them)
        flat = data.reshape(-1)
        flat[rng.integers(0, flat.size, size=len(specials))] = specials
    else:
        data = np.clip(data, -1.0, 1.0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.wav"
        try:
            sf.write(path, data, rate, subtype=subtype)
        except (sf.LibsndfileError, ValueError, RuntimeError):
            return  # a combination libsndfile itself will not write (e.g. ADPCM with 8 channels)
        _load_bytes(path.read_bytes())


TOML_PIECES = st.sampled_from(
    [
        'id = "night-shift"\n',
        'title = "A title"\n',
        "difficulty = 3\n",
        "difficulty = 99\n",
        'theme = "housing"\n',
        "safety_critical = true\n",
        'feelings = ["scared", "angry"]\n',
        "feelings = [[[[1]]]]\n",
        'key_content = ["x"]\n',
        "goals = []\n",
        'model_reply = """It sounds like you are scared."""\n',
        'client_statement = """They took it."""\n',
        "[table]\n",
        "[[array]]\n",
        "x = {a = {b = {c = 1}}}\n",
        'client_voice = "../../etc/passwd"\n',
        'client_voice = "client.wav"\n',
        "= broken\n",
        "\ufeff",
        '"\\u0000" = 1\n',
        "a = 1979-05-27T07:32:00Z\n",
        "b = inf\n",
        "c = nan\n",
    ]
)


@SETTINGS
@given(
    pieces=st.lists(TOML_PIECES, max_size=14),
    noise=st.text(max_size=60),
    depth=st.integers(0, 3000),
)
def test_any_toml_document_loads_or_fails_with_our_error(pieces, noise, depth) -> None:
    text = "".join(pieces) + noise + ("\nz = " + "[" * depth if depth else "")
    with tempfile.TemporaryDirectory() as folder:
        pack = Path(folder) / "night-shift"
        pack.mkdir()
        (pack / "scenario.toml").write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            scenario = load_scenario(pack)
        except ScenarioError as e:
            assert str(pack) in str(e)
            return
        assert scenario.id == "night-shift"


@SETTINGS
@given(raw=st.binary(max_size=2048))
def test_any_bytes_as_a_scenario_file_fail_cleanly(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        pack = Path(folder) / "night-shift"
        pack.mkdir()
        (pack / "scenario.toml").write_bytes(raw)
        with contextlib.suppress(ScenarioError):
            load_scenario(pack)
