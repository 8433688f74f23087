#!/usr/bin/env bash
# Regenerate the demo's bundled recordings with espeak-ng (voice en-us, 140 words/min) and sox.
# They stand in for a trainee's recorded reply and neutral reading until a consenting human recording
# replaces them; both are synthetic, so no licence or privacy question arises.
set -euo pipefail
cd "$(dirname "$0")/../src/voice_deesc/data"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
say() {  # say TEXT OUT.wav
  espeak-ng -v en-us -s 140 -w "$tmp/raw.wav" "$1"
  sox -D "$tmp/raw.wav" -r 16000 -c 1 -b 16 "$2"  # -D: no dither, so the output is reproducible
}
say "It sounds like you did everything they asked for eleven months, and now the voucher is gone. That would make anyone angry, and scared about tonight. I am here, and I am listening. You need to calm down a little so we can sort this out. What happened when you called the housing office?" demo_reply.wav
# The opening of the Rainbow Passage (Fairbanks 1960), the usual neutral reading in speech science.
# Its words go beside it (demo_baseline.txt), as `baseline record` keeps them: the rate is then compared by syllables.
passage="When the sunlight strikes raindrops in the air, they act as a prism and form a rainbow. The rainbow is a division of white light into many beautiful colors. These take the shape of a long round arch, with its path high above, and its two ends apparently beyond the horizon."
say "$passage" demo_baseline.wav
printf '%s\n' "$passage" > demo_baseline.txt
echo "wrote $(pwd)/demo_reply.wav, demo_baseline.wav and the passage's words, demo_baseline.txt"
