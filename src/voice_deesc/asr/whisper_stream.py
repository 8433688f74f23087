"""Whisper recognising a reply while it is spoken: stretches of speech decoded in the background.

Finished stretches of speech (ended by a pause) are decoded on a background thread while the trainee goes on,
and speech followed by a pause is decoded before anyone knows whether the reply is over (a probe), so when the
trainee stops there is usually nothing left to decode, and the end-of-speech decision can read how the reply
ends (:class:`voice_deesc.asr.base.PartialText`).
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np

from voice_deesc.asr.base import ChunkConverter, PartialText, Transcript, Word
from voice_deesc.audio import SAMPLE_RATE_HZ, frame_levels_dbfs

if TYPE_CHECKING:
    from voice_deesc.asr.whisper import WhisperTranscriber

FRAME_S = 0.03
"""Level frames for finding pauses while streaming."""
PAUSE_TO_CUT_S = 0.45
"""A silence this long ends a streamed segment. Measured on the 20 s demo reply: 0.3 s pauses with 2 s
segments cut the decoding left after the end of speech from ~1.5 s to ~1.2 s, but the lost context turned
"scared about tonight" into "cared about to die"; a live reply ends in silence, so the last stretch is
usually cut and decoding before the recorder even stops."""
PROBE_PAUSE_S = PAUSE_TO_CUT_S
"""A silence this long after speech not yet cut decodes it without cutting it (a probe). Measured: probing at
0.3 s pauses had the words 0.15 s sooner, but every 0.3-0.45 s pause inside a reply cost a whole Whisper call
(a 30 s window however short the audio), which a busy machine cannot spare."""
MIN_SEGMENT_S = 3.0
"""Segments shorter than this are not cut off: Whisper hears words better with some context."""
MAX_SEGMENT_S = 8.0
"""Speech without a ``PAUSE_TO_CUT_S`` pause is cut at its quietest short stretch once this much has built up, so
the decoder works while the trainee goes on. Fluent read or rushed speech may have no such pause for 20 s: with a
20 s limit, ~17 s of three LJ Speech clips was left to decode after the last word (scripts/bench_turns.py),
missing the 1.0 s budget from the end-of-speech decision to the note. At 8 s at most 8 s of audio is left at the
end, and each stretch still has 3-8 s of context (``MIN_SEGMENT_S``): shorter stretches cost a whole Whisper
window each and give it less to go on. Measured on the real clips of ../shared/data/asr read on as 36 replies of
~24 s (decoder kept up): streamed WER 4.4 % against 4.1 % with the 20 s limit, 3.8 % decoding each reply whole."""
QUIET_STRETCH_S = 0.15
"""A cut without a pause goes in the middle of the quietest stretch this long (least mean power over its frames):
the gaps between words and phrases of fluent speech last 0.1-0.3 s, while a single quiet frame may be the closure
of a stop consonant inside a word, and a word cut in two is misheard on both sides. On 12 of the same replies,
0.3 s stretches made 31 errors against 27."""
MAX_BATCH_S = 28.0
"""Stretches waiting for the decoder are merged up to this length: one 30 s window per Whisper call."""
SPEECH_FLOOR_DBFS = -50.0
"""Frames below this are silence whatever the speaker's level (same floor as ``audio.SILENCE_DBFS``)."""
PAUSE_BELOW_PEAK_DB = 25.0
"""Frames this far under the loudest frame heard so far count as pause (room noise, breath)."""


class WhisperStream:
    """Decodes each finished stretch of speech in the background while the reply goes on.

    A stretch ends at a pause of ``PAUSE_TO_CUT_S`` once it holds at least ``MIN_SEGMENT_S`` of audio, or, when
    the trainee talks on without one, in its quietest ``QUIET_STRETCH_S`` once it reaches ``MAX_SEGMENT_S``: so
    after the last word at most that much is left to decode. Stretches without any frame above the speech floor
    are not decoded at all, so silence cannot turn into invented words.

    Every Whisper call encodes a full 30 s window however short its audio, so when the decoder falls
    behind (a slow or busy machine) the stretches waiting for it are merged into one call of up to
    ``MAX_BATCH_S``: the backlog costs one window instead of one per stretch, and the delay after the
    trainee stops stays near the whole-file decoding time at worst, and near the last stretch's at best.

    Speech too short to cut (under ``MIN_SEGMENT_S``) that is followed by a ``PROBE_PAUSE_S`` silence is decoded
    anyway as a *probe*, without cutting it: if the reply ends there, ``finish`` (or the cut that follows) uses the
    probe and has nothing left to decode, and the end-of-speech decision can already read how the reply ends
    (:class:`PartialText`); if the trainee goes on, the probe is dropped and the stretch keeps its context.
    """

    def __init__(self, transcriber: WhisperTranscriber, *, sample_rate_hz: int, prompt: str | None) -> None:
        self._transcriber = transcriber
        self._prompt = prompt
        self.decoder_keeps_up = False
        """Set by a recorded reply's clock: each step waits for the decoder, so what is cut and probed (and so the
        transcript) depends only on the audio, never on how fast this machine decoded the stretch before."""
        self._converter = ChunkConverter(sample_rate_hz)
        self._pending: list[np.ndarray] = []
        self._pending_start = 0
        """Absolute 16 kHz sample index where the audio not yet cut into a stretch starts."""
        self._pending_len = 0
        self._peak_dbfs = SPEECH_FLOOR_DBFS
        self._ready: list[tuple[int, np.ndarray]] = []
        """Stretches (start sample, samples) cut but not yet taken by the decoder thread."""
        self._ready_lock = threading.Lock()
        self._futures: list[Future[list[Word]]] = []
        self._decoded_stretches = 0
        self._cuts: list[int] = []
        """Absolute 16 kHz sample index where each stretch handed to the decoder (or taken from a probe) ends."""
        self._decoder_calls = 0
        """Whisper calls made (fewer than stretches when a backlog was merged); written by the decoder thread."""
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="whisper-stream")
        self._finished = False
        self._probe: tuple[int, Future[list[Word]]] | None = None
        """(pending samples it covers, its decode) for the uncut stretch, while no speech followed it."""
        self._probes = 0
        self._submitted_samples = 0
        self._decoded_samples = 0
        """Samples handed to / finished by the decoder thread (the thread adds to the latter)."""

    def feed(self, samples: np.ndarray) -> PartialText:
        """Add a chunk; returns the text already decoded and whether it covers all the speech fed (:meth:`heard`)."""
        if self._finished:
            raise RuntimeError("this stream is finished; start a new one for the next reply")
        chunk = self._converter.convert(samples)
        if chunk.size:
            self._pending.append(chunk)
            self._pending_len += chunk.size
            self._cut_finished_speech()
            if self.decoder_keeps_up:
                self.wait_until_decoded()  # else a probe is skipped or made depending on the decoder's speed
            self._probe_paused_speech()
            if self.decoder_keeps_up:
                self.wait_until_decoded()
        return self.heard()

    def heard(self) -> PartialText:
        """The text decoded so far, with whether it covers every stretch of speech fed so far."""
        futures_done = all(future.done() for future in self._futures)
        speech_end = self._pending_speech_end()
        if speech_end == 0:
            return PartialText(self.partial_text, caught_up=futures_done)
        probe = self._probe
        if probe is None or not (futures_done and probe[1].done() and probe[0] >= speech_end):
            return PartialText(self.partial_text, caught_up=False)
        probe_words = [] if probe[1].exception() is not None else probe[1].result()
        text = " ".join(part for part in (self.partial_text, *(w.text for w in probe_words)) if part)
        return PartialText(text, caught_up=True)

    def wait_until_decoded(self, timeout_s: float | None = None) -> None:
        """Block until everything handed to the decoder so far is decoded (a simulated clock's "decoder kept up")."""
        from concurrent.futures import wait

        in_flight = [*self._futures, *([self._probe[1]] if self._probe is not None else [])]
        wait(in_flight, timeout=timeout_s)

    @property
    def cuts_s(self) -> tuple[float, ...]:
        """Where each stretch handed to the decoder so far ends, in seconds of the reply."""
        return tuple(cut / SAMPLE_RATE_HZ for cut in self._cuts)

    @property
    def pending_s(self) -> float:
        """Seconds of audio fed but not yet handed to the decoder: what is left to decode if the reply ends now."""
        return self._pending_len / SAMPLE_RATE_HZ

    @property
    def partial_text(self) -> str:
        """Text of the leading stretches whose decoding is done."""
        parts: list[str] = []
        for future in self._futures:
            if not future.done() or future.exception() is not None:
                break
            parts.extend(w.text for w in future.result())
        return " ".join(parts)

    def finish(self) -> Transcript:
        """Decode the last stretch and return the whole reply; times count from the first fed sample."""
        if self._finished:
            raise RuntimeError("finish() was already called on this stream")
        self._finished = True
        tail = self._converter.convert(np.zeros(0, np.float32), last=True)
        if tail.size:
            self._pending.append(tail)
            self._pending_len += tail.size
        left_samples = self._submitted_samples - self._decoded_samples
        before = self._submitted_samples
        self._cut(self._pending_len)
        left_samples += self._submitted_samples - before
        try:
            words = [w for future in self._futures for w in future.result()]
        finally:
            self._executor.shutdown(wait=True)
        extras = {
            "prompt": self._prompt or "",
            "streamed": True,
            "segments": self._decoded_stretches,
            "decoder_calls": self._decoder_calls,
            "probes": self._probes,
            "cuts_s": [round(cut, 3) for cut in self.cuts_s],
            "undecoded_at_finish_s": round(max(left_samples, 0) / SAMPLE_RATE_HZ, 3),
        }
        return self._transcriber._transcript(words, extras)

    def _cut_finished_speech(self) -> None:
        frame = int(FRAME_S * SAMPLE_RATE_HZ)
        while self._pending_len >= int(MIN_SEGMENT_S * SAMPLE_RATE_HZ) + int(PAUSE_TO_CUT_S * SAMPLE_RATE_HZ):
            levels = frame_levels_dbfs(np.concatenate(self._pending), frame_length=frame)
            self._peak_dbfs = max(self._peak_dbfs, float(levels.max()))
            quiet = levels < max(SPEECH_FLOOR_DBFS, self._peak_dbfs - PAUSE_BELOW_PEAK_DB)
            cut_frame = _pause_cut(quiet, first=int(MIN_SEGMENT_S / FRAME_S), run=round(PAUSE_TO_CUT_S / FRAME_S))
            if cut_frame is None and self._pending_len >= int(MAX_SEGMENT_S * SAMPLE_RATE_HZ):
                cut_frame = _quietest_stretch(
                    levels,
                    first=int(MIN_SEGMENT_S / FRAME_S),
                    stop=int(MAX_SEGMENT_S / FRAME_S),
                    run=round(QUIET_STRETCH_S / FRAME_S),
                )
            if cut_frame is None:
                return
            self._cut(cut_frame * frame)

    def _cut(self, n_samples: int) -> None:
        """Hand the first ``n_samples`` of pending audio to the decoder thread (dropped if it is silence)."""
        if n_samples <= 0:
            return
        pending = np.concatenate(self._pending) if self._pending else np.zeros(0, np.float32)
        stretch, rest = pending[:n_samples], pending[n_samples:]
        probe, self._probe = self._probe, None
        if probe is not None and not self._pending_speech_end(min(probe[0], n_samples), max(probe[0], n_samples)):
            # The probe already decoded this stretch and nothing but quiet differs: use it, decode nothing again.
            self._decoded_stretches += 1
            self._cuts.append(self._pending_start + n_samples)
            self._futures.append(probe[1])
        elif (
            stretch.size
            and frame_levels_dbfs(stretch, frame_length=int(FRAME_S * SAMPLE_RATE_HZ)).max() >= SPEECH_FLOOR_DBFS
        ):
            with self._ready_lock:
                self._ready.append((self._pending_start, stretch))
            self._decoded_stretches += 1
            self._cuts.append(self._pending_start + stretch.size)
            self._submitted_samples += stretch.size
            self._futures.append(self._executor.submit(self._decode_ready))
        self._pending = [rest] if rest.size else []
        self._pending_start += stretch.size
        self._pending_len = rest.size

    def _decode_ready(self) -> list[Word]:
        """Runs on the decoder thread: take every waiting stretch, merge neighbours, decode."""
        with self._ready_lock:
            batch, self._ready = self._ready, []
        words: list[Word] = []
        for start, samples in _merge_adjacent(batch, max_samples=int(MAX_BATCH_S * SAMPLE_RATE_HZ)):
            words.extend(self._decode_at(start, samples))
        return words

    def _decode_at(self, start: int, samples: np.ndarray) -> list[Word]:
        """Words of ``samples``, which start at sample ``start`` of the reply (runs on the decoder thread)."""
        self._decoder_calls += 1
        words = self._transcriber.decode(samples, prompt=self._prompt, offset_s=start / SAMPLE_RATE_HZ)
        self._decoded_samples += samples.size
        return words

    def _probe_paused_speech(self) -> None:
        """Decode the uncut stretch once a pause follows its speech, unless a probe already covers that speech."""
        speech_end = self._pending_speech_end()
        if self._probe is not None and self._probe[0] >= speech_end:
            return
        if self._probe is not None:  # speech went on past the old probe: its words are out of date
            if self._probe[1].cancel():
                self._submitted_samples -= self._probe[0]
            self._probe = None
        if speech_end == 0 or self._pending_len - speech_end < int(PROBE_PAUSE_S * SAMPLE_RATE_HZ):
            return
        if not all(future.done() for future in self._futures):
            return  # the decoder is busy: a probe would only wait behind it; try again at the next chunk
        samples = np.concatenate(self._pending)
        self._pending = [samples]
        self._probes += 1
        self._submitted_samples += samples.size
        self._probe = (
            samples.size,
            self._executor.submit(self._decode_at, self._pending_start, samples),
        )

    def _pending_speech_end(self, start: int = 0, stop: int | None = None) -> int:
        """Samples into the pending audio where the last speech frame in ``[start, stop)`` ends (0: only quiet)."""
        stop = self._pending_len if stop is None else min(stop, self._pending_len)
        frame = int(FRAME_S * SAMPLE_RATE_HZ)
        start -= start % frame
        if stop <= start:
            return 0
        levels = frame_levels_dbfs(np.concatenate(self._pending)[start:stop], frame_length=frame)
        self._peak_dbfs = max(self._peak_dbfs, float(levels.max()))
        loud = np.flatnonzero(levels >= max(SPEECH_FLOOR_DBFS, self._peak_dbfs - PAUSE_BELOW_PEAK_DB))
        return 0 if loud.size == 0 else min(start + (int(loud[-1]) + 1) * frame, stop)


def _merge_adjacent(stretches: list[tuple[int, np.ndarray]], *, max_samples: int) -> list[tuple[int, np.ndarray]]:
    """Join stretches that follow each other without a gap, up to ``max_samples`` per join."""
    merged: list[tuple[int, list[np.ndarray], int]] = []
    for start, samples in stretches:
        if merged:
            m_start, parts, m_len = merged[-1]
            if m_start + m_len == start and m_len + samples.size <= max_samples:
                parts.append(samples)
                merged[-1] = (m_start, parts, m_len + samples.size)
                continue
        merged.append((start, [samples], samples.size))
    return [(start, np.concatenate(parts)) for start, parts, _ in merged]


def _pause_cut(quiet: np.ndarray, *, first: int, run: int) -> int | None:
    """Frame index in the middle of the first run of ``run`` quiet frames that ends at or after ``first``."""
    count = 0
    for i, is_quiet in enumerate(quiet):
        count = count + 1 if is_quiet else 0
        if count >= run and i + 1 >= first:
            return i + 1 - run // 2
    return None


def _quietest_stretch(levels_dbfs: np.ndarray, *, first: int, stop: int, run: int) -> int:
    """Frame index in the middle of the ``run`` frames within ``[first, stop)`` of least mean power."""
    power = 10.0 ** (levels_dbfs[first:stop] / 10.0)
    run = max(1, min(run, power.size))
    sums = np.convolve(power, np.ones(run), mode="valid")  # sums[i]: frames first + i ... first + i + run - 1
    return first + int(np.argmin(sums)) + run // 2
