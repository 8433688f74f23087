"""The built-in scenario packs, installed as the package ``voice_deesc.builtin_scenarios`` (see setup.py).

This file only marks the folder as a package so both a wheel and an editable install can find the packs through
``importlib.resources``; the packs themselves are the ``<id>/scenario.toml`` folders beside it.
"""
