"""Laying one Attempt out for people: terminal, Markdown, HTML with a figure, and the hand-off to each."""
