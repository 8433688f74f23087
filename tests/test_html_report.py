"""The HTML report is one self-contained file that opens in headless Chromium and shows the figure;
the figure's time series are right on synthetic tones; the Markdown report marks findings in place."""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest

from voice_deesc.audio import Audio
from voice_deesc.pipeline import analyse, analyse_text
from voice_deesc.reports.figure import reply_series
from voice_deesc.reports.html import render_html, write_html
from voice_deesc.reports.markdown import render_markdown
from voice_deesc.scenarios.load import get_scenario

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
WINDOW = (1200, 2200)
"""Tall enough to show the figure below the scores, what went well, the scenario checklist and the transcript."""
RATE = 16_000


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("headless Chromium is not installed (apt-get install chromium)")


def _read_png(data: bytes) -> np.ndarray:
    import matplotlib.image as mpimg

    return mpimg.imread(io.BytesIO(data), format="png")


@pytest.fixture(scope="module")
def scenario():
    return get_scenario("lost-housing-voucher")


@pytest.fixture(scope="module")
def spoken(scenario, whisper):
    from voice_deesc.tts import synthesize_audio

    audio = synthesize_audio("Relax. I hear you, and it sounds like you're angry. What happened?", rate_wpm=140)
    return analyse(audio, scenario, whisper), audio


@pytest.mark.parametrize("freq_hz", [110.0, 220.0])
def test_series_follow_a_tone(freq_hz):
    t = np.arange(RATE) / RATE
    tone = np.concatenate([0.5 * np.sin(2 * np.pi * freq_hz * t), np.zeros(RATE // 2)]).astype(np.float32)
    series = reply_series(Audio(tone, RATE))
    voiced = series.f0_hz[np.isfinite(series.f0_hz)]
    assert abs(np.median(voiced) - freq_hz) / freq_hz < 0.02
    during = series.level_dbfs[(series.times_s > 0.2) & (series.times_s < 0.8)]
    assert np.all(np.abs(during - 20 * np.log10(0.5 / np.sqrt(2))) < 0.5)  # -9 dBFS for a 0.5 sine
    assert np.all(np.isnan(series.f0_hz[series.times_s > 1.2]))  # silence has no pitch


def test_html_is_self_contained_with_marks_and_figure(spoken, scenario):
    attempt, audio = spoken
    page = render_html(attempt, audio=audio, scenario=scenario)
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)  # no external assets
    assert "<script" not in page and "@import" not in page
    assert '<mark class="neg" title="command feelings">Relax</mark>' in page
    marks = re.findall(r"<mark[^>]*>.*?</mark>", page)
    reflection = r'<mark class="pos" title="reflection">[^<]*sounds like[^<]*</mark>'
    assert any(re.fullmatch(reflection, mark) for mark in marks), marks
    png = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', page).group(1))
    image = _read_png(png)
    assert image.shape[1] >= 1000 and image.shape[0] >= 500
    assert image[..., :3].std() > 0.05  # a drawn figure, not a blank canvas
    for section in ("What went well", "What you said", "How it sounded, over time", "To try next time"):
        assert section in page


@pytest.mark.parametrize("n_samples", [RATE * 2, 800, 0])
def test_silent_or_tiny_audio_still_renders(n_samples, scenario, whisper):
    audio = Audio(np.zeros(n_samples, dtype=np.float32), RATE)
    attempt = analyse(audio, scenario, whisper)
    page = render_html(attempt, audio=audio, scenario=scenario)
    assert "No words were heard in this reply." in page
    assert ("data:image/png" in page) == (n_samples > 0)
    assert "Delivery measures" not in page


def test_typed_reply_html_has_no_figure(scenario):
    page = render_html(analyse_text("Calm down.", scenario), scenario=scenario)
    assert "data:image/png" not in page and "Calm down" in page


def test_markdown_marks_findings_in_place(scenario):
    text = render_markdown(analyse_text("Calm down. It sounds like you're angry.", scenario), scenario=scenario)
    assert "> **Calm down** (−). **It sounds like** (+) you're angry." in text
    assert "## What went well" in text and "## To try next time" in text


@pytest.mark.slow
def test_html_opens_in_headless_chromium(spoken, scenario, tmp_path):
    chromium = _chromium()
    attempt, audio = spoken
    page = write_html(attempt, tmp_path / "report.html", audio=audio, scenario=scenario)
    shot = tmp_path / "shot.png"
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        result = subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                "--enable-logging=stderr",
                "--v=0",
                f"--user-data-dir={profile}",
                f"--screenshot={shot}",
                f"--window-size={WINDOW[0]},{WINDOW[1]}",
                page.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    page_errors = [
        line
        for line in result.stderr.splitlines()
        if "CONSOLE" in line or "Failed to load resource" in line or "ERR_FILE_NOT_FOUND" in line
    ]
    assert page_errors == []
    image = _read_png(Path(shot).read_bytes())[..., :3]
    assert image.shape[:2] == (WINDOW[1], WINDOW[0])
    background = np.array([0xF6, 0xF7, 0xF9]) / 255.0
    differs = np.abs(image - background).max(axis=2) > 0.08
    assert differs.mean() > 0.15  # cards, text and the figure cover the page
    # the figure's pitch line (#1565c0) is drawn somewhere on the page
    blue = (np.abs(image - np.array([0x15, 0x65, 0xC0]) / 255.0).max(axis=2) < 0.08).sum()
    assert blue > 200
