"""What a hub offers: opaque blobs by device, and a header that says how to derive the key.

A hub never sees a record: every blob is encrypted and authenticated before it leaves (crypto).
Names a hub keeps in clear are device ids (12 hex digits), sequence numbers, sizes and times.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from masterydesk.domain.errors import MasteryDeskError


class HubError(MasteryDeskError):
    """A hub that cannot be reached or read: one sentence for the status bar."""


@dataclass(frozen=True, slots=True)
class Blob:
    """One stored change set or snapshot, as the hub holds it."""

    device: str
    seq: int
    data: bytes


class Hub(Protocol):
    """A place devices exchange encrypted change sets; each device writes only its own blobs."""

    location: str  # shown to the user: a folder path, or a URL without its password

    def read_header(self) -> bytes | None:
        """The hub's header (salt and key check), or None for a hub nobody has set up."""

    def create_header(self, header: bytes) -> bytes:
        """Store the header unless one exists; return the header that is stored (the first one wins)."""

    def put_changes(self, device: str, seq: int, data: bytes) -> None:
        """Store one change set of this device, atomically: all of it, or nothing."""

    def last_seq(self, device: str) -> int:
        """The highest seq this device has stored, as a change set or a snapshot (0 for none): a
        journal restored from a backup must not reuse a number other devices have already applied,
        and a device back after its missed sets were pruned learns what it missed."""

    def changes_after(self, seen: dict[str, int], device: str) -> Iterator[Blob]:
        """Change sets of devices other than `device`, each with seq above what `seen` holds for its
        device, in (device, seq) order. A blob may be damaged: the reader checks each one."""

    def put_snapshot(self, device: str, seq: int, data: bytes) -> None:
        """Store a compacted snapshot made by this device (seq orders one device's snapshots)."""

    def newest_snapshots(self) -> Iterator[Blob]:
        """Snapshots, newest first (by the time stored), so a reader can skip a damaged one."""

    def put_device(self, device: str, data: bytes) -> None:
        """Replace this device's status blob (what it has seen: for pruning)."""

    def device_statuses(self) -> Iterator[Blob]:
        """Every device's status blob (seq is the time it was written, in Unix seconds)."""

    def prune(self, device: str, up_to_seq: int, keep_snapshot_seq: int | None) -> None:
        """Delete this device's change sets up to and including the seq, and its older snapshots."""

    def close(self) -> None:
        """Let go of connections or locks."""
