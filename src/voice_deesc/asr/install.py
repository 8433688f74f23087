"""``models install``: fetch or take a Vosk model zip, verify it, unpack it safely, move it into place.

Order of work, each step failing with its own error class so the user knows what to do:
download (``OfflineError``) or take ``--from-zip`` → SHA-256 against the pin (``ChecksumError``) →
read the zip (``CorruptArchiveError``) → refuse unsafe members → unpack into a temporary folder
beside models/ (``DiskFullError``) → check it is a complete Vosk model → rename into models/.
The rename is atomic, so models/ never holds a half-unpacked model.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from voice_deesc.asr.catalog import KNOWN_MODELS, KnownModel, models_dir
from voice_deesc.checksums import sha256_file
from voice_deesc.errors import ModelError, UsageError
from voice_deesc.fsutil import ArchiveTooLarge, UnsafeArchive, extract_member, member_parts, open_zip

MAX_UNPACKED_BYTES = 3 * 1024**3
"""No Vosk English model we know unpacks past ~2.7 GB (the big 0.22); more means a zip bomb or a wrong file."""
MAX_MEMBERS = 5_000
DOWNLOAD_TIMEOUT_S = 30.0
DOWNLOAD_BLOCK_BYTES = 1 << 20
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")


class OfflineError(ModelError):
    """The model site could not be reached."""


class ChecksumError(ModelError):
    """The zip is not the file its pinned SHA-256 describes."""


class CorruptArchiveError(ModelError):
    """The zip cannot be read, is truncated, or holds unsafe entries."""


class DiskFullError(ModelError):
    """Not enough free space to unpack the model."""


Progress = Callable[[int, int], None]
"""Called with (bytes done, bytes expected or 0) while downloading."""


def install_model(
    name: str,
    *,
    from_zip: Path | None = None,
    sha256: str | None = None,
    trust: bool = False,
    root: Path | None = None,
    progress: Progress | None = None,
) -> Path:
    """Install a Vosk model into ``root`` (default :func:`models_dir`) and return its folder.

    Parameters
    ----------
    name : str
        A known model name (see ``KNOWN_MODELS``), or a new folder name when installing from a zip.
    from_zip : Path, optional
        A zip the user already has; without it the known model is downloaded.
    sha256 : str, optional
        The expected SHA-256 of the zip (64 hex digits); overrides the pin of a known model.
    trust : bool
        Accept a zip whose checksum is not known (no pin, no ``sha256``); its hash is reported.
    root : Path, optional
        The models folder.
    progress : callable, optional
        Download progress callback.

    Raises
    ------
    UsageError
        Unknown name without ``from_zip``, a bad ``sha256`` value, or no checksum and no ``trust``.
    OfflineError, ChecksumError, CorruptArchiveError, DiskFullError, ModelError
        See the module docstring.
    """
    known = KNOWN_MODELS.get(name)
    expected = _expected_sha256(name, known, sha256, trust=trust, from_zip=from_zip)
    root = models_dir() if root is None else Path(root)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _disk_error(e, root) from e
    download: Path | None = None
    try:
        if from_zip is None and known is not None:  # unknown names without a zip were refused above
            download = fetch(known.url(), root, expected_bytes=known.size_bytes, progress=progress, name=name)
            archive = download
        else:
            archive = _given_zip(from_zip)
        _verify_sha256(archive, expected, known, name)
        return _unpack_and_place(archive, target=root / (known.folder if known else name), root=root)
    finally:
        if download is not None:
            download.unlink(missing_ok=True)


def _given_zip(from_zip: Path | None) -> Path:
    """The user's own zip, refused early with a usage hint when the path is wrong (before hashing anything)."""
    archive = Path(str(from_zip))
    if not archive.is_file():
        raise UsageError(f"{archive}: no such zip file — give the path of the model zip you downloaded")
    return archive


def _verify_sha256(archive: Path, expected: str | None, known: KnownModel | None, name: str) -> None:
    """Nothing is unpacked from a zip that is not the pinned file; a wrong size for a known model hints at a cut-off
    download."""
    actual = sha256_file(archive)
    if expected is not None and actual != expected:
        size_note = ""
        if known is not None and expected == known.sha256 and archive.stat().st_size != known.size_bytes:
            size_note = f", {archive.stat().st_size} bytes instead of {known.size_bytes}"
        raise ChecksumError(
            f"{archive}: SHA-256 {actual[:16]}… does not match the pinned {expected[:16]}… for {name}{size_note} — "
            "the file is damaged or not the official archive; download it again"
        )


def _expected_sha256(
    name: str, known: KnownModel | None, sha256: str | None, *, trust: bool, from_zip: Path | None
) -> str | None:
    if known is None:
        if from_zip is None:
            names = ", ".join(KNOWN_MODELS)
            raise UsageError(f"unknown model {name!r} — known: {names}; or give a zip with --from-zip FILE")
        if not NAME_PATTERN.match(name):
            raise UsageError(f"{name!r} is not a usable folder name — use lowercase letters, digits, '.', '-', '_'")
    if sha256 is not None:
        value = sha256.strip().lower()
        if not SHA256_PATTERN.match(value):
            raise UsageError(f"--sha256 {sha256!r} is not a SHA-256 (64 hexadecimal digits)")
        return value
    if known is not None:
        return known.sha256
    if trust:
        return None
    raise UsageError(
        f"no pinned checksum for {name!r} — pass --sha256 HEX from the model's publisher, "
        "or --trust to install this zip unverified"
    )


def fetch(
    url: str, root: Path, *, expected_bytes: int = 0, progress: Progress | None = None, name: str = "NAME"
) -> Path:
    """Download ``url`` into a temporary file in ``root``; the caller verifies and deletes it.

    Raises
    ------
    OfflineError
        No connection, DNS failure, timeout or an HTTP error.
    DiskFullError
        The disk filled up while writing.
    """
    import urllib.error
    import urllib.request

    fd, tmp = tempfile.mkstemp(prefix=".download-", suffix=".zip", dir=root)
    path = Path(tmp)
    limit = expected_bytes * 2 if expected_bytes else MAX_UNPACKED_BYTES
    try:
        with os.fdopen(fd, "wb") as out:
            request = urllib.request.Request(url, headers={"User-Agent": "voice-deesc models install"})
            with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_S) as response:
                total = int(response.headers.get("Content-Length") or expected_bytes or 0)
                done = 0
                while block := response.read(DOWNLOAD_BLOCK_BYTES):
                    done += len(block)
                    if done > limit:
                        raise ChecksumError(f"{url}: the download is over {limit} bytes, far more than expected")
                    out.write(block)
                    if progress is not None:
                        progress(done, total)
    except (TimeoutError, urllib.error.URLError, ConnectionError) as e:
        path.unlink(missing_ok=True)
        reason = getattr(e, "reason", e)
        raise OfflineError(
            f"cannot download {url} ({reason}) — the computer seems to be offline; download the zip on another "
            f"machine and run `voice-deesc models install {name} --from-zip FILE`"
        ) from e
    except OSError as e:
        path.unlink(missing_ok=True)
        raise _disk_error(e, root) from e
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _unpack_and_place(archive: Path, *, target: Path, root: Path) -> Path:
    from voice_deesc.asr.vosk_engine import check_model_dir

    try:
        with open_zip(archive) as zf:
            members = _safe_members(zf)
            needed = sum(m.file_size for m in members)
            free = shutil.disk_usage(root).free
            if needed > free:
                raise DiskFullError(
                    f"{root}: the model needs {needed / 1e6:.0f} MB but only {free / 1e6:.0f} MB are free — "
                    "free some disk space and try again"
                )
            staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=root))
            try:
                _extract(zf, members, staging)
                model = _model_root(staging)
                try:
                    check_model_dir(model)
                except ModelError as e:
                    raise ModelError(
                        f"{archive}: the zip does not hold a complete Vosk model "
                        f"({str(e).split('(', 1)[-1].split(')')[0]}) — check you have the right file"
                    ) from e
                return _move_into_place(model, target)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except UnsafeArchive as e:
        message = str(e).removeprefix(f"{archive}: ").replace("not a zip file", "not a readable zip (no zip directory)")
        hint = "" if "—" in message else " — it is probably truncated; download it again"
        raise CorruptArchiveError(f"{archive}: {message}{hint}") from e


def _safe_members(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """Every member, after refusing unsafe paths and links (fsutil) and oversize or overlong contents."""
    members = zf.infolist()
    if len(members) > MAX_MEMBERS:
        raise UnsafeArchive(f"{len(members)} entries, more than any model has ({MAX_MEMBERS})")
    total = 0
    for m in members:
        member_parts(m)
        total += m.file_size
        if total > MAX_UNPACKED_BYTES:
            raise UnsafeArchive(f"unpacks to more than {MAX_UNPACKED_BYTES / 1e9:.0f} GB — refused (not a Vosk model)")
    return members


def _extract(zf: zipfile.ZipFile, members: list[zipfile.ZipInfo], staging: Path) -> None:
    """Copy each member, counting real bytes against one budget: a lying size header cannot exceed the cap."""
    budget = MAX_UNPACKED_BYTES
    for m in members:
        dest = staging.joinpath(*member_parts(m))
        if m.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
            continue
        try:
            budget = extract_member(zf, m, dest, budget_bytes=budget)
        except ArchiveTooLarge as e:
            raise UnsafeArchive("unpacks to more than its headers say — refused") from e
        except OSError as e:
            raise _disk_error(e, staging) from e


def _model_root(staging: Path) -> Path:
    """The model folder: the zip's single top-level folder, or the staging folder itself."""
    entries = [p for p in staging.iterdir() if not p.name.startswith("__MACOSX")]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return staging


def _move_into_place(model: Path, target: Path) -> Path:
    """Rename the checked model to ``target``; an older copy there is swapped out, then removed."""
    old: Path | None = None
    if target.exists():
        old = target.with_name(f".old-{target.name}-{os.getpid()}")
        os.rename(target, old)
    try:
        os.rename(model, target)
    except OSError:
        if old is not None:
            os.rename(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    os.utime(target)  # newest model wins in `auto`
    return target


def _disk_error(error: OSError, where: Path) -> ModelError:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(f"{where}: the disk is full — free some space and run `voice-deesc models install` again")
    return ModelError(f"{where}: cannot write the model ({error.strerror or error}) — check the folder's permissions")
