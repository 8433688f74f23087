"""One root for every error a user can cause or fix, so the CLI can print one line instead of a traceback.

Each message names the input, the rule it broke and what to do next.
"""

from __future__ import annotations


class VoiceDeescError(Exception):
    """Root of all errors the app reports to a person; the CLI prints ``str(error)`` and exits 1."""

    exit_code: int = 1


class AudioError(VoiceDeescError):
    """An audio file or buffer that cannot be analysed (missing, empty, not audio, silent, too long)."""


class ModelError(VoiceDeescError):
    """A speech model that is missing, corrupt, or does not match its pinned checksum."""


class ScenarioError(VoiceDeescError):
    """A scenario pack that is missing or malformed."""


class DeviceError(VoiceDeescError):
    """No microphone or speaker, or the sound system refused to open a stream."""


class StorageError(VoiceDeescError):
    """The history database or a data file could not be read or written."""


class UsageError(VoiceDeescError):
    """Options that do not fit together; exits 2 like argparse's own usage errors."""

    exit_code = 2
