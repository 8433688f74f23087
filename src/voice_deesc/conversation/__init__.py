"""Multi-turn practice: a scenario's conversation, how the client reacts to each reply, and what a session produced."""
