"""The one atomic write and the one safe unzip, so every file the app writes or unpacks obeys the same rules.

An atomic write goes to a temporary file beside the target and is renamed over it: a reader (or a crash)
sees the old file or the new one, never half of one. A safe unzip refuses absolute paths, ``..``, links and
special files, counts the real decompressed bytes (headers can lie), and turns every zip or zlib fault into
one error the caller names.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from voice_deesc.errors import StorageError, VoiceDeescError

PRIVATE_MODE = 0o600
"""Owner-only: recordings, transcripts and reports quote what a trainee said."""
COPY_BLOCK_BYTES = 1 << 20


def atomic_write_text(path: str | os.PathLike[str], text: str, *, mode: int = PRIVATE_MODE) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically with permissions ``mode``."""
    return atomic_write_with(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), mode=mode)


def atomic_write_with(
    path: str | os.PathLike[str], write: Callable[[Path], object], *, mode: int = PRIVATE_MODE
) -> Path:
    """Let ``write(tmp_path)`` produce the file (for libraries that want a file name), then rename it into place."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix or ".tmp", dir=target.parent)
        os.close(fd)
    except OSError as e:
        raise _storage_error(target, e) from e
    try:
        write(Path(tmp))
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise _storage_error(target, e) from e
        raise
    return target


def check_writable_file(path: str | os.PathLike[str], *, what: str = "output") -> Path:
    """Refuse an output path that cannot be written, before any work is done.

    Raises
    ------
    StorageError
        ``path`` is a folder, its parent is a file, or the nearest existing parent is not writable.
    """
    target = Path(path)
    if target.is_dir():
        raise StorageError(f"{target}: is a folder — give a file name for the {what}, e.g. {target / 'out.json'}")
    parent = target.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise StorageError(f"{target}: {parent} is a file, not a folder — choose another place for the {what}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise StorageError(f"{target}: the folder {parent} is not writable — choose a folder you can write to")
    return target


def _storage_error(path: Path, error: OSError) -> StorageError:
    return StorageError(f"{path}: cannot be written ({error.strerror or error}) — choose a folder you can write to")


# --- safe unzip -------------------------------------------------------------------------------------------


class UnsafeArchive(VoiceDeescError):
    """A zip member or a zip's content that must not be unpacked; the caller rewraps it in its own error class."""


class ArchiveTooLarge(UnsafeArchive):
    """The real decompressed bytes ran past the caller's budget (a zip bomb or the wrong file)."""


def open_zip(archive: Path) -> zipfile.ZipFile:
    """Open ``archive`` as a zip, with a clear message for a missing file, a folder, or a file that is no zip."""
    archive = Path(archive)
    if not archive.exists():
        raise UnsafeArchive(f"{archive}: no such file — check the path to the zip")
    if archive.is_dir():
        raise UnsafeArchive(f"{archive}: is a folder, not a zip file")
    try:
        return zipfile.ZipFile(archive)
    except zipfile.BadZipFile as e:
        raise UnsafeArchive(f"{archive}: not a zip file") from e
    except (zlib.error, EOFError, ValueError) as e:
        raise UnsafeArchive(f"{archive}: not a readable zip ({e}) — it is probably truncated") from e
    except OSError as e:
        raise UnsafeArchive(f"{archive}: cannot be read ({e.strerror or e}) — check the file's permissions") from e


def member_parts(member: zipfile.ZipInfo) -> tuple[str, ...]:
    """The member's path parts, after refusing absolute paths, drive letters, ``..``, links and special files."""
    name = member.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in parts:
        raise UnsafeArchive(f"unsafe entry {member.filename!r} (absolute or '..' path) — refused")
    kind = stat.S_IFMT(member.external_attr >> 16)  # 0 when the zip was made without Unix modes
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise UnsafeArchive(f"entry {member.filename!r} is a link or special file — refused")
    return parts


def extract_member(zf: zipfile.ZipFile, member: zipfile.ZipInfo, dest: Path, *, budget_bytes: int) -> int:
    """Copy one member to ``dest`` counting real decompressed bytes; return the budget left.

    Raises
    ------
    ArchiveTooLarge
        The member unpacks past ``budget_bytes``.
    UnsafeArchive
        Its data is damaged (bad CRC, bad deflate data, cut short).
    OSError
        Writing ``dest`` failed (the caller knows whether that means a full disk).
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        with zf.open(member) as source, open(dest, "wb") as out:
            while block := source.read(COPY_BLOCK_BYTES):
                budget_bytes -= len(block)
                if budget_bytes < 0:
                    raise ArchiveTooLarge("unpacks to more than its size limit — refused")
                out.write(block)
    except (EOFError, zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError) as e:
        # CRC mismatch, corrupt deflate data, data cut short, an unsupported method, or encryption
        raise UnsafeArchive(f"entry {member.filename!r} is damaged ({e}) — get a fresh copy of the zip") from e
    return budget_bytes
