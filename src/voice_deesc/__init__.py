"""voice-deesc: practise verbal de-escalation out loud and get feedback on calm, non-judgmental replies.

The front door stays light (no numpy, no models) so that ``voice-deesc --help`` is instant; the
pipeline and engines are imported where they are used.
"""

__version__ = "0.1.0"

ATTEMPT_SCHEMA = "voice-deesc.attempt/2"
"""The JSON form of an Attempt; schema/attempt.schema.json (schema/attempt-1.schema.json: the flat version 1)."""

__all__ = ["ATTEMPT_SCHEMA", "__version__"]
