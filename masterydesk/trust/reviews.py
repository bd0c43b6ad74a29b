"""Signed peer reviews: a request for one application, the peer's signed answer, and its import.

The request carries what a reviewer needs and nothing more: the skill, the date, the project and
the owner's notes on that application — never a journal entry. It is signed by the journal's key
(trust.identity), so the peer's MasteryDesk can show who asks. The peer answers with a quality
from 1 to 5 and a comment; their app signs the answer, which embeds the request whole.

A journal does not answer its own request: a review of one's own work vouches for nothing.
Imported into the requester's journal, the answer must be signed by the key it names, answer a
request signed by this journal's own key, for an application the journal still holds, be signed
by another key than the journal's, and not have been imported before; its reviewer becomes a
contact (matched by key; by name only if that contact holds no key yet — a contact holding
another key is refused). The application then has the reviewer, the quality and the signed
answer itself (Application.review), which travels with sync and into credentials, and shows as
a verified review. Request and answer travel as files, or through a PostgreSQL hub (trust.hub_reviews).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import replace
from pathlib import Path

from masterydesk.domain import limits
from masterydesk.domain import records as r
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.ids import new_id
from masterydesk.services.editing import Saving, read_records, save_with_undo
from masterydesk.services.figures import day_text
from masterydesk.store.database import Journal
from masterydesk.trust import proofs
from masterydesk.trust.documents import read_document
from masterydesk.trust.identity import Identity, journal_identity

REQUEST, ANSWER = "MasteryDeskReviewRequest", "MasteryDeskReviewAnswer"
LONGEST_COMMENT = limits.COMMENT
LONGEST_FILE = 1024 * 1024  # a request, an answer (with its request) or an identity card: a few kB each
OWN_REQUEST = "This request comes from your own journal: send it to a peer to answer."
OWN_ANSWER = ("This review is signed with your own journal's key: a review of your own work vouches for nothing; "
              "nothing was changed.")


class ReviewRefused(MasteryDeskError):
    """A request or answer that does not hold: one sentence, and nothing changed."""


class ImportedBefore(ReviewRefused):
    """An answer already imported: nothing to do (through the hub, not even a sentence)."""


def _party(identity: Identity) -> dict:
    return {"name": identity.name, "did": identity.did}


# --- asking -------------------------------------------------------------------------------------


def review_request(journal: Journal, application_id: str) -> dict:
    """A signed request for a review of one application."""
    found = read_records(journal, "applications", [application_id]).applications
    if not found:
        raise ReviewRefused(f"There is no application {application_id} in {journal.path.name}.")
    application = found[0]
    skill = read_records(journal, "skills", [application.skill_id]).skills[0]
    project = read_records(journal, "projects", [application.project_id]).projects if application.project_id else ()
    document = {
        "type": REQUEST, "version": 1, "id": f"urn:uuid:{uuid.uuid4()}", "created": proofs.now_stamp(),
        "requester": _party(journal_identity(journal)),
        "application": {
            "id": application.id, "skill": skill.name, "date": application.date.isoformat(),
            "project": project[0].name if project else None, "notes": application.notes,
        },
    }
    return proofs.sign(document, journal_identity(journal))


def request_sentence(request: dict) -> str:
    """'Ann Smith asks for a review of SQL, applied on 3 Mar 2026 in Billing.'"""
    application = request["application"]
    where = f" in {application['project']}" if application.get("project") else ""
    day = day_text(dt.date.fromisoformat(application["date"]))
    return f"{request['requester']['name']} asks for a review of {application['skill']}, applied on {day}{where}."


# --- answering ----------------------------------------------------------------------------------


def checked_request(request: object) -> dict:
    """The request, after checking its form and that its signature is its requester's."""
    if not isinstance(request, dict) or request.get("type") != REQUEST or request.get("version") != 1:
        raise ReviewRefused("This file is not a MasteryDesk review request.")
    try:
        requester, application = request["requester"], request["application"]
        dt.date.fromisoformat(application["date"])
        str(application["skill"]), str(application["id"]), str(requester["name"])
    except (KeyError, TypeError, ValueError):
        raise ReviewRefused("This review request is incomplete: it lacks its requester or its application.") from None
    checked = proofs.check(request)
    if not checked.valid:
        raise ReviewRefused(f"This review request does not hold: {checked.problem}.")
    if checked.signer != requester.get("did"):
        raise ReviewRefused("This review request is signed by another key than its requester's.")
    return request


def request_to_answer(request: object, reviewer: Identity) -> dict:
    """The request, checked, when the reviewer may answer it: not when it comes from their own journal."""
    request = checked_request(request)
    if request["requester"].get("did") == reviewer.did:
        raise ReviewRefused(OWN_REQUEST)
    return request


def answer_request(request: dict, reviewer: Identity, quality: int, comment: str = "") -> dict:
    """The reviewer's signed answer: a quality from 1 to 5 and a comment."""
    request_to_answer(request, reviewer)
    if not isinstance(quality, int) or not 1 <= quality <= 5:
        raise ReviewRefused("The quality of a review is a whole number from 1 to 5.")
    if len(comment) > LONGEST_COMMENT:
        raise ReviewRefused(f"A review's comment has at most {LONGEST_COMMENT:,} characters.")
    document = {
        "type": ANSWER, "version": 1, "id": f"urn:uuid:{uuid.uuid4()}", "created": proofs.now_stamp(),
        "request": request, "reviewer": _party(reviewer), "quality": quality, "comment": comment,
    }
    return proofs.sign(document, reviewer)


def checked_answer(answer: object) -> dict:
    """The answer, after checking its form, its signature and its request's."""
    if not isinstance(answer, dict) or answer.get("type") != ANSWER or answer.get("version") != 1:
        raise ReviewRefused("This file is not a MasteryDesk review answer.")
    reviewer, quality = answer.get("reviewer"), answer.get("quality")
    if not isinstance(reviewer, dict) or not isinstance(reviewer.get("did"), str) or not isinstance(reviewer.get("name"), str):
        raise ReviewRefused("This review answer does not say who reviewed.")
    if not isinstance(quality, int) or not 1 <= quality <= 5:
        raise ReviewRefused("This review answer's quality is not a whole number from 1 to 5.")
    checked = proofs.check(answer)
    if not checked.valid:
        raise ReviewRefused(f"The review by {reviewer['name']} does not hold: {checked.problem}.")
    if checked.signer != reviewer["did"]:
        raise ReviewRefused(f"The review by {reviewer['name']} is signed by another key than theirs.")
    checked_request(answer.get("request"))
    return answer


# --- files -------------------------------------------------------------------------------------


def read_request_file(path: Path) -> dict:
    """A review request file's JSON object; UnreadableDocument (one sentence) for anything else."""
    return read_document(path, "a review request", LONGEST_FILE)


def read_peer_file(path: Path) -> dict:
    """A peer's review answer or identity card, as a JSON object; UnreadableDocument for anything else."""
    return read_document(path, "a review answer or an identity card", LONGEST_FILE)


# --- importing ----------------------------------------------------------------------------------


def import_answer(journal: Journal, answer: dict) -> tuple[Saving, str]:
    """Set the application's reviewer, quality and signed review; what was done, as a sentence."""
    answer = checked_answer(answer)
    owner = journal_identity(journal)
    request = answer["request"]
    if request["requester"]["did"] != owner.did:
        raise ReviewRefused("This review answers a request from another journal; nothing was changed.")
    if answer["reviewer"]["did"] == owner.did:
        raise ReviewRefused(OWN_ANSWER)
    application_id = request["application"]["id"]
    found = read_records(journal, "applications", [application_id]).applications
    if not found:
        raise ReviewRefused("The application this review is for is no longer in the journal; nothing was changed.")
    application = found[0]
    if application.review and json.loads(application.review).get("id") == answer["id"]:
        raise ImportedBefore("This review was imported before; nothing was changed.")
    reviewer = _reviewer_contact(journal, answer["reviewer"])
    reviewed = replace(application, reviewer_id=reviewer.id, quality=answer["quality"],
                       review=json.dumps(answer, ensure_ascii=False, separators=(",", ":")))
    saving = save_with_undo(journal, reviewer, reviewed)
    day = day_text(application.date)
    return saving, f"{reviewer.name} reviewed the application of {day}: quality {answer['quality']}, verified."


def import_card(journal: Journal, card: object) -> tuple[Saving, str]:
    """Hold a peer's key from their identity card: on the contact of that name, or a new contact."""
    from masterydesk.trust.did_key import NotADidKey, public_key_from_did

    if not isinstance(card, dict) or card.get("type") != "MasteryDeskIdentity":
        raise ReviewRefused("This file is not a MasteryDesk identity card.")
    name, did = card.get("name"), card.get("did")
    try:
        public_key_from_did(str(did))
    except NotADidKey as error:
        raise ReviewRefused(f"This identity card's key is not usable ({error}).") from None
    if not isinstance(name, str) or not name.strip():
        raise ReviewRefused("This identity card does not name its owner.")
    contact = _reviewer_contact(journal, {"name": name.strip(), "did": did})
    saving = save_with_undo(journal, contact)
    return saving, f"{contact.name}'s key is held: their signed reviews will show as verified."


def _reviewer_contact(journal: Journal, reviewer: dict) -> r.Contact:
    """The contact holding the reviewer's key; else one of that name without a key, given it; else a new one."""
    from masterydesk.services.views import contacts_named_or_keyed

    by_key, by_name = contacts_named_or_keyed(journal, reviewer["did"], reviewer["name"])
    if by_key is not None:
        return by_key
    if by_name is not None:
        if by_name.did:
            raise ReviewRefused(
                f"The contact {by_name.name} holds another key than the one this review is signed with; nothing was changed."
            )
        return replace(by_name, did=reviewer["did"])
    return r.Contact(new_id("contacts"), reviewer["name"][:200], r.Relationship.PEER, did=reviewer["did"])


def verified_review(application: r.Application, contact: r.Contact | None) -> str:
    """'Verified review by Priya: 4/5' when the stored answer holds and is signed with the key held for the
    reviewer; '' when there is none; a sentence saying what does not hold otherwise."""
    if not application.review:
        return ""
    if '"MasteryDeskCoachReview"' in application.review:  # a coach's review, through the hub (trust.feedback)
        from masterydesk.trust.feedback import verified_coach_review

        return verified_coach_review(application, contact)
    try:
        answer = checked_answer(json.loads(application.review))
    except (ReviewRefused, ValueError) as error:
        return f"Review not verified: {error}"
    if contact is None or contact.did != answer["reviewer"]["did"]:
        return "Review not verified: the reviewer's key is not the one held for the contact."
    return f"Verified review by {contact.name}: {answer['quality']}/5"
