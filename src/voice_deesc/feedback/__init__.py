"""Turning an Attempt into feedback: scores and advice, written and spoken."""
