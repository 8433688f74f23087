"""Sharing packs between workstations: export, then a safe import that validates before anything lands."""

from __future__ import annotations

import stat
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from voice_deesc.errors import ScenarioError
from voice_deesc.scenarios import load as scenarios
from voice_deesc.scenarios import review as scenario_review
from voice_deesc.scenarios import share as scenario_share
from voice_deesc.scenarios.load import get_scenario
from voice_deesc.scenarios.parse import load_scenario
from voice_deesc.scenarios.share import export_pack, import_pack, new_pack

GOOD_TOML = (scenarios.builtin_dir() / "grief-friend-overdose" / "scenario.toml").read_bytes()


def make_zip(path: Path, members: dict[str, bytes], *, links: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            if name in links:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, data)
    return path


def assert_nothing_landed(root: Path) -> None:
    """A failed import leaves no pack and no staging folder behind."""
    assert not root.exists() or list(root.iterdir()) == []


def test_export_import_round_trip_with_a_recording(tmp_path):
    pack = tmp_path / "src" / "grief-friend-overdose"
    pack.mkdir(parents=True)
    (pack / "scenario.toml").write_bytes(
        b'client_voice = "luis.wav"\n' + GOOD_TOML
    )  # a pack-level key: before [[turns]]
    (pack / "luis.wav").write_bytes(b"RIFF-not-really-but-kept-byte-for-byte")
    zipped = export_pack(load_scenario(pack), tmp_path)
    assert zipped == tmp_path / "grief-friend-overdose.zip"
    assert sorted(zipfile.ZipFile(zipped).namelist()) == [
        "grief-friend-overdose/luis.wav",
        "grief-friend-overdose/scenario.toml",
    ]
    imported = import_pack(zipped, tmp_path / "lab")
    assert imported == replace(get_scenario("grief-friend-overdose"), client_audio=imported.client_audio)
    assert imported.client_audio is not None and imported.client_audio.read_bytes() == (pack / "luis.wav").read_bytes()
    assert sorted(p.name for p in (tmp_path / "lab").iterdir()) == ["grief-friend-overdose"]


@pytest.mark.parametrize(
    ("members", "pattern"),
    [
        ({"../evil/scenario.toml": GOOD_TOML}, r"member '../evil/scenario.toml' has an unsafe path"),
        ({"/tmp/evil/scenario.toml": GOOD_TOML}, r"member '/tmp/evil/scenario.toml' has an unsafe path"),
        ({"pack\\..\\scenario.toml": GOOD_TOML}, r"has an unsafe path"),
        ({"scenario.toml": GOOD_TOML}, r"member 'scenario.toml' is not directly inside a pack folder"),
        ({"a-pack/sub/scenario.toml": GOOD_TOML}, r"is not directly inside a pack folder"),
        (
            {"grief-friend-overdose/scenario.toml": GOOD_TOML, "grief-friend-overdose/run.sh": b"rm -rf ~"},
            r"member 'grief-friend-overdose/run.sh' is neither scenario.toml nor a recording",
        ),
        (
            {"grief-friend-overdose/scenario.toml": GOOD_TOML, "other-pack/scenario.toml": GOOD_TOML},
            r"holds 2 pack folders; import one pack per zip",
        ),
        ({"grief-friend-overdose/client.wav": b"RIFF"}, r"has no grief-friend-overdose/scenario.toml"),
    ],
)
def test_unsafe_or_unexpected_members_are_refused(tmp_path, members, pattern):
    archive = make_zip(tmp_path / "in.zip", members)
    with pytest.raises(ScenarioError, match=r"in\.zip: .*" + pattern):
        import_pack(archive, tmp_path / "lab")
    assert_nothing_landed(tmp_path / "lab")
    assert not (tmp_path / "evil").exists()


def test_links_are_refused(tmp_path):
    archive = make_zip(
        tmp_path / "in.zip",
        {"grief-friend-overdose/scenario.toml": GOOD_TOML, "grief-friend-overdose/client.wav": b"/etc/shadow"},
        links=("grief-friend-overdose/client.wav",),
    )
    with pytest.raises(ScenarioError, match=r"member 'grief-friend-overdose/client.wav' is a link"):
        import_pack(archive, tmp_path / "lab")
    assert_nothing_landed(tmp_path / "lab")


def test_an_invalid_pack_is_not_imported(tmp_path):
    broken = GOOD_TOML.replace(b"difficulty = 2", b"difficulty = 8")
    archive = make_zip(tmp_path / "in.zip", {"grief-friend-overdose/scenario.toml": broken})
    with pytest.raises(
        ScenarioError, match=r"in\.zip: the pack inside is not valid — .*field 'difficulty' is a number \(8\)"
    ):
        import_pack(archive, tmp_path / "lab")
    assert_nothing_landed(tmp_path / "lab")


def test_a_zip_bomb_stops_at_the_byte_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(scenario_share, "MAX_IMPORT_BYTES", 64 * 1024)
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("grief-friend-overdose/scenario.toml", GOOD_TOML)
        z.writestr("grief-friend-overdose/client.wav", b"\0" * (1024 * 1024))
    assert archive.stat().st_size < 64 * 1024  # small on disk, large when unpacked
    with pytest.raises(ScenarioError, match=r"bomb\.zip: unpacks to more than 0 MB — not a scenario pack"):
        import_pack(archive, tmp_path / "lab")
    assert_nothing_landed(tmp_path / "lab")


def test_not_a_zip(tmp_path):
    fake = tmp_path / "pack.zip"
    fake.write_text("hello")
    with pytest.raises(ScenarioError, match=r"pack\.zip: not a zip file — export a pack with"):
        import_pack(fake, tmp_path / "lab")


def test_new_pack_template_loads_and_is_flagged_until_filled_in(tmp_path):
    file = new_pack("night-shift", tmp_path)
    scenario = load_scenario(file)
    assert scenario.id == "night-shift" and scenario.theme == "other" and not scenario.safety_critical
    advice = scenario_review.review_scenario(scenario)
    assert any("still hold template text (TODO)" in a for a in advice)
    with pytest.raises(ScenarioError, match=r"'Night Shift' is not a scenario id"):
        new_pack("Night Shift", tmp_path)
