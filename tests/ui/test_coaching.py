"""File ▸ Open coaching views…: Kim, a coach, sees Ann's figures and opens Ann's copy read-only in the
window; a journal without a PostgreSQL hub is told so in one sentence. A real PostgreSQL hub."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from masterydesk.domain import records as r
from masterydesk.interchange.metrics_json import metrics_to_json
from masterydesk.services.metrics import file_metrics
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from masterydesk.sync import shares, syncing
from masterydesk.sync.postgres_hub import add_user, init_hub
from masterydesk.trust.did_key import public_key_from_did
from masterydesk.trust.identity import journal_identity, set_owner_name
from masterydesk.ui.coaching import ClientTableModel, copies_folder, open_coaching_views
from tests.builders import app, fill, skill
from tests.sync import conftest as sync_fixtures

# The real PostgreSQL of the sync tests (their conftest is not this folder's).
postgres_cluster = sync_fixtures.postgres_cluster
postgres_hub_db = sync_fixtures.postgres_hub_db

MARKER = "PRIVATE-MARKER-51c0de"
TODAY = dt.date.today()


def me(journal) -> shares.Me:
    identity = journal_identity(journal)
    return shares.Me(identity.name, identity.seed, identity.did)


@pytest.fixture
def kim_with_a_client(postgres_hub_db, journal_path, tmp_path):
    """Kim's journal (the window's) syncs with a PostgreSQL hub; Ann shares her journal with Kim."""
    init_hub(postgres_hub_db)
    ann_url, kim_url = add_user("ann", postgres_hub_db), add_user("kim", postgres_hub_db)
    kim = open_journal(journal_path, create=True)
    set_owner_name(kim, "Kim Coach")
    syncing.set_up(kim, kim_url, syncing.hub_key_for(kim_url, "kim's sync passphrase"))
    ann = open_journal(tmp_path / "ann.sqlite", create=True)
    fill(ann, skills=[skill("sql", name="SQL")],
         applications=[app("a1", "sql", TODAY - dt.timedelta(days=3)), app("a2", "sql", TODAY)],
         journal=[r.JournalEntry("e1", TODAY, r.EntryKind.REFLECTION, MARKER, 20, ("sql",), private=True)])
    set_owner_name(ann, "Ann Smith")
    kim_hub, ann_hub = shares.open_share_hub(kim_url), shares.open_share_hub(ann_url)
    shares.publish_key(kim_hub, me(kim).did)
    shares.share_with(ann, ann_hub, me(ann), "kim", public_key_from_did)
    kim_hub.close()
    ann_hub.close()
    kim.close()
    yield ann
    ann.close()


def test_the_clients_list_shows_the_clients_figures_and_opens_a_read_only_copy(qtbot, kim_with_a_client, window):
    ann = kim_with_a_client
    dialog = open_coaching_views(window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and dialog.job is None, timeout=20000)

    view = dialog.model.index(0, 0).data(ClientTableModel.ViewRole)
    assert view.metrics == metrics_to_json(file_metrics(ann.path, today=TODAY))
    assert dialog.model.index(0, 0).data() == "Ann Smith (ann)"
    assert dialog.model.index(0, 3).data() == "20"  # the private entry's minutes, not its text
    assert dialog.status_label.text() == "1 client shares with you."
    assert dialog.open_button.isEnabled()

    with qtbot.waitSignal(dialog.sig_copy_written, timeout=20000) as written:
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)

    copy = written.args[0]
    assert copy.parent == copies_folder() and copy.name.startswith("ann-")
    qtbot.waitUntil(lambda: window.session is not None and window.session.journal.path == copy, timeout=20000)
    assert window.session.read_only
    assert [s.name for s in export_bundle(window.session.journal).skills] == ["SQL"]
    assert MARKER.encode() not in copy.read_bytes()


def test_the_coaching_report_is_written_from_the_clients_copy(qtbot, kim_with_a_client, window, tmp_path):
    dialog = open_coaching_views(window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and dialog.job is None, timeout=20000)

    dialog.write_report("ann", tmp_path / "ann.pdf")

    qtbot.waitUntil(lambda: dialog.job is None, timeout=60000)
    assert dialog.status_label.text().startswith("Wrote Ann Smith's coaching report (")
    assert (tmp_path / "ann.pdf").read_bytes().startswith(b"%PDF")


def test_a_journal_without_a_postgresql_hub_is_told_so(qtbot, window):
    dialog = open_coaching_views(window)
    qtbot.waitUntil(lambda: dialog.job is None and dialog.status_label.text() != "Reading the hub…", timeout=20000)

    assert dialog.status_label.text().startswith("Sharing needs a PostgreSQL hub")
    assert dialog.model.rowCount() == 0 and not dialog.open_button.isEnabled()


def test_the_clients_model_passes_the_model_tester(qtmodeltester, qtbot, kim_with_a_client, window):
    dialog = open_coaching_views(window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1 and dialog.job is None, timeout=20000)
    qtmodeltester.check(dialog.model)
