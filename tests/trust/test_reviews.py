"""Signed reviews: a request from one journal, answered and signed in another, imported back; each
changed byte, wrong key, missing application or second import refused with nothing changed; and no
private text in a request."""

from __future__ import annotations

import copy
import json
import os

import pytest

from masterydesk.domain import records as r
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from masterydesk.trust import proofs
from masterydesk.trust.documents import UnreadableDocument
from masterydesk.trust.identity import journal_identity, set_owner_name
from masterydesk.trust.reviews import (
    ANSWER,
    OWN_ANSWER,
    OWN_REQUEST,
    ReviewRefused,
    answer_request,
    import_answer,
    read_peer_file,
    read_request_file,
    request_to_answer,
    review_request,
    verified_review,
)
from tests.builders import D, app, contact, fill, skill

MARKER = "PRIVATE-MARKER-5521"


@pytest.fixture
def owner_and_peer(tmp_path):
    owner = open_journal(tmp_path / "ann.sqlite", create=True)
    peer = open_journal(tmp_path / "priya.sqlite", create=True)
    fill(owner, skills=[skill("sql", name="SQL")], projects=[r.Project("billing", "Billing", r.ProjectStatus.ACTIVE)],
         applications=[app("a1", "sql", D(2026, 3, 3), project_id="billing", notes="window functions")],
         journal=[r.JournalEntry("e1", D(2026, 3, 3), r.EntryKind.PRACTICE, f"secret {MARKER}", skill_ids=("sql",), private=True)])
    set_owner_name(owner, "Ann Smith")
    set_owner_name(peer, "Priya Patel")
    yield owner, peer
    owner.close()
    peer.close()


def application_of(journal, aid="a1"):
    return next(a for a in export_bundle(journal).applications if a.id == aid)


def test_a_review_goes_round_and_shows_verified(owner_and_peer):
    owner, peer = owner_and_peer
    request = review_request(owner, "a1")
    assert request["application"] == {"id": "a1", "skill": "SQL", "date": "2026-03-03", "project": "Billing",
                                       "notes": "window functions"}
    assert MARKER not in json.dumps(request)
    answer = answer_request(request, journal_identity(peer), 4, "Clear and well tested.")
    _saving, sentence = import_answer(owner, answer)
    assert sentence == "Priya Patel reviewed the application of 3 Mar 2026: quality 4, verified."
    reviewed = application_of(owner)
    reviewer = next(c for c in export_bundle(owner).contacts if c.id == reviewed.reviewer_id)
    assert (reviewed.quality, reviewer.name, reviewer.did) == (4, "Priya Patel", journal_identity(peer).did)
    assert verified_review(reviewed, reviewer) == "Verified review by Priya Patel: 4/5"


def test_an_answer_imported_twice_changes_nothing_the_second_time(owner_and_peer):
    owner, peer = owner_and_peer
    answer = answer_request(review_request(owner, "a1"), journal_identity(peer), 5)
    import_answer(owner, answer)
    before = export_bundle(owner)
    with pytest.raises(ReviewRefused, match="imported before"):
        import_answer(owner, answer)
    assert export_bundle(owner) == before


@pytest.mark.parametrize("change, refusal", [
    (lambda a: a.update(quality=5), "does not hold"),
    (lambda a: a["request"]["application"].update(notes="changed"), "does not hold"),  # the answer signs the request it embeds
    (lambda a: a["reviewer"].update(name="Mallory"), "does not hold"),
])
def test_a_changed_byte_is_refused_and_changes_nothing(owner_and_peer, change, refusal):
    owner, peer = owner_and_peer
    answer = answer_request(review_request(owner, "a1"), journal_identity(peer), 3)
    changed = copy.deepcopy(answer)
    change(changed)
    before = export_bundle(owner)
    with pytest.raises(ReviewRefused, match=refusal):
        import_answer(owner, changed)
    assert export_bundle(owner) == before


def test_a_contact_holding_another_key_is_refused(owner_and_peer, tmp_path):
    owner, peer = owner_and_peer
    impostor = open_journal(tmp_path / "other.sqlite", create=True)
    fill(owner, contacts=[contact("priya", name="Priya Patel", did=journal_identity(impostor).did)])
    impostor.close()
    answer = answer_request(review_request(owner, "a1"), journal_identity(peer), 4)
    with pytest.raises(ReviewRefused, match="holds another key"):
        import_answer(owner, answer)
    assert application_of(owner).quality is None


def test_an_answer_to_another_journal_or_a_missing_application_is_refused(owner_and_peer):
    owner, peer = owner_and_peer
    fill(peer, skills=[skill("sql", name="SQL")], applications=[app("p1", "sql", D(2026, 1, 1))])
    foreign = answer_request(review_request(peer, "p1"), journal_identity(owner), 4)
    with pytest.raises(ReviewRefused, match="another journal"):
        import_answer(owner, foreign)
    answer = answer_request(review_request(owner, "a1"), journal_identity(peer), 4)
    from masterydesk.services.editing import delete_records

    delete_records(owner, "applications", ["a1"])
    with pytest.raises(ReviewRefused, match="no longer in the journal"):
        import_answer(owner, answer)


def test_a_request_signed_by_someone_else_cannot_be_answered(owner_and_peer):
    owner, peer = owner_and_peer
    request = review_request(owner, "a1")
    request["requester"]["did"] = journal_identity(peer).did
    with pytest.raises(ReviewRefused):
        answer_request(request, journal_identity(peer), 4)


def signed_by_the_owner(owner, application_id: str = "a1") -> dict:
    """An answer to the owner's own request, signed with the owner's key (as no MasteryDesk writes one now)."""
    owner_identity = journal_identity(owner)
    answer = {"type": ANSWER, "version": 1, "id": "urn:uuid:00000000-0000-4000-8000-000000000001",
              "created": proofs.now_stamp(), "request": review_request(owner, application_id),
              "reviewer": {"name": owner_identity.name, "did": owner_identity.did}, "quality": 5, "comment": "Great"}
    return proofs.sign(answer, owner_identity)


def test_a_journal_does_not_answer_its_own_request(owner_and_peer):
    owner, _peer = owner_and_peer
    request = review_request(owner, "a1")
    for answering in (lambda: request_to_answer(request, journal_identity(owner)),
                      lambda: answer_request(request, journal_identity(owner), 5)):
        with pytest.raises(ReviewRefused) as refused:
            answering()
        assert str(refused.value) == OWN_REQUEST


def test_an_answer_signed_with_the_journals_own_key_changes_nothing(owner_and_peer):
    owner, _peer = owner_and_peer
    before = export_bundle(owner)
    with pytest.raises(ReviewRefused) as refused:
        import_answer(owner, signed_by_the_owner(owner))
    assert str(refused.value) == OWN_ANSWER
    assert export_bundle(owner) == before


@pytest.mark.parametrize("name, make, sentence", [
    ("big.json", lambda path: path.write_bytes(b" " * (1024 * 1024 + 1)),
     "big.json cannot be read as a review answer or an identity card: it is larger than 1 MiB."),
    ("pipe.json", lambda path: os.mkfifo(path),
     "pipe.json cannot be read as a review answer or an identity card: it is not a regular file."),
    ("gone.json", lambda path: None,
     "gone.json cannot be read as a review answer or an identity card (No such file or directory)."),
    ("list.json", lambda path: path.write_text("[]", "utf-8"),
     "list.json cannot be read as a review answer or an identity card: it holds no JSON object."),
])
def test_a_file_that_is_not_a_peers_document_is_one_sentence(tmp_path, name, make, sentence):
    path = tmp_path / name
    make(path)
    with pytest.raises(UnreadableDocument) as refused:
        read_peer_file(path)
    assert str(refused.value) == sentence


def test_a_request_file_is_named_as_such(tmp_path):
    path = tmp_path / "request.json"
    path.write_text("{", "utf-8")
    with pytest.raises(UnreadableDocument, match=r"^request.json cannot be read as a review request \("):
        read_request_file(path)


def test_a_review_comment_may_be_as_long_as_a_coachs_and_no_longer(owner_and_peer):
    from masterydesk.domain.limits import COMMENT
    from masterydesk.trust import feedback

    owner, peer = owner_and_peer
    request = review_request(owner, "a1")
    assert answer_request(request, journal_identity(peer), 4, "x" * COMMENT)["comment"] == "x" * COMMENT
    with pytest.raises(ReviewRefused, match="at most 4,000 characters"):
        answer_request(request, journal_identity(peer), 4, "x" * (COMMENT + 1))
    assert feedback.LONGEST_COMMENT == COMMENT  # one limit for every signed comment
