"""Scenario packs: the built-ins are complete and well written; malformed packs fail with file, field and fix."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from voice_deesc.asr.base import Transcript
from voice_deesc.errors import ScenarioError
from voice_deesc.scenarios.load import builtin_dir, get_scenario, list_scenarios, validate_tree
from voice_deesc.scenarios.model import DIFFICULTY_RANGE, DOMAIN_THEMES, SAFETY_QUESTION, THEMES, Scenario
from voice_deesc.scenarios.parse import load_scenario
from voice_deesc.scenarios.review import FLAG_CATEGORIES, review_scenario
from voice_deesc.wording.analyse import analyse_wording

BUILTIN_IDS = sorted(f.parent.name for f in builtin_dir().glob("*/scenario.toml"))
"""Found without loading, so one broken pack fails its own tests instead of the whole file's collection."""
CREDIT_CATEGORIES = {"reflection", "validation", "open_question", "collaboration", "choice_autonomy", "presence"}
CREDIT_CATEGORIES |= {"apology"}
LABELS = re.compile(r"\b(?:addicts?|junkies?|crazy|manipulative|abusers?|dirty|clean)\b", re.IGNORECASE)


# --- the built-in packs -------------------------------------------------------------------------------------------


def test_every_builtin_pack_validates():
    results = validate_tree(builtin_dir())
    assert [(f.parent.name, e) for f, e in results if e] == []
    assert len(results) >= 14


@pytest.fixture(scope="module")
def builtin() -> list[Scenario]:
    return list_scenarios()


def test_builtin_ids_are_unique_and_match_their_folders(builtin):
    assert len(set(BUILTIN_IDS)) == len(BUILTIN_IDS)
    for s in builtin:
        assert s.source is not None and s.source.parent.name == s.id


def test_builtins_cover_every_domain_theme(builtin):
    themes = {s.theme for s in builtin}
    assert set(DOMAIN_THEMES) - themes == set()
    assert themes <= set(THEMES)


def test_difficulties_span_every_level_with_several_each(builtin):
    counts = Counter(s.difficulty for s in builtin)
    low, high = DIFFICULTY_RANGE
    assert {level: counts[level] >= 2 for level in range(low, high + 1)} == dict.fromkeys(range(low, high + 1), True)


def test_demo_pack_is_kept():
    voucher = get_scenario("lost-housing-voucher")
    assert voucher.difficulty == 3 and "voucher" in voucher.key_content


def test_at_least_two_safety_critical_packs_ask_directly_and_stay(builtin):
    safety = [s for s in builtin if s.safety_critical]
    assert len(safety) >= 2
    for s in safety:
        assert s.theme == "suicidal-hints"
        goals = " ".join(s.goals).lower()
        assert "ask" in goals and re.search(r"suicid|kill", goals), s.id
        assert re.search(r"\bstay|protocol", goals), s.id
        question = next(q for q in re.split(r"(?<=[.!?])\s+", s.model_reply) if SAFETY_QUESTION.search(q))
        assert question.endswith("?"), s.id


@pytest.mark.parametrize("scenario_id", BUILTIN_IDS)
def test_builtin_pack_needs_no_advice(scenario_id):
    """Spoken-length statement, no digits or abbreviations for TTS, key content from the statement, clean reply."""
    assert review_scenario(get_scenario(scenario_id)) == []


@pytest.mark.parametrize("scenario_id", BUILTIN_IDS)
def test_model_reply_de_escalates(scenario_id):
    s = get_scenario(scenario_id)
    findings = analyse_wording(Transcript.from_text(s.model_reply), s).findings
    assert [f.evidence for f in findings if f.category in FLAG_CATEGORIES] == []
    assert len({f.category for f in findings} & CREDIT_CATEGORIES) >= 2
    reply = s.model_reply.lower()
    # reflects the client's own words: at least one key phrase's first word stem appears in the reply
    assert any(phrase.lower().split()[0][:4] in reply for phrase in s.key_content), s.key_content
    assert not re.search(r"\b(?:calm down|relax|you should|you need to|just)\b", reply)


@pytest.mark.parametrize("scenario_id", BUILTIN_IDS)
def test_pack_text_is_person_first_and_sized_for_practice(scenario_id):
    s = get_scenario(scenario_id)
    for text in (s.context, s.model_reply, s.title, *s.goals):
        assert not LABELS.search(text), text
    assert 2 <= len(s.feelings) <= 5 and all(len(f.split()) == 1 and f.islower() for f in s.feelings)
    assert 2 <= len(s.key_content) <= 5 and 2 <= len(s.goals) <= 4 and 2 <= len(s.avoid) <= 4
    assert len(s.client_emotion.split()) == 1


def test_scenario_to_dict_is_json(builtin):
    data = json.loads(json.dumps(builtin[0].to_dict()))
    assert data["id"] == builtin[0].id and isinstance(data["feelings"], list)


# --- malformed packs -------------------------------------------------------------------------------------------------

VALID = {
    "id": '"test-pack"',
    "title": '"A test"',
    "theme": '"grief"',
    "difficulty": "2",
    "client_emotion": '"sad"',
    "context": '"A resident at a recovery residence lost her brother last week."',
    "client_statement": '"My brother died last week. Nobody here even asked me about it."',
    "feelings": '["sad", "lonely"]',
    "key_content": '["brother died", "nobody asked"]',
    "goals": '["Reflect the loss", "Invite her to talk"]',
    "avoid": '["Clichés", "Changing the subject"]',
    "model_reply": '"Your brother died last week, and nobody here asked. I am so sorry. What was he like?"',
}


def write_pack(root: Path, folder: str = "test-pack", drop: tuple[str, ...] = (), **fields: str) -> Path:
    """Write a pack whose fields are VALID with some replaced (TOML source text) or dropped; return its file."""
    values = {**VALID, **fields}
    pack = root / folder
    pack.mkdir(parents=True, exist_ok=True)
    file = pack / "scenario.toml"
    file.write_text("".join(f"{k} = {v}\n" for k, v in values.items() if k not in drop), encoding="utf-8")
    return file


def raises_for(file: Path, pattern: str):
    """The error names the file, then the pattern (field + fix)."""
    return pytest.raises(ScenarioError, match=re.escape(str(file)) + ".*" + pattern)


def test_valid_pack_loads(tmp_path):
    s = load_scenario(write_pack(tmp_path))
    assert isinstance(s, Scenario) and s.id == "test-pack" and s.feelings == ("sad", "lonely")
    assert s.client_audio is None and s.theme == "grief"


def test_bad_toml_syntax(tmp_path):
    file = write_pack(tmp_path, title='"unclosed')
    with raises_for(file, r"not valid TOML .*line 2.*fix the syntax"):
        load_scenario(file)


def test_missing_field(tmp_path):
    file = write_pack(tmp_path, drop=("model_reply",))
    with raises_for(file, r"field 'model_reply' is missing; add it as quoted text"):
        load_scenario(file)


def test_missing_fields_are_all_reported(tmp_path):
    file = write_pack(tmp_path, drop=("model_reply", "goals"))
    with raises_for(file, r"field 'model_reply' is missing.*; field 'goals' is missing; add it as a list"):
        load_scenario(file)


@pytest.mark.parametrize(
    ("field", "value", "pattern"),
    [
        ("title", "5", r"field 'title' is a number \(5\), but must be text in quotes"),
        ("difficulty", '"3"', r"field 'difficulty' is text \('3'\); use a whole number from 1"),
        ("feelings", '"scared"', r"field 'feelings' is text .*must be a list in square brackets"),
        ("feelings", '["scared", 3]', r"field 'feelings' item 2 is a number \(3\); every item must be"),
        ("safety_critical", '"yes"', r"field 'safety_critical' is text .*write true or false without quotes"),
        ("theme", "[]", r"field 'theme' is a list, but must be quoted text: one of anger-at-program"),
    ],
)
def test_wrong_type(tmp_path, field, value, pattern):
    file = write_pack(tmp_path, **{field: value})
    with raises_for(file, pattern):
        load_scenario(file)


@pytest.mark.parametrize("field", ["feelings", "key_content", "goals", "avoid"])
def test_empty_list(tmp_path, field):
    file = write_pack(tmp_path, **{field: "[]"})
    with raises_for(file, rf"field '{field}' is an empty list; add at least one item"):
        load_scenario(file)


def test_empty_text(tmp_path):
    file = write_pack(tmp_path, client_statement='"   "')
    with raises_for(file, r"field 'client_statement' is empty; write the text"):
        load_scenario(file)


@pytest.mark.parametrize("value", ["0", "6", "2.5", "true"])
def test_difficulty_out_of_range(tmp_path, value):
    file = write_pack(tmp_path, difficulty=value)
    with raises_for(file, r"field 'difficulty' is .*use a whole number from 1 \(mild\) to 5 \(shouting\)"):
        load_scenario(file)


def test_unknown_field_suggests_the_close_one(tmp_path):
    file = write_pack(tmp_path, feeling='["sad"]')
    with raises_for(
        file, r"field 'feeling' is not a scenario field — remove it or rename it \(did you mean 'feelings'"
    ):
        load_scenario(file)


def test_id_folder_mismatch(tmp_path):
    file = write_pack(tmp_path, folder="other-name")
    with raises_for(file, r"field 'id' is 'test-pack' but the folder is 'other-name'; rename one so they match"):
        load_scenario(file)


def test_bad_id(tmp_path):
    file = write_pack(tmp_path, id='"Test Pack"')
    with raises_for(file, r"field 'id' is text .*lowercase letters, digits and hyphens"):
        load_scenario(file)


def test_client_voice_names_a_missing_file(tmp_path):
    file = write_pack(tmp_path, client_voice='"client.wav"')
    with raises_for(file, r"field 'client_voice' names 'client.wav', which is not in .*copy the recording there"):
        load_scenario(file)


@pytest.mark.parametrize("name", ["../client.wav", "/etc/passwd.wav", ".."])
def test_client_voice_must_stay_inside_the_pack(tmp_path, name):
    (tmp_path / "client.wav").write_bytes(b"RIFF")
    file = write_pack(tmp_path, client_voice=json.dumps(name))
    with raises_for(file, r"field 'client_voice' is .*plain file name"):
        load_scenario(file)


def test_client_voice_found_when_present(tmp_path):
    file = write_pack(tmp_path, client_voice='"marcus.wav"')
    (file.parent / "marcus.wav").write_bytes(b"RIFF")
    assert load_scenario(file).client_audio == file.parent / "marcus.wav"


def test_non_utf8_names_line_and_field(tmp_path):
    file = write_pack(tmp_path)
    raw = file.read_bytes().replace(b"recovery residence", "recovery résidence".encode("latin-1"))
    file.write_bytes(raw)
    with raises_for(file, r"field 'context' on line 6 is not UTF-8 text \(byte 0xe9\) — save the file with UTF-8"):
        load_scenario(file)


def test_utf8_byte_order_mark_is_accepted(tmp_path):
    file = write_pack(tmp_path)
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes())
    assert load_scenario(file).id == "test-pack"


def test_unknown_theme_lists_the_themes(tmp_path):
    file = write_pack(tmp_path, theme='"sadness"')
    with raises_for(file, r"field 'theme' is 'sadness', not a known theme; use one of anger-at-program, .*grief"):
        load_scenario(file)


@pytest.mark.parametrize(
    ("written", "theme"),
    [
        ("conflict between two residents", "resident-conflict"),
        ("Grief", "grief"),
        ("withdrawal pain", "withdrawal-pain"),
    ],
)
def test_theme_labels_are_accepted(tmp_path, written, theme):
    assert load_scenario(write_pack(tmp_path, theme=json.dumps(written))).theme == theme


def test_suicidal_theme_must_be_safety_critical(tmp_path):
    file = write_pack(tmp_path, theme='"suicidal-hints"')
    with raises_for(file, r"field 'safety_critical' must be true for the theme 'suicidal-hints'"):
        load_scenario(file)


def test_safety_critical_reply_must_ask_directly(tmp_path):
    file = write_pack(tmp_path, safety_critical="true")
    with raises_for(file, r"field 'model_reply' of a safety-critical scenario must ask directly about suicide"):
        load_scenario(file)
    asked = '"That sounds so heavy. Are you thinking about killing yourself? I am staying right here with you."'
    assert load_scenario(write_pack(tmp_path, safety_critical="true", model_reply=asked)).safety_critical


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ScenarioError, match=r"no such scenario file — a pack is a folder with scenario.toml"):
        load_scenario(tmp_path / "nothing-here")
    with pytest.raises(ScenarioError, match=r"no scenario.toml found — give a pack folder"):
        validate_tree(tmp_path)


def test_unknown_id_suggests_the_close_one():
    with pytest.raises(
        ScenarioError, match=r"unknown scenario 'lost-housing-vocher' — did you mean 'lost-housing-voucher'"
    ):
        get_scenario("lost-housing-vocher")


def test_pack_given_by_path(tmp_path):
    file = write_pack(tmp_path)
    assert get_scenario(str(file)).id == get_scenario(str(file.parent)).id == "test-pack"
    with pytest.raises(ScenarioError, match=r"packs/missing: no such scenario file"):
        get_scenario(str(tmp_path / "packs" / "missing"))


def test_validate_tree_reports_each_file(tmp_path):
    good = write_pack(tmp_path)
    bad = write_pack(tmp_path, folder="bad-pack", id='"bad-pack"', difficulty="9")
    results = dict(validate_tree(tmp_path))
    assert results[good] is None
    assert "field 'difficulty'" in (results[bad] or "")


# --- advice -----------------------------------------------------------------------------------------------------------


def test_advice_catches_what_tts_and_trainees_trip_over(tmp_path):
    file = write_pack(
        tmp_path,
        client_statement='"I waited 3 hrs at the ER & nobody came."',
        key_content='["voucher", "waited"]',
        model_reply='"Calm down, you need to wait your turn."',
    )
    advice = " | ".join(review_scenario(load_scenario(file)))
    assert "field 'client_statement' contains '&', '3', 'ER'" in advice
    assert "is 1 sentences" in advice
    assert "field 'key_content' item 'voucher' shares no word" in advice
    assert "'waited'" not in advice
    assert re.search(r"'model_reply' uses 'Calm down' \(command_feelings\), 'you need to' \(premature_advice\)", advice)


# --- the command line -------------------------------------------------------------------------------------------------


def test_cli_list_shows_every_id(builtin, run_cli):
    result = run_cli("scenarios", "list")
    assert result.returncode == 0, result.stderr
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert sorted(listed) == sorted(BUILTIN_IDS)
    assert all(line.split()[1] == "built-in" for line in result.stdout.splitlines())
    assert "[safety-critical]" in result.stdout


def test_cli_list_json(run_cli):
    result = run_cli("scenarios", "list", "--json")
    assert result.returncode == 0, result.stderr
    assert {s["id"] for s in json.loads(result.stdout)} == set(BUILTIN_IDS)


def test_cli_show_prints_the_model_reply(run_cli):
    result = run_cli("scenarios", "show", "better-off-without-me")
    assert result.returncode == 0, result.stderr
    flat = " ".join(result.stdout.split())
    assert get_scenario("better-off-without-me").model_reply in flat
    assert "safety-critical" in flat and "Goals:" in flat


def test_cli_show_lists_a_conversation_turn_by_turn(run_cli):
    result = run_cli("scenarios", "show", "lost-housing-voucher")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[lines.index("A conversation in 4 turns; the client (angry) starts at turn 1.") + 1] == (
        "When every reply settles the client: opening → fixing-it → tonight → settled."
    )
    assert [line for line in lines if line.startswith("Turn ")] == [
        "Turn 1: opening (agitation 7/10)",
        "Turn 2: fixing-it (agitation 5/10)",
        "Turn 3: tonight (agitation 3/10)",
        "Turn 4: flare-up (agitation 8/10)",
    ]
    turn_4 = lines[lines.index("Turn 4: flare-up (agitation 8/10)") :]
    assert turn_4[:8] == [
        "Turn 4: flare-up (agitation 8/10)",
        "  The client says: \"You're not even listening! This is exactly what I'm talking about. Nobody here…\"",
        "  Goals:",
        "    - Acknowledge that he feels unheard, without defending yourself",
        "    - Reflect what he has lost and invite him to tell you more",
        "  Avoid:",
        "    - Arguing that you are listening",
        "    - Threatening to call security",
    ]
    assert turn_4[8] == "  settles → turn 2 (fixing-it); holds → turn 4 (flare-up); escalates → end: escalated"
    assert "  settles → end: settled; holds → turn 3 (tonight); escalates → turn 4 (flare-up)" in lines
    assert "A reply that works at turn 1:" in lines and "Feelings to reflect" not in result.stdout
    safety = run_cli("scenarios", "show", "better-off-without-me").stdout.splitlines()
    assert "Turn 1: opening (agitation 8/10; hints at suicide: ask directly)" in safety
    assert "When every reply settles the client: opening → telling → crisis-team → safety-hand-off." in safety


def test_cli_show_a_single_statement_pack_has_no_turns(run_cli):
    result = run_cli("scenarios", "show", "fathers-watch")
    assert result.returncode == 0, result.stderr
    assert "says:" in result.stdout and "Feelings to reflect: " in result.stdout
    assert "A reply that works:" in result.stdout
    assert "Turn 1" not in result.stdout and "conversation" not in result.stdout


def test_cli_show_unknown_id_is_one_line(run_cli):
    result = run_cli("scenarios", "show", "nope")
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "unknown scenario 'nope'" in result.stderr and "Traceback" not in result.stderr


def test_cli_validate_builtins(builtin, run_cli):
    result = run_cli("scenarios", "validate", "--strict")
    assert result.returncode == 0, result.stdout
    assert f"{len(builtin)} of {len(builtin)} scenario files are valid" in result.stdout


def test_cli_validate_bad_dir_names_the_file(run_cli, tmp_path):
    write_pack(tmp_path / "packs")
    bad = write_pack(tmp_path / "packs", folder="broken", id='"broken"', drop=("goals",))
    result = run_cli("scenarios", "validate", str(tmp_path / "packs"))
    assert result.returncode == 1
    assert f"error: {bad}: field 'goals' is missing" in result.stdout
    assert "1 of 2 scenario files are valid" in result.stdout


def test_cli_new_writes_a_template_that_loads_but_asks_for_work(run_cli, tmp_path):
    result = run_cli("scenarios", "new", "night-shift", "--dir", str(tmp_path / "packs"))
    assert result.returncode == 0, result.stderr
    pack = tmp_path / "packs" / "night-shift"
    assert load_scenario(pack).id == "night-shift"
    checked = run_cli("scenarios", "validate", str(pack))  # an error now, not only advice under --strict
    toml = pack / "scenario.toml"
    assert checked.returncode == 1
    assert f"error: {toml}: field 'client_statement' still holds template text (TODO)" in checked.stdout.splitlines()[2]
    again = run_cli("scenarios", "new", "night-shift", "--dir", str(tmp_path / "packs"))
    assert again.returncode == 1 and "exists already" in again.stderr


def test_cli_export_then_import(run_cli, tmp_path):
    exported = run_cli("scenarios", "export", "fathers-watch", "-o", str(tmp_path / "share.zip"))
    assert exported.returncode == 0, exported.stderr
    imported = run_cli("scenarios", "import", str(tmp_path / "share.zip"), "--dir", str(tmp_path / "lab"))
    assert imported.returncode == 0, imported.stderr
    assert load_scenario(tmp_path / "lab" / "fathers-watch") == get_scenario("fathers-watch")
    twice = run_cli("scenarios", "import", str(tmp_path / "share.zip"), "--dir", str(tmp_path / "lab"))
    assert twice.returncode == 1 and "pass --replace" in twice.stderr
    replaced = run_cli("scenarios", "import", str(tmp_path / "share.zip"), "--dir", str(tmp_path / "lab"), "--replace")
    assert replaced.returncode == 0, replaced.stderr


def test_one_broken_pack_does_not_hide_the_others(run_cli, tmp_path, monkeypatch):
    write_pack(tmp_path / "packs")
    bad = write_pack(tmp_path / "packs", folder="broken", id='"broken"', difficulty="0")
    with raises_for(bad, r"field 'difficulty'"):
        list_scenarios(tmp_path / "packs")
    skipped: list[str] = []
    assert [s.id for s in list_scenarios(tmp_path / "packs", skip_invalid=skipped)] == ["test-pack"]
    assert len(skipped) == 1 and str(bad) in skipped[0]
    monkeypatch.setenv("VOICE_DEESC_SCENARIOS", str(tmp_path / "packs"))
    result = run_cli("scenarios", "list")
    assert result.returncode == 0
    assert "test-pack                      env       level" in result.stdout  # beside the built-ins, marked
    assert f"skipped {bad}: field 'difficulty'" in result.stderr
