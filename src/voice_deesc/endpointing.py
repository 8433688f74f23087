"""Deciding when the trainee has finished speaking, from audio blocks as they arrive.

Two signals, both heard while the trainee talks:

- **where the voice stops**: the Silero voice-activity detector (:class:`voice_deesc.speech.VoiceActivity`),
  so room noise, a fan or breath never counts as speech and a quiet microphone still does;
- **how the reply ends**: the recognition stream's text so far (:class:`voice_deesc.asr.base.PartialText`).
  A finished sentence ends the reply after a short silence (``SENTENCE_END_SILENCE_S``); a text that stops
  mid-clause or on a filler ("... and", "um") waits longer (``MID_THOUGHT_SILENCE_S``), so a trainee who pauses
  to think is not cut off. While the decoder has not yet heard the last words, the plain ``end_silence_s`` wait
  applies, as it does when no text is given.

Pure apart from the detector model, and fed block by block, so it is tested on real recordings without a
microphone and used unchanged by the live recorder in :mod:`voice_deesc.devices` and the recorded replies of
:mod:`voice_deesc.session`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from voice_deesc.asr.base import ChunkConverter, PartialText
from voice_deesc.audio import MAX_DURATION_S
from voice_deesc.textenum import TextEnum

END_SILENCE_S = 1.5
"""The wait when the recogniser cannot tell how the reply ends (no text yet, or the decoder is behind).
``--end-silence`` sets this, and the other two waits scale with it: a trainee who pauses longer on purpose raises
all three."""
SENTENCE_END_SILENCE_S = 1.0
"""The wait after a finished sentence. The decoder hears the last stretch once a 0.45 s pause follows it
(``asr.whisper_stream.PAUSE_TO_CUT_S``), so its text is there well before this. Shorter waits end the turn
sooner but cut off more of the 0.5-2 s pauses domain.md welcomes between sentences; 1.0 s keeps the last word to
the note near 1.5 s on an idle machine (scripts/bench_turns.py), inside the 2.0 s budget."""
MID_THOUGHT_SILENCE_S = 2.5
"""The wait when the text stops mid-clause or on a filler: longer than the 0.5-2 s pauses domain.md welcomes."""
NO_SPEECH_TIMEOUT_S = 10.0
"""domain.md: more than 5 s before replying is already flagged; after 10 s we stop waiting."""
MAX_REPLY_S = MAX_DURATION_S
"""domain.md: over 60 s is a monologue; recording stops where `evaluate` would stop accepting the file, so every
saved reply can be analysed again."""
MIN_SPEECH_S = 0.3
"""Speech must last this long before silence can end the reply (a cough is not a reply)."""
VOICE_ON = 0.5
"""Silero's speech probability that starts speech (its own default threshold)."""
VOICE_HOLD = 0.35
"""Once speaking, windows down to this still count as speech (Silero's ``neg_threshold``: threshold - 0.15)."""

GOING_ON_WORDS = frozenset(
    {
        *("and", "but", "or", "because", "cause", "cuz", "if", "when", "while", "which", "whether", "although"),
        *("unless", "than", "the", "a", "an", "my", "your", "our", "their", "of"),
        *("um", "uh", "uhm", "umm", "er", "erm", "hmm", "mm"),
    }
)
"""A reply whose text ends on one of these has not ended, whatever the punctuation the recogniser added. Only
words that almost never end an English sentence: "I hear you.", "I think so.", "if you want to." and "what you're
worried about." are finished sentences."""
_LAST_WORD = re.compile(r"([A-Za-z']+)\W*$")


class Ending(TextEnum):
    """How the text recognised so far ends."""

    SENTENCE = "sentence"
    """A full stop, question or exclamation mark after a word that can end a sentence."""
    GOING_ON = "going on"
    """A comma, dash or ellipsis, or a conjunction, article, preposition or filler."""
    UNKNOWN = "unknown"
    """No text, or no punctuation to go by."""


def text_ending(text: str) -> Ending:
    """Whether ``text`` (a recogniser's partial transcript) reads as a finished sentence.

    >>> text_ending("It sounds like you're scared about tonight."), text_ending("I hear you, and")
    (<Ending.SENTENCE: 'sentence'>, <Ending.GOING_ON: 'going on'>)
    """
    stripped = text.strip()
    if not stripped:
        return Ending.UNKNOWN
    last = _LAST_WORD.search(stripped)
    if last is not None and last.group(1).lower().strip("'") in GOING_ON_WORDS:
        return Ending.GOING_ON
    if stripped.endswith(("...", "…", ",", "-", "—", ";", ":")):
        return Ending.GOING_ON
    if stripped.endswith((".", "?", "!")):
        return Ending.SENTENCE
    return Ending.UNKNOWN


@dataclass
class EndOfSpeech:
    """Feed blocks with :meth:`push`; it returns True once the reply is over (see ``reason``).

    Parameters
    ----------
    sample_rate : int
        Rate of the blocks; the detector hears a 16 kHz copy.
    end_silence_s : float > 0
        The wait when the recogniser cannot tell how the reply ends (and with no text at all). The waits after a
        finished sentence and mid-thought scale with it (``end_silence_s / END_SILENCE_S``).
    """

    sample_rate: int
    end_silence_s: float = END_SILENCE_S
    sentence_end_silence_s: float = SENTENCE_END_SILENCE_S
    mid_thought_silence_s: float = MID_THOUGHT_SILENCE_S
    no_speech_timeout_s: float = NO_SPEECH_TIMEOUT_S
    max_reply_s: float = MAX_REPLY_S
    elapsed_s: float = 0.0
    speech_s: float = 0.0
    """Seconds the detector heard as speech so far."""
    silence_run_s: float = 0.0
    """Seconds since the detector last heard speech."""
    ending: Ending = Ending.UNKNOWN
    """How the recognised text ends, as last read in the current silence (``UNKNOWN`` until the decoder has
    heard the words before it; back to ``UNKNOWN`` when the detector hears speech again)."""
    reason: str = ""
    _speaking: bool = field(default=False, repr=False)

    def __post_init__(self) -> None:
        from voice_deesc.speech import VAD_WINDOW, VoiceActivity

        self._converter = ChunkConverter(self.sample_rate)
        self._voice = VoiceActivity()
        self._window_s = VAD_WINDOW / 16_000

    def push(self, block: np.ndarray, heard: object = None) -> bool:
        """Account for one block; True when recording should stop (see ``reason``).

        ``heard`` is what the recognition stream's ``feed`` returned for this block: with a
        :class:`~voice_deesc.asr.base.PartialText` that has caught up, how the text ends sets the wait.
        """
        self.elapsed_s += len(block) / float(self.sample_rate)
        for probability in self._voice.push(self._converter.convert(np.asarray(block, np.float32))):
            self._speaking = bool(probability >= (VOICE_HOLD if self._speaking else VOICE_ON))
            if self._speaking:
                self.speech_s += self._window_s
                self.silence_run_s = 0.0
            else:
                self.silence_run_s += self._window_s
        if self._speaking or not isinstance(heard, PartialText):
            self.ending = Ending.UNKNOWN  # new words, or an engine that cannot tell: the old text says nothing
        elif heard.caught_up:
            self.ending = text_ending(heard)
        # else: the decoder is behind on a sound the detector does not call speech (a breath, the next word's
        # first syllable): the ending read in this silence still holds.
        if self.speech_s >= MIN_SPEECH_S and not self._speaking and self.silence_run_s >= self.wait_s:
            self.reason = "finished"
        elif self.speech_s < MIN_SPEECH_S and self.elapsed_s >= self.no_speech_timeout_s:
            self.reason = "no speech"
        elif self.elapsed_s >= self.max_reply_s:
            self.reason = "time limit"
        return bool(self.reason)

    @property
    def wait_s(self) -> float:
        """The silence that ends the reply now, given how the recognised text ends."""
        scale = self.end_silence_s / END_SILENCE_S
        if self.ending is Ending.SENTENCE:
            return self.sentence_end_silence_s * scale
        if self.ending is Ending.GOING_ON:
            return self.mid_thought_silence_s * scale
        return self.end_silence_s
