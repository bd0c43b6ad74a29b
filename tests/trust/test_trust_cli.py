"""The command line of identity and reviews, as a user types it: a request from Ann, answered by
Priya in her own journal, imported back; Priya's card; a second import refused; a review of one's
own work refused, answered or imported."""

from __future__ import annotations

import json

from masterydesk.cli import main
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from masterydesk.trust.identity import set_owner_name
from masterydesk.trust.reviews import OWN_ANSWER, OWN_REQUEST, review_request
from tests.builders import D, app, fill, skill
from tests.interchange.helpers import run_cli
from tests.trust.test_reviews import signed_by_the_owner


def test_a_review_by_the_command_line(tmp_path):
    ann, priya = tmp_path / "ann.sqlite", tmp_path / "priya.sqlite"
    for path in (ann, priya):
        journal = open_journal(path, create=True)
        fill(journal, skills=[skill("sql", name="SQL")], applications=[app("a1", "sql", D(2026, 3, 3))])
        journal.close()
    assert run_cli("identity", "--name", "Ann Smith", "--db", str(ann)).stdout.startswith("Ann Smith\ndid:key:z6Mk")
    card = json.loads(run_cli("identity", "--name", "Priya Patel", "--json", "--db", str(priya)).stdout)
    assert card["type"] == "MasteryDeskIdentity" and card["did"].startswith("did:key:z6Mk")
    request, answer = tmp_path / "request.json", tmp_path / "answer.json"
    asked = run_cli("review", "request", "--application", "a1", "--out", str(request), "--db", str(ann))
    assert asked.stdout.startswith("Ann Smith asks for a review of SQL, applied on 3 Mar 2026.")
    answered = run_cli("review", "answer", str(request), "--quality", "4", "--comment", "Good",
                       "--out", str(answer), "--db", str(priya))
    assert answered.returncode == 0, answered.stderr
    (tmp_path / "card.json").write_text(json.dumps(card), "utf-8")
    assert run_cli("import", str(tmp_path / "card.json"), "--db", str(ann)).returncode == 0
    imported = run_cli("import", str(answer), "--db", str(ann))
    assert imported.stdout == "Priya Patel reviewed the application of 3 Mar 2026: quality 4, verified.\n"
    again = run_cli("import", str(answer), "--db", str(ann))
    assert again.returncode == 1 and "imported before" in again.stderr
    journal = open_journal(ann, read_only=True)
    bundle = export_bundle(journal)
    journal.close()
    priya_contacts = [c for c in bundle.contacts if c.name == "Priya Patel"]
    assert len(priya_contacts) == 1 and priya_contacts[0].did == card["did"]
    assert bundle.applications[0].reviewer_id == priya_contacts[0].id and bundle.applications[0].quality == 4
    assert json.loads(bundle.applications[0].review)["reviewer"]["did"] == card["did"]


def test_a_review_of_ones_own_work_is_refused_by_the_command_line(tmp_path, capsys):
    ann = tmp_path / "ann.sqlite"
    journal = open_journal(ann, create=True)
    fill(journal, skills=[skill("sql", name="SQL")], applications=[app("a1", "sql", D(2026, 3, 3))])
    set_owner_name(journal, "Ann Smith")
    request, answer = tmp_path / "request.json", tmp_path / "answer.json"
    request.write_text(json.dumps(review_request(journal, "a1")), "utf-8")
    answer.write_text(json.dumps(signed_by_the_owner(journal)), "utf-8")
    journal.close()
    before = ann.read_bytes()
    out = tmp_path / "my-answer.json"
    assert main(["review", "answer", str(request), "--quality", "5", "--out", str(out), "--db", str(ann)]) == 1
    assert capsys.readouterr().err == f"masterydesk: {OWN_REQUEST}\n"
    assert not out.exists()
    assert main(["import", str(answer), "--db", str(ann)]) == 1
    assert capsys.readouterr().err == f"masterydesk: {OWN_ANSWER}\n"
    assert ann.read_bytes() == before
