"""`masterydesk import FILE --relationship KIND` sets what new contacts are to the user."""

import subprocess
import sys

from masterydesk.domain.records import Relationship
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal

CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.org\r\nEND:VCARD\r\n"


def run(*args):
    return subprocess.run([sys.executable, "-m", "masterydesk", *args], capture_output=True, text=True)


def test_new_contacts_take_the_relationship_given(tmp_path):
    card, db = tmp_path / "ada.vcf", tmp_path / "j.sqlite"
    card.write_text(CARD)
    result = run("import", str(card), "--db", str(db), "--relationship", "mentor")
    assert result.returncode == 0, result.stderr
    journal = open_journal(db, read_only=True)
    try:
        assert [c.relationship for c in export_bundle(journal).contacts] == [Relationship.MENTOR]
    finally:
        journal.close()


def test_an_unknown_relationship_is_one_sentence_and_imports_nothing(tmp_path):
    card, db = tmp_path / "ada.vcf", tmp_path / "j.sqlite"
    card.write_text(CARD)
    result = run("import", str(card), "--db", str(db), "--relationship", "friend")
    assert result.returncode == 1
    assert result.stderr.startswith("masterydesk: 'friend' is not a relationship; choose one of mentor")
    journal = open_journal(db, read_only=True)
    try:
        assert export_bundle(journal).contacts == ()
    finally:
        journal.close()
