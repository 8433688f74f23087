"""Scenario packs: the model of a practice situation, loading and checking packs, sharing them."""
