"""A tiny, synthetic Kaldi model that the real Vosk library loads: tests the Vosk code path in CI.

It is NOT speech recognition. Its "acoustic model" is a hand-set linear map from 13 MFCCs to three
states (silence, "yes", "no"): quiet frames score as silence, louder frames as "yes" or "no" depending
on the sign of the second cepstral coefficient. So it recognises *that* someone spoke and *when*, never
*what*: never measure English accuracy with it.

Format (what Vosk reads): ``am/final.mdl`` in Kaldi text format (a TransitionModel with one HMM state
per phone plus a one-layer nnet3), ``conf/model.conf`` and ``conf/mfcc.conf``, ``graph/words.txt``,
``graph/phones/word_boundary.int`` (so word times come from lattice alignment) and ``graph/HCLG.fst``
as a binary OpenFst "vector" FST over transition ids.
"""

from __future__ import annotations

import math
import struct
from pathlib import Path

WORDS = ("yes", "no")
PHONES = ("SIL", "Y", "N")
"""Phone ids 1..3; phone i has one emitting state with pdf i - 1."""
FEATURE_DIM = 13
SILENCE_BIAS = 60.0
"""Silence score = SILENCE_BIAS - c0: frames quieter than that log-energy are silence."""
CEPSTRUM_WEIGHT = 0.1
WORD_PENALTY = 20.0
"""Tropical cost of starting a word: keeps the toy from inventing words in noise."""
SELF_LOOP_COST = -math.log(0.5)

_FST_MAGIC = 2125659606
_FST_PROPERTIES = 0x3  # kExpanded | kMutable: claim nothing we have not checked


def _transition_model() -> str:
    phones = " ".join(str(i) for i in range(1, len(PHONES) + 1))
    topology = (
        f"<Topology>\n<TopologyEntry>\n<ForPhones>\n{phones}\n</ForPhones>\n"
        "<State> 0 <PdfClass> 0 <Transition> 0 0.5 <Transition> 1 0.5 </State>\n"
        "<State> 1 </State>\n</TopologyEntry>\n</Topology>\n"
    )
    triples = f"<Triples> {len(PHONES)}\n" + "".join(f"{p} 0 {p - 1}\n" for p in range(1, len(PHONES) + 1))
    # transition ids: phone p has self-loop 2p-1 and forward 2p; log-probs start with a dummy for id 0
    log_probs = " ".join(["0"] + [f"{-SELF_LOOP_COST:.7f}"] * (2 * len(PHONES)))
    return (
        "<TransitionModel> \n" + topology + triples + "</Triples>\n"
        f"<LogProbs>\n [ {log_probs} ]\n</LogProbs>\n</TransitionModel> \n"
    )


def _nnet() -> str:
    rows = [
        [-1.0] + [0.0] * (FEATURE_DIM - 1),  # silence: low energy
        [0.0, CEPSTRUM_WEIGHT] + [0.0] * (FEATURE_DIM - 2),  # "yes": c1 > 0
        [0.0, -CEPSTRUM_WEIGHT] + [0.0] * (FEATURE_DIM - 2),  # "no": c1 < 0
    ]
    matrix = " [\n" + "\n".join("  " + " ".join(str(v) for v in row) for row in rows) + " ]\n"
    bias = f" [ {SILENCE_BIAS} 0.0 0.0 ]\n"
    return (
        f"<Nnet3> \ninput-node name=input dim={FEATURE_DIM}\n"
        "component-node name=affine component=affine input=input\n"
        "output-node name=output input=affine objective=linear\n\n"
        "<NumComponents> 1 \n"
        f"<ComponentName> affine <FixedAffineComponent> <LinearParams>{matrix}<BiasParams>{bias}"
        "</FixedAffineComponent> \n</Nnet3> \n<LeftContext> 0 <RightContext> 0 <Priors> [ ]\n"
    )


def _fst_string(text: str) -> bytes:
    data = text.encode()
    return struct.pack("<i", len(data)) + data


def _hclg() -> bytes:
    """State 0 is start and final; from it, silence or one word (input = transition id, output = word id)."""
    arcs: list[list[tuple[int, int, float, int]]] = [[] for _ in range(len(PHONES) + 1)]
    for phone in range(1, len(PHONES) + 1):
        word = phone - 1  # SIL outputs epsilon (0), Y outputs 1 "yes", N outputs 2 "no"
        entry_cost = SELF_LOOP_COST + (WORD_PENALTY if word else 0.0)
        arcs[0].append((2 * phone, word, entry_cost, phone))  # enter the phone through its forward transition
        arcs[phone].append((2 * phone - 1, 0, SELF_LOOP_COST, phone))  # stay
        arcs[phone].append((0, 0, 0.0, 0))  # back to the hub
    header = (
        struct.pack("<i", _FST_MAGIC)
        + _fst_string("vector")
        + _fst_string("standard")
        + struct.pack("<iiQ", 2, 0, _FST_PROPERTIES)  # version, flags, properties
        + struct.pack("<qqq", 0, len(arcs), sum(len(a) for a in arcs))  # start, states, arcs
    )
    body = b""
    for state, state_arcs in enumerate(arcs):
        final_weight = 0.0 if state == 0 else math.inf
        body += struct.pack("<fq", final_weight, len(state_arcs))
        for ilabel, olabel, weight, next_state in state_arcs:
            body += struct.pack("<iifi", ilabel, olabel, weight, next_state)
    return header + body


def write_toy_model(folder: Path) -> Path:
    """Write the toy model into ``folder`` (created) and return it."""
    folder = Path(folder)
    for sub in ("am", "conf", "graph/phones"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "am/final.mdl").write_text(_transition_model() + _nnet())
    (folder / "conf/mfcc.conf").write_text("--sample-frequency=16000\n--use-energy=false\n")
    (folder / "conf/model.conf").write_text(
        "--min-active=200\n--max-active=3000\n--beam=10.0\n--lattice-beam=2.0\n--acoustic-scale=1.0\n"
        "--frame-subsampling-factor=3\n--endpoint.silence-phones=1\n"
        "--endpoint.rule2.min-trailing-silence=0.5\n--endpoint.rule3.min-trailing-silence=0.75\n"
        "--endpoint.rule4.min-trailing-silence=1.0\n"
    )
    (folder / "graph/words.txt").write_text("<eps> 0\n" + "".join(f"{w} {i}\n" for i, w in enumerate(WORDS, 1)))
    (folder / "graph/phones.txt").write_text("<eps> 0\n" + "".join(f"{p} {i}\n" for i, p in enumerate(PHONES, 1)))
    (folder / "graph/phones/word_boundary.int").write_text(
        "".join(f"{i} {'nonword' if p == 'SIL' else 'singleton'}\n" for i, p in enumerate(PHONES, 1))
    )
    (folder / "graph/HCLG.fst").write_bytes(_hclg())
    return folder
