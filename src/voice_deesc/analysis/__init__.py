"""Pure analyses of a reply: how it sounded (delivery) and what it said (wording)."""
