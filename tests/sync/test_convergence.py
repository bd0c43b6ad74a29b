"""Merge rules as a property: whatever edits three devices make, and in whatever order they sync,
a few rounds of syncing leave the same journal on all three."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masterydesk.services.editing import delete_records, save_records
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from masterydesk.sync import syncing
from tests.builders import D, app, skill

SKILLS = ("s1", "s2", "s3")
DEVICES = 3

operations = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, DEVICES - 1), st.sampled_from(SKILLS),
              st.sampled_from(("name", "description")), st.sampled_from(("a", "b", "c"))),
    st.tuples(st.just("delete"), st.integers(0, DEVICES - 1), st.sampled_from(SKILLS)),
    st.tuples(st.just("apply"), st.integers(0, DEVICES - 1), st.sampled_from(SKILLS), st.integers(1, 28)),
    st.tuples(st.just("sync"), st.integers(0, DEVICES - 1)),
)


def _skill_in(journal, sid):
    return next((s for s in export_bundle(journal).skills if s.id == sid), None)


def _do(journals, operation) -> None:
    kind, device = operation[0], journals[operation[1]]
    if kind == "sync":
        syncing.sync_now(device)
    elif kind == "delete":
        if _skill_in(device, operation[2]):
            delete_records(device, "skills", [operation[2]])
    elif kind == "edit":
        _kind, _n, sid, field, value = operation
        current = _skill_in(device, sid) or skill(sid)
        save_records(device, dataclasses.replace(current, **{field: f"{field} {value}"}))
    else:
        _kind, _n, sid, day = operation
        if _skill_in(device, sid):
            save_records(device, app(f"a-{operation[1]}-{sid}-{day}", sid, D(2026, 2, day)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operations, min_size=1, max_size=14))
def test_any_interleaving_of_edits_on_three_devices_converges(plan):
    folder = Path(tempfile.mkdtemp(prefix="converge-"))
    journals = [open_journal(folder / f"device{n}.sqlite", create=True) for n in range(DEVICES)]
    try:
        (folder / "hub").mkdir()
        key = syncing.hub_key_for(str(folder / "hub"), "passphrase")
        save_records(journals[0], skill("s1"))
        for journal in journals:
            syncing.set_up(journal, str(folder / "hub"), key)
        for operation in plan:
            _do(journals, operation)
        for _round in range(3):
            for journal in journals:
                syncing.sync_now(journal)
        first = export_bundle(journals[0])
        for journal in journals[1:]:
            assert export_bundle(journal) == first
    finally:
        for journal in journals:
            journal.close()
        shutil.rmtree(folder)


def test_the_65536th_stamp_of_a_millisecond_moves_to_the_next_and_still_reads():
    """Set-up stamps a whole journal within one millisecond: past four hex digits of counter the
    stamps must stay readable and ordered (a ten-year journal once reached a new device empty)."""
    from masterydesk.domain.hlc import Clock, Stamp

    clock, stamps = Clock(1_000, 0, "dev"), []
    for _ in range(70_000):
        clock, stamp = clock.tick(1_000)
        stamps.append(stamp)
    assert [Stamp.parse(stamp.text) for stamp in stamps[-5:]] == stamps[-5:]
    assert sorted(stamps, key=lambda stamp: stamp.text) == stamps
    assert stamps[-1].ms == 1_001
