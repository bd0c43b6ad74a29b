"""File ▸ Import previews then applies; File ▸ Export writes the chosen format."""

import datetime as dt
import json

from PySide6.QtCore import Qt

from masterydesk.domain import records as r
from masterydesk.domain.records import Relationship
from masterydesk.services.transfer import export_bundle
from masterydesk.ui.export_dialog import ExportDialog
from masterydesk.ui.import_dialog import open_import_dialog
from tests.builders import contact, fill

VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.org\r\nORG:Analytical\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nEMAIL:grace@example.org\r\nEND:VCARD\r\n"
)


def test_a_vcard_import_is_previewed_then_applied_with_the_chosen_relationship(qtbot, window, tmp_path):
    fill(window.session.journal, contacts=[contact("g", name="Grace Hopper", email="GRACE@example.org")])
    path = tmp_path / "people.vcf"
    path.write_text(VCARD)
    dialog = open_import_dialog(window, window.session, path)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10000)
    actions = [str(dialog.preview.model.record_at(i).action) for i in range(dialog.preview.model.rowCount())]
    assert actions == ["add", "unchanged"]  # Grace matches by email, case aside, and brings nothing new
    assert export_bundle(window.session.journal).contacts[0].name == "Grace Hopper"  # nothing written yet
    dialog.relationship.setCurrentIndex(dialog.relationship.findData(Relationship.MENTOR))
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10000)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    contacts = {c.name: c for c in export_bundle(window.session.journal).contacts}
    assert set(contacts) == {"Ada Lovelace", "Grace Hopper"}
    assert contacts["Ada Lovelace"].relationship is Relationship.MENTOR
    assert contacts["Ada Lovelace"].organization == "Analytical"


def test_a_file_that_cannot_be_imported_says_why_and_imports_nothing(qtbot, window, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some notes")
    dialog = open_import_dialog(window, window.session, path)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10000)
    assert "notes.txt" in dialog.error_label.text()
    assert not dialog.import_button.isEnabled()
    assert export_bundle(window.session.journal).contacts == ()


def test_export_writes_the_complete_json(qtbot, window, tmp_path):
    fill(window.session.journal, contacts=[contact("g", name="Grace")])
    dialog = ExportDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.destination.setText(str(tmp_path / "out.json"))
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    document = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert [c["name"] for c in document["contacts"]] == ["Grace"]


def test_export_without_a_destination_is_refused(qtbot, window):
    dialog = ExportDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.destination.setText("  ")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == "Save to: choose where to write the export."


def test_export_of_month_notes_is_chosen_in_the_dialog(qtbot, window, tmp_path):
    fill(window.session.journal, journal=[
        r.JournalEntry("e1", dt.date(2024, 3, 4), r.EntryKind.PRACTICE, "March drill", 30),
        r.JournalEntry("e2", dt.date(2024, 4, 9), r.EntryKind.LEARNING, "April course", 45),
    ])
    dialog = ExportDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("markdown-months"))
    assert dialog.format.currentText() == "Markdown notes, one per month"
    dialog.destination.setText(str(tmp_path / "months"))
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert sorted(p.name for p in (tmp_path / "months").iterdir()) == ["2024-03.md", "2024-04.md"]
    assert "## 2024-04-09 · learning · 45 min\n\nApril course" in (tmp_path / "months" / "2024-04.md").read_text("utf-8")
