"""`models install`: verified, safe unpacking of Vosk model zips (built here from the toy model)."""

from __future__ import annotations

import hashlib
import http.server
import stat
import threading
import zipfile
from pathlib import Path

import pytest

from voice_deesc.asr import install
from voice_deesc.asr.catalog import KNOWN_MODELS, KnownModel
from voice_deesc.asr.install import (
    ChecksumError,
    CorruptArchiveError,
    DiskFullError,
    OfflineError,
    install_model,
)
from voice_deesc.asr.vosk_engine import VoskTranscriber, check_model_dir
from voice_deesc.errors import ModelError, UsageError
from vosk_toy import write_toy_model

TOP = "toy-model-0.1"


def _zip_folder(folder: Path, zip_path: Path, *, top: str = TOP) -> Path:
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            zf.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
    return zip_path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def good_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("zips")
    return _zip_folder(write_toy_model(base / "toy"), base / "toy.zip")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "models"


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith("."))


def test_good_zip_with_checksum_installs_a_loadable_model(good_zip: Path, root: Path) -> None:
    path = install_model("toy", from_zip=good_zip, sha256=_sha(good_zip).upper(), root=root)
    assert path == root / "toy"
    assert check_model_dir(path) == path
    assert (path / "am/final.mdl").is_file()  # the zip's top folder was unwrapped
    assert VoskTranscriber(path).engine == "vosk"
    assert _leftovers(root) == []


def test_reinstall_replaces_the_old_copy(good_zip: Path, root: Path) -> None:
    first = install_model("toy", from_zip=good_zip, trust=True, root=root)
    (first / "stale.txt").write_text("from the old install")
    second = install_model("toy", from_zip=good_zip, trust=True, root=root)
    assert second == first and not (second / "stale.txt").exists()
    assert _leftovers(root) == []


def test_unknown_checksum_needs_sha256_or_trust(good_zip: Path, root: Path) -> None:
    with pytest.raises(UsageError, match=r"--sha256 HEX .* or --trust"):
        install_model("toy", from_zip=good_zip, root=root)
    with pytest.raises(UsageError, match="64 hexadecimal"):
        install_model("toy", from_zip=good_zip, sha256="abc", root=root)
    assert not root.exists() or list(root.iterdir()) == []


def test_wrong_checksum_is_refused(good_zip: Path, root: Path) -> None:
    with pytest.raises(ChecksumError, match="does not match the pinned"):
        install_model("toy", from_zip=good_zip, sha256="0" * 64, root=root)
    assert list(root.iterdir()) == []


def test_known_model_pin_rejects_another_zip(good_zip: Path, root: Path) -> None:
    with pytest.raises(ChecksumError, match=r"vosk-small-en-us, \d+ bytes instead of 41205931"):
        install_model("vosk-small-en-us", from_zip=good_zip, root=root)
    assert list(root.iterdir()) == []


def test_truncated_zip_is_reported_as_corrupt(good_zip: Path, root: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.zip"
    data = good_zip.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptArchiveError, match=r"not a readable zip .* truncated"):
        install_model("toy", from_zip=cut, trust=True, root=root)
    with pytest.raises(ChecksumError):  # with a pin, the checksum catches it first
        install_model("toy", from_zip=cut, sha256=_sha(good_zip), root=root)
    assert _leftovers(root) == []


def test_damaged_member_is_reported_as_corrupt(good_zip: Path, root: Path, tmp_path: Path) -> None:
    """Central directory intact, compressed data altered: caught by the CRC while unpacking."""
    data = bytearray(good_zip.read_bytes())
    with zipfile.ZipFile(good_zip) as zf:
        info = max(zf.infolist(), key=lambda m: m.compress_size)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 5, start + 25):
        data[i] ^= 0xFF
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    with pytest.raises(CorruptArchiveError, match=r"damaged|not a readable zip"):
        install_model("toy", from_zip=damaged, trust=True, root=root)
    assert list(root.iterdir()) == []


@pytest.mark.parametrize(
    "evil", ["../escaped.txt", f"{TOP}/../../escaped.txt", "/tmp/escaped-abs.txt", "C:/escaped.txt"]
)
def test_path_traversal_is_refused(good_zip: Path, root: Path, tmp_path: Path, evil: str) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(good_zip.read_bytes())
    with zipfile.ZipFile(bad, "a") as zf:
        zf.writestr(evil, "owned")
    with pytest.raises(CorruptArchiveError, match="unsafe entry"):
        install_model("toy", from_zip=bad, trust=True, root=root)
    assert not (tmp_path / "escaped.txt").exists() and not Path("/tmp/escaped-abs.txt").exists()
    assert list(root.iterdir()) == []


def test_symlink_member_is_refused(good_zip: Path, root: Path, tmp_path: Path) -> None:
    bad = tmp_path / "link.zip"
    bad.write_bytes(good_zip.read_bytes())
    link = zipfile.ZipInfo(f"{TOP}/graph/link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(bad, "a") as zf:
        zf.writestr(link, "/etc/passwd")
    with pytest.raises(CorruptArchiveError, match="link or special file"):
        install_model("toy", from_zip=bad, trust=True, root=root)


def test_size_cap(good_zip: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(install, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(CorruptArchiveError, match="unpacks to more than"):
        install_model("toy", from_zip=good_zip, trust=True, root=root)


def test_disk_full_is_its_own_error(good_zip: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil
    from collections import namedtuple

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9 - 100, 100))
    with pytest.raises(DiskFullError, match="free some disk space"):
        install_model("toy", from_zip=good_zip, trust=True, root=root)


def test_zip_without_a_model_is_refused(root: Path, tmp_path: Path) -> None:
    other = tmp_path / "photos.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("holiday/readme.txt", "not a model")
    with pytest.raises(ModelError, match="does not hold a complete Vosk model"):
        install_model("toy", from_zip=other, trust=True, root=root)
    assert list(root.iterdir()) == []


def test_unknown_name_without_zip_and_bad_names(root: Path, good_zip: Path) -> None:
    with pytest.raises(UsageError, match="unknown model 'nope' — known: vosk-small-en-us, vosk-en-us-lgraph"):
        install_model("nope", root=root)
    with pytest.raises(UsageError, match="not a usable folder name"):
        install_model("../up", from_zip=good_zip, trust=True, root=root)


def test_offline_download_fails_clearly(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOICE_DEESC_MODELS_URL", "http://127.0.0.1:9/")  # discard port: connection refused
    with pytest.raises(OfflineError, match=r"offline; .*models install vosk-small-en-us --from-zip FILE"):
        install_model("vosk-small-en-us", root=root)
    assert _leftovers(root) == []


def test_download_verifies_and_installs(good_zip: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real urllib download path, against a server on the loopback address serving the toy zip."""
    handler = lambda *a, **kw: http.server.SimpleHTTPRequestHandler(*a, directory=str(good_zip.parent), **kw)  # noqa: E731
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("VOICE_DEESC_MODELS_URL", f"http://127.0.0.1:{server.server_port}/")
        size = good_zip.stat().st_size
        pinned = KnownModel("toy-dl", "toy", "0.1", size, _sha(good_zip), "toy")
        monkeypatch.setitem(KNOWN_MODELS, "toy-dl", pinned)
        seen: list[int] = []
        path = install_model("toy-dl", root=root, progress=lambda done, total: seen.append(done))
        assert path == root / "toy" and check_model_dir(path)
        assert seen[-1] == size
        wrong = KnownModel("toy-bad", "toy", "0.1", size, "f" * 64, "toy")
        monkeypatch.setitem(KNOWN_MODELS, "toy-bad", wrong)
        with pytest.raises(ChecksumError):
            install_model("toy-bad", root=root)
        assert _leftovers(root) == []
    finally:
        server.shutdown()
        server.server_close()


def test_cli_install_list_status(run_cli, good_zip: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    models = tmp_path / "cli-models"
    monkeypatch.setenv("VOICE_DEESC_MODELS", str(models))
    monkeypatch.delenv("VOSK_MODEL_PATH", raising=False)
    before = run_cli("models", "status")
    assert before.returncode == 0, before.stderr
    assert "no Vosk model in" in before.stdout and "auto → whisper" in before.stdout
    refused = run_cli("models", "install", "toy", "--from-zip", str(good_zip))
    assert refused.returncode == 2 and "--trust" in refused.stderr and "Traceback" not in refused.stderr
    bad = run_cli("models", "install", "toy", "--from-zip", str(good_zip), "--sha256", "1" * 64)
    assert bad.returncode == 1 and "does not match the pinned" in bad.stderr
    ok = run_cli("models", "install", "toy", "--from-zip", str(good_zip), "--trust")
    assert ok.returncode == 0, ok.stderr
    assert _sha(good_zip) in ok.stderr and f"installed toy in {models / 'toy'}" in ok.stdout
    listing = run_cli("models", "list")
    assert "vosk-small-en-us" in listing.stdout and "not installed" in listing.stdout
    assert "toy" in listing.stdout and "installed" in listing.stdout
    after = run_cli("models", "status")
    assert "auto → vosk, model toy" in after.stdout


def test_cli_offline_install(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOICE_DEESC_MODELS", str(tmp_path / "m"))
    monkeypatch.setenv("VOICE_DEESC_MODELS_URL", "http://127.0.0.1:9/")
    result = run_cli("models", "install", "vosk-small-en-us")
    assert result.returncode == 1
    assert "offline" in result.stderr and "Traceback" not in result.stderr
