"""Deciding when the trainee has finished speaking, from audio blocks as they arrive.

Pure and fed block by block, so it is tested on real recordings without a microphone and used
unchanged by the live recorder in :mod:`voice_deesc.devices`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from voice_deesc.audio import MAX_DURATION_S, frame_levels_dbfs

END_SILENCE_S = 1.5
"""A 1.5 s silence after speech ends the reply. domain.md welcomes 0.5-2 s pauses after validating, so a
trainee who pauses longer on purpose can raise this with ``--end-silence``."""
NO_SPEECH_TIMEOUT_S = 10.0
"""domain.md: more than 5 s before replying is already flagged; after 10 s we stop waiting."""
MAX_REPLY_S = MAX_DURATION_S
"""domain.md: over 60 s is a monologue; recording stops where `evaluate` would stop accepting the file, so every
saved reply can be analysed again."""
SPEECH_DBFS = -45.0
"""A 30 ms block louder than this counts as speech (quiet rooms sit near -60 dBFS)."""
MIN_SPEECH_S = 0.3
"""Speech must last this long before silence can end the reply (a cough is not a reply)."""


@dataclass
class EndOfSpeech:
    """Feed blocks with :meth:`push`; it returns True once the reply is over."""

    sample_rate: int
    end_silence_s: float = END_SILENCE_S
    no_speech_timeout_s: float = NO_SPEECH_TIMEOUT_S
    max_reply_s: float = MAX_REPLY_S
    speech_dbfs: float = SPEECH_DBFS
    elapsed_s: float = 0.0
    speech_s: float = 0.0
    silence_run_s: float = 0.0
    reason: str = ""

    def push(self, block: np.ndarray) -> bool:
        """Account for one block of float samples; True when recording should stop (see ``reason``)."""
        duration = len(block) / float(self.sample_rate)
        self.elapsed_s += duration
        flat = np.ravel(block)  # one level for the whole block, all channels together
        loud = bool(flat.size) and float(frame_levels_dbfs(flat, frame_length=flat.size)[0]) > self.speech_dbfs
        if loud:
            self.speech_s += duration
            self.silence_run_s = 0.0
        else:
            self.silence_run_s += duration
        if self.speech_s >= MIN_SPEECH_S and self.silence_run_s >= self.end_silence_s:
            self.reason = "finished"
        elif self.speech_s < MIN_SPEECH_S and self.elapsed_s >= self.no_speech_timeout_s:
            self.reason = "no speech"
        elif self.elapsed_s >= self.max_reply_s:
            self.reason = "time limit"
        return bool(self.reason)
