"""Review requests and answers through the PostgreSQL hub, when both journals are on one (README).

Request review… can send the signed request (trust.reviews) to a hub user instead of writing a file:
it goes sealed to the key that user publishes on the hub (sync.review_mail), and only when that key is
the one held for the application's reviewer, if that contact holds one. The reviewer's MasteryDesk
lists the requests addressed to it (each checked: its seal, its signature, and that it is signed with
the key its writer publishes), answers one as a file answer is made (answer_request: one's own request
is refused), and sends the signed answer back sealed to the requester, deleting the request; or declines
one (decline_from_hub: the request is deleted, and nothing goes back). The requester's next sync imports
each answer with import_answer, after checking that it is signed with the key its writer publishes: a
verified review; one imported before changes nothing; one that does not hold is a sentence and the rest
goes on. A refused answer is deleted from the hub after its sentence when the refusal is for good
(trust.feedback.RefusedForGood says which, and why); one refused for now stays, to be tried at the next
sync.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from masterydesk.domain.errors import MasteryDeskError
from masterydesk.services.editing import read_records
from masterydesk.services.figures import day_text
from masterydesk.store.database import Journal
from masterydesk.sync import feedback as hub_feedback
from masterydesk.sync import review_mail, shares
from masterydesk.sync.postgres_hub import USER_NAME
from masterydesk.trust.did_key import public_key_from_did
from masterydesk.trust.feedback import Received, RefusedForGood, me, publishes_my_key, take_rows
from masterydesk.trust.identity import Identity, journal_identity
from masterydesk.trust.reviews import (
    OWN_ANSWER,
    ImportedBefore,
    ReviewRefused,
    answer_request,
    checked_answer,
    import_answer,
    request_sentence,
    request_to_answer,
    review_request,
)


class ReviewRefusedForGood(RefusedForGood, ReviewRefused):
    """A request or answer on the hub refused for good (RefusedForGood): an answer is said once, then deleted."""


@dataclass(frozen=True)
class IncomingRequest:
    """A review request addressed to this hub user, checked: its id on the hub, who sent it, the request."""

    id: str
    sender: str  # the requester's hub user
    request: dict

    @property
    def sentence(self) -> str:
        return request_sentence(self.request)

    def as_json(self) -> dict:
        return {"id": self.id, "from": self.sender, "requester": self.request["requester"],
                "application": self.request["application"], "sentence": self.sentence}


@dataclass(frozen=True)
class UnreadableRequest:
    """A review request addressed to this hub user that cannot be answered: its id, who sent it, why not."""

    id: str
    sender: str
    problem: str  # 'A review request from hub user zed cannot be answered: …'

    def as_json(self) -> dict:
        return {"id": self.id, "from": self.sender, "problem": self.problem}


@dataclass(frozen=True)
class Inbox:
    """The review requests that hold, and those that do not (each with the sentence saying why)."""

    requests: tuple[IncomingRequest, ...] = ()
    unreadable: tuple[UnreadableRequest, ...] = ()

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(request.problem for request in self.unreadable)


def _document_bytes(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- the requester's side -----------------------------------------------------------------------


def send_request(journal: Journal, hub, application_id: str, reviewer: str) -> str:
    """Sign a review request for the application and send it, sealed, to the hub user; say so."""
    request = review_request(journal, application_id)
    identity = journal_identity(journal)
    reviewer_did = _reviewer_did(journal, hub, application_id, reviewer, identity)
    shares.ensure_published(hub, me(identity))  # the reviewer checks who asks by it, and the answer is sealed to it
    review_mail.send_request(hub, reviewer, public_key_from_did(reviewer_did), _document_bytes(request))
    application = request["application"]
    day = day_text(dt.date.fromisoformat(application["date"]))
    return (f"Sent hub user {reviewer} your signed request for a review of {application['skill']}, applied on {day}; "
            "their answer comes in with a sync.")


def _reviewer_did(journal: Journal, hub, application_id: str, reviewer: str, identity: Identity) -> str:
    """The key the hub user publishes, when a request may go to it; ReviewRefused (nothing sent) otherwise."""
    if not USER_NAME.fullmatch(reviewer):
        raise ReviewRefused(f"'{reviewer[:60]}' is not a hub user name (letters, digits and _); nothing was sent.")
    did = shares.published_did(hub, reviewer)
    if reviewer == hub.user or did == identity.did:
        raise ReviewRefused("A review request goes to another person: a review of your own work vouches for "
                            "nothing; nothing was sent.")
    if did is None:
        raise ReviewRefused(f"Hub user {reviewer} has published no key on this hub (or there is no such user); they "
                            "need to publish theirs first: opening File ▸ Review requests on the hub… in MasteryDesk "
                            "(or `masterydesk review inbox`) does it; nothing was sent.")
    contact = _reviewer_contact(journal, application_id)
    if contact is not None and contact.did and contact.did != did:
        raise ReviewRefused(f"Hub user {reviewer} publishes another key than the one held for {contact.name}, the "
                            "application's reviewer; nothing was sent.")
    return did


def _reviewer_contact(journal: Journal, application_id: str):
    [application] = read_records(journal, "applications", [application_id]).applications
    if not application.reviewer_id:
        return None
    found = read_records(journal, "contacts", [application.reviewer_id]).contacts
    return found[0] if found else None


def receive_answers(journal: Journal, hub) -> Received:
    """Import the review answers addressed to this hub user; never raises for one that does not hold."""
    identity = journal_identity(journal)

    def refused(row: hub_feedback.Sealed, refusal: Exception) -> str:
        return f"A review answer from hub user {row.writer} was refused: {_clause(refusal)}."

    got, done = take_rows(review_mail.answers_to_me(hub), lambda row: _import_row(journal, hub, row, identity),
                          refused, (ReviewRefused,))
    review_mail.forget_answers(hub, done)
    return got


def _import_row(journal: Journal, hub, row: hub_feedback.Sealed, identity: Identity) -> str:
    opened = _opened(hub, row, identity, "review answer")
    try:
        answer = checked_answer(opened)
    except ReviewRefused as refusal:  # its form or a signature: signed bytes never change
        raise ReviewRefusedForGood(str(refusal)) from None
    not_the_writers = f"This review answer is not signed with the key {row.writer} publishes on the hub."
    if row.writer_did is None:
        raise ReviewRefused(not_the_writers)  # for now: the writer may publish its key
    if answer["reviewer"]["did"] != row.writer_did:
        raise ReviewRefusedForGood(not_the_writers)
    # import_answer's own refusals, but for these two, are about what the journal holds now (the application,
    # a contact's key): for now. These two are for good, so they are checked here first, in its words.
    if answer["request"]["requester"]["did"] != identity.did:
        raise ReviewRefusedForGood("This review answers a request from another journal; nothing was changed.")
    if answer["reviewer"]["did"] == identity.did:
        raise ReviewRefusedForGood(OWN_ANSWER)
    try:
        _saving, said = import_answer(journal, answer)
    except ImportedBefore:
        return ""
    return said


# --- the reviewer's side ------------------------------------------------------------------------


def inbox(journal: Journal, hub) -> Inbox:
    """The review requests addressed to this journal's hub user, checked.

    Looking publishes this journal's key when the hub user has published none: peers can ask for a
    review only someone whose key they can seal the request to (a key published already is kept).
    """
    identity = journal_identity(journal)
    if shares.published_did(hub, hub.user) is None:
        shares.publish_key(hub, me(identity).did)
    found, unreadable = [], []
    for row in review_mail.requests_to_me(hub):
        try:
            found.append(IncomingRequest(row.id, row.writer, _opened_request(hub, row, identity)))
        except ReviewRefused as refusal:
            problem = f"A review request from hub user {row.writer} cannot be answered: {_clause(refusal)}."
            unreadable.append(UnreadableRequest(row.id, row.writer, problem))
    return Inbox(tuple(found), tuple(unreadable))


def answer_from_hub(journal: Journal, hub, request_id: str, quality: int, comment: str = "") -> str:
    """Sign the answer to a request on the hub and send it back sealed to the requester; the request is deleted."""
    identity = journal_identity(journal)
    row = next((row for row in review_mail.requests_to_me(hub) if row.id == request_id), None)
    if row is None:
        raise ReviewRefused(f"No review request {request_id[:40]} is addressed to you on this hub; nothing was sent.")
    request = _opened_request(hub, row, identity)
    answer = answer_request(request, identity, quality, comment)
    review_mail.send_answer(hub, row.id, row.writer, public_key_from_did(str(row.writer_did)), _document_bytes(answer))
    return (f"Sent your signed answer ({quality}/5) to {request['requester']['name']} (hub user {row.writer}), "
            "sealed to their key.")


def decline_from_hub(journal: Journal, hub, request_id: str) -> str:
    """Decline a review request addressed to you on the hub: it is deleted unanswered; say whose it was.

    The requester is not told: their request simply goes unanswered, as one a peer never gets round to.
    A signed 'declined' answer through hub_review_answers would need a document that trust.reviews does not
    make, and the requester's MasteryDesk, which imports every answer there as a review, would refuse it
    for good as a malformed answer: a sentence about a broken answer, not a decline. So nothing is sent, and
    the hub learns no more than it would from an answer (who deleted a row addressed to them, and when).
    A request that cannot be answered (Inbox.unreadable) is declined alike.
    """
    identity = journal_identity(journal)
    row = next((row for row in review_mail.requests_to_me(hub) if row.id == request_id), None)
    not_yours = f"No review request {request_id[:40]} is addressed to you on this hub; nothing was declined."
    if row is None:
        raise ReviewRefused(not_yours)
    try:
        request: dict | None = _opened_request(hub, row, identity)
    except ReviewRefused:
        request = None  # declined all the same: it can never be answered
    if not review_mail.decline_request(hub, row.id):
        raise ReviewRefused(not_yours)  # answered or declined from another device meanwhile
    if request is None:
        return (f"Declined the review request from hub user {row.writer}, which could not be answered; "
                "it is gone from your inbox.")
    return f"Declined {whose_request(request)}; it is gone from your inbox."


def whose_request(request: dict) -> str:
    """'Ann Smith's request for a review of SQL, applied on 3 Mar 2026'."""
    application = request["application"]
    day = day_text(dt.date.fromisoformat(application["date"]))
    return f"{request['requester']['name']}'s request for a review of {application['skill']}, applied on {day}"


def _opened_request(hub, row: hub_feedback.Sealed, identity: Identity) -> dict:
    request = request_to_answer(_opened(hub, row, identity, "review request"), identity)
    if row.writer_did is None or request["requester"]["did"] != row.writer_did:
        raise ReviewRefused(f"This review request is not signed with the key {row.writer} publishes on the hub.")
    return request


def _opened(hub, row: hub_feedback.Sealed, identity: Identity, what: str) -> object:
    """The JSON sealed in the row; ReviewRefused when it was changed or sealed to another key (for good unless it
    does not open while the hub user publishes another key than this journal's, or none: RefusedForGood)."""
    refusal = f"This {what} was changed on the hub, or sealed to another key."
    try:
        return json.loads(hub_feedback.unseal(row.data, identity.seed))
    except hub_feedback.NotOpened:
        raise (ReviewRefusedForGood if publishes_my_key(hub, identity) else ReviewRefused)(refusal) from None
    except (shares.ShareRefused, ValueError):
        raise ReviewRefusedForGood(refusal) from None


def _clause(refusal: MasteryDeskError) -> str:
    """A refusal's sentence to follow a colon: 'This review…' becomes 'this review…', without its full stop."""
    text = str(refusal).rstrip(".")
    return text[:1].lower() + text[1:] if text.startswith("This ") else text
