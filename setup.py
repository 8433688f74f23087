"""Build hook: ship the built-in scenario packs of the top-level ``audio_scenarios/`` inside the package.

Everything else about the package is declared in pyproject.toml. The packs stay where instructors find them
(``audio_scenarios/``, the single source); this maps that folder onto ``voice_deesc.builtin_scenarios`` so a wheel
carries them and an editable install resolves them in place. pyproject.toml alone cannot add a package from outside
``src/`` to the discovered ones.
"""

from setuptools import find_namespace_packages, setup

setup(
    # Namespace discovery also names the data folders (voice_deesc.data, .schema) whose files are package data.
    packages=[*find_namespace_packages("src", exclude=["*__pycache__*"]), "voice_deesc.builtin_scenarios"],
    package_dir={"": "src", "voice_deesc.builtin_scenarios": "audio_scenarios"},
)
