"""How a reply sounded: pauses, rate, loudness, vocal effort and pitch, and the calm score built on them."""
