"""A hub in a folder that a file-sync tool carries (Syncthing, Dropbox, a network share).

Each device writes only files under its own folder, each under a name no other device uses, and
each atomically (a temporary file beside it, flushed, then renamed over its own name): a file-sync
tool sees whole files appear and never two devices writing one file. The header is created once
with a hard link, which fails if another device made it first.

    HUB/masterydesk-hub.json                    the header: hub id, salt, key check (no secret)
    HUB/devices/<device>/changes/<seq>.mdsync   change sets, sealed
    HUB/devices/<device>/snapshots/<seq>.mdsnap compacted snapshots, sealed
    HUB/devices/<device>/status.mdstat          what the device has seen, sealed

Copies a file-sync tool makes of a file it saw change on two sides ("0000000012 (conflicted
copy).mdsync") are read like any change set: each is checked as a sealed blob and merged by its
clocks, never trusted for its name.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

from masterydesk.sync.hub import Blob, HubError

HEADER = "masterydesk-hub.json"
NUMBERED = re.compile(r"^(\d{10})\b")


class FolderHub:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.location = str(self.folder)
        if not self.folder.is_dir():
            raise HubError(f"The sync folder {self.folder} does not exist or is not a folder.")

    def _device(self, device: str) -> Path:
        return self.folder / "devices" / device

    def read_header(self) -> bytes | None:
        path = self.folder / HEADER
        with _explained(self.folder):
            return path.read_bytes() if path.exists() else None

    def create_header(self, header: bytes) -> bytes:
        temporary = _write_temporary(self.folder, header)
        try:
            os.link(temporary, self.folder / HEADER)
        except FileExistsError:
            pass
        finally:
            temporary.unlink(missing_ok=True)
        return (self.folder / HEADER).read_bytes()

    def put_changes(self, device: str, seq: int, data: bytes) -> None:
        _write_atomically(self._device(device) / "changes" / f"{seq:010d}.mdsync", data)

    def last_seq(self, device: str) -> int:
        folders = (self._device(device) / "changes", self._device(device) / "snapshots")
        return max((seq for folder in folders for seq, _path in _numbered(folder)), default=0)

    def changes_after(self, seen: dict[str, int], device: str) -> Iterator[Blob]:
        for other in self._devices():
            if other == device:
                continue
            for seq, path in _numbered(self._device(other) / "changes"):
                if seq > seen.get(other, 0):
                    yield Blob(other, seq, _read(path))

    def put_snapshot(self, device: str, seq: int, data: bytes) -> None:
        _write_atomically(self._device(device) / "snapshots" / f"{seq:010d}.mdsnap", data)

    def newest_snapshots(self) -> Iterator[Blob]:
        found = [
            (path.stat().st_mtime, device, seq, path)
            for device in self._devices()
            for seq, path in _numbered(self._device(device) / "snapshots")
        ]
        for _time, device, seq, path in sorted(found, reverse=True):
            yield Blob(device, seq, _read(path))

    def put_device(self, device: str, data: bytes) -> None:
        _write_atomically(self._device(device) / "status.mdstat", data)

    def device_statuses(self) -> Iterator[Blob]:
        for device in self._devices():
            path = self._device(device) / "status.mdstat"
            if path.exists():
                yield Blob(device, int(path.stat().st_mtime), _read(path))

    def prune(self, device: str, up_to_seq: int, keep_snapshot_seq: int | None) -> None:
        for seq, path in _numbered(self._device(device) / "changes"):
            if seq <= up_to_seq:
                path.unlink(missing_ok=True)
        if keep_snapshot_seq is not None:
            for seq, path in _numbered(self._device(device) / "snapshots"):
                if seq < keep_snapshot_seq:
                    path.unlink(missing_ok=True)

    def close(self) -> None:
        pass

    def _devices(self) -> list[str]:
        folder = self.folder / "devices"
        with _explained(self.folder):
            return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.exists() else []


def _numbered(folder: Path) -> list[tuple[int, Path]]:
    """The files of a folder whose names start with a ten-digit number, in order (temporaries left out)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = NUMBERED.match(path.name)
        if match and path.is_file():
            found.append((int(match.group(1)), path))
    return sorted(found)


def _read(path: Path) -> bytes:
    with _explained(path.parent):
        return path.read_bytes()


def _write_temporary(folder: Path, data: bytes) -> Path:
    temporary = folder / f".tmp-{secrets.token_hex(6)}"
    with _explained(folder):
        with open(temporary, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    return temporary


def _write_atomically(path: Path, data: bytes) -> None:
    with _explained(path.parent):
        path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _write_temporary(path.parent, data)
    try:
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


class _explained:
    """OSError in the hub folder as one sentence (a HubError)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, _trace) -> bool:
        if isinstance(error, OSError):
            reason = error.strerror or str(error)
            raise HubError(f"The sync folder {self.folder} cannot be used: {reason.lower()}.") from error
        return False
