"""A coach's comments and reviews, going back signed to the client who shares with them (DESIGN.md).

In a client's shared view the coach comments on a check-in, or reviews an application with a
quality from 1 to 5 and a comment. Each is a small JSON document signed with the coach's journal key
(trust.proofs, eddsa-jcs-2022, like a review answer), naming the coach, the client (hub user and
did) and the check-in or application; sync.feedback seals it to the client's published key and
stores it on the hub, which accepts it only for a client who shares with the coach.

At the client's next sync (or `masterydesk share --feedback`) the client's MasteryDesk opens what is
addressed to it and checks that the signature is the key the writer publishes on the hub, that the
document names that hub user as its coach and this journal as its client. A review then sets the
application's reviewer (the coach's contact, matched by key; by name only when that contact holds
no key yet), quality and the signed document (shown as a verified review); a comment is added to the
check-in's notes, one paragraph naming the coach. Both are ordinary saves (services.editing, the
one write door), so sync's change log carries them. A document imported before changes nothing; one that does
not hold is refused with a sentence and the rest goes on. Imported rows are deleted from the hub, and so are
rows refused for good (RefusedForGood says which); a row refused for now stays, to be tried at the next sync.

A member of a mastermind group reviews another member's application the same way (sync.groups,
ui.group_view): the same signed document with `"relation": "peer"` (its `coach` field then names the
reviewing member), imported and verified alike, and worded as a review by a group member.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, replace
from functools import partial

from masterydesk.domain import limits
from masterydesk.domain import records as r
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.ids import new_id
from masterydesk.services.editing import read_records, save_with_undo
from masterydesk.services.figures import day_text
from masterydesk.store.database import Journal
from masterydesk.sync import feedback as hub_feedback
from masterydesk.sync import shares
from masterydesk.trust import proofs
from masterydesk.trust.did_key import public_key_from_did
from masterydesk.trust.identity import Identity, journal_identity

COMMENT, REVIEW = "MasteryDeskCoachComment", "MasteryDeskCoachReview"
LONGEST_COMMENT = limits.COMMENT
# Who the writer is to the client, signed with the rest: a coach (the default, and what a document
# without the field means), or a member of a mastermind group both belong to (ui.group_view). One
# document type serves both; only the wording and a new contact's relationship follow the relation.
COACH, PEER = "coach", "peer"
RELATION_WORDS = {COACH: "coach", PEER: "group member"}


class FeedbackRefused(MasteryDeskError):
    """A comment or review that cannot be made or imported: one sentence, and nothing changed.

    Raised for a row on the hub, it is a refusal for now: the row stays and is tried again at the next sync
    (see RefusedForGood for the refusals that are not)."""


class RefusedForGood:
    """Mixed into the refusal of a row on the hub that no later sync can turn into an import: the row is
    said once, then deleted from the hub (its reader may: postgres_hub's `*_deleted_by_reader` policies).

    Which refusals are for good, and why; every other refusal is for now, and its row stays:
    - the row does not open with this journal's key while that key is the one its hub user publishes: it was
      changed on the hub, or sealed to a key the hub user no longer publishes. (When the hub user publishes
      another key, or none, the row is for the journal holding that key, perhaps this one once its identity
      comes with a sync: it stays.)
    - it opens but is not what it must be: not JSON, not a comment, review or answer, a field missing or
      malformed, a signature that does not hold or is not its writer's. Signed bytes never change.
    - it is signed with another key than the one its writer publishes on the hub, or names another hub user
      as its writer. The writer's key was the published one when it sent (sending a comment or review checks
      it; an answer opened a request sealed to it), so the writer has published another since, and a signature
      does not change.
    - it is addressed to another journal or hub user, or (an answer) signed with this journal's own key.
    For now, and why: the writer publishes no key (it may publish one); the application or check-in it is
    about is not in this journal (it may come with a sync, or a delete be undone); a contact of the writer's
    name holds another key (the user may set the key right). A refusal not marked stays: when in doubt, keep.
    """


class FeedbackRefusedForGood(RefusedForGood, FeedbackRefused):
    """A comment or review on the hub refused for good (RefusedForGood): said once, then deleted."""


@dataclass(frozen=True)
class Received:
    """What one look at the hub brought: how many documents were imported, and sentences."""

    imported: int = 0
    sentences: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()


def me(identity: Identity) -> shares.Me:
    """The journal's identity as sync.shares takes it (sync does not import trust)."""
    return shares.Me(identity.name, identity.seed, identity.did)


# --- the coach's side ---------------------------------------------------------------------------


def _document(kind: str, coach: Identity, hub, share: shares.ReceivedShare, client_did: str, comment: str) -> dict:
    if len(comment) > LONGEST_COMMENT:
        raise FeedbackRefused(f"A comment has at most {LONGEST_COMMENT:,} characters.")
    return {
        "type": kind, "version": 1, "id": f"urn:uuid:{uuid.uuid4()}", "created": proofs.now_stamp(),
        "coach": {"name": coach.name, "did": coach.did, "user": hub.user},
        "client": {"name": share.name, "did": client_did, "user": share.owner},
        "comment": comment,
    }


def checkin_on(share: shares.ReceivedShare, day: dt.date) -> dict:
    """The client's check-in of that day, as shared (the latest, when there are several)."""
    found = [c for c in share.document["records"].get("checkins", []) if c.get("date") == day.isoformat()]
    if not found:
        raise FeedbackRefused(f"{share.name} shared no check-in of {day_text(day)}; nothing was sent.")
    return found[-1]


def application_of(share: shares.ReceivedShare, application_id: str) -> dict:
    """The client's application with that id, with its skill's name, as shared."""
    records = share.document["records"]
    found = [a for a in records.get("applications", []) if a.get("id") == application_id]
    if not found:
        raise FeedbackRefused(f"{share.name} shared no application {application_id[:40]}; nothing was sent.")
    skills = {s.get("id"): s.get("name", "") for s in records.get("skills", [])}
    return {"id": application_id, "date": found[0]["date"], "skill": skills.get(found[0].get("skill_id"), "")}


def send_comment(journal: Journal, hub, client: str, day: dt.date, comment: str) -> str:
    """Sign a comment on the client's check-in of that day and send it, sealed to them; say so."""
    if not comment.strip():
        raise FeedbackRefused("Write the comment first; nothing was sent.")

    def build(coach, share, client_did):
        checkin = checkin_on(share, day)
        return {**_document(COMMENT, coach, hub, share, client_did, comment.strip()),
                "checkin": {"id": checkin["id"], "date": checkin["date"]}}

    _send(journal, hub, client, build)
    return f"Sent your comment on {client}'s check-in of {day_text(day)}, signed and sealed to them."


def send_review(journal: Journal, hub, client: str, application_id: str, quality: int, comment: str = "",
                relation: str = COACH) -> str:
    """Sign a review (quality 1 to 5, a comment) of the client's application and send it; say so.

    relation PEER: the review of a group member (the client shares with them as with a coach).
    """
    if isinstance(quality, bool) or not isinstance(quality, int) or not 1 <= quality <= 5:
        raise FeedbackRefused("The quality of a review is a whole number from 1 to 5; nothing was sent.")
    if relation not in RELATION_WORDS:
        raise FeedbackRefused(f"A review is written as {' or '.join(RELATION_WORDS)}; nothing was sent.")

    def build(coach, share, client_did):
        application = application_of(share, application_id)
        document = {**_document(REVIEW, coach, hub, share, client_did, comment.strip()),
                    "application": application, "quality": quality}
        return {**document, "relation": relation} if relation != COACH else document

    _send(journal, hub, client, build)
    return f"Sent your review of {client}'s application {application_id} (quality {quality}), signed and sealed to them."


def _send(journal: Journal, hub, client: str, build) -> None:
    """The client's share opened and checked (so the coach reviews what the client shared), then the document sent."""
    coach = journal_identity(journal)
    [share], _ = shares.received_shares(hub, me(coach), public_key_from_did, owner=client)
    client_did = shares.published_did(hub, client)
    document = proofs.sign(build(coach, share, client_did), coach)
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    hub_feedback.send(hub, client, public_key_from_did(client_did), data)


# --- the client's side --------------------------------------------------------------------------


def receive(journal: Journal, hub) -> Received:
    """Import the comments and reviews addressed to this journal's hub user; never raises for one that does not hold."""
    identity = journal_identity(journal)

    def take(row: hub_feedback.Sealed) -> str:
        return import_document(journal, checked(row, identity, hub))

    def refused(row: hub_feedback.Sealed, refusal: Exception) -> str:
        return f"A comment or review from {row.writer} was refused: {str(refusal).rstrip('.')}; nothing was changed."

    got, done = take_rows(hub_feedback.addressed_to_me(hub), take, refused, (FeedbackRefused, shares.ShareRefused))
    hub_feedback.forget(hub, done)
    return got


def take_rows(rows, take, refused, refusals: tuple[type[Exception], ...]) -> tuple[Received, list[str]]:
    """Take (import) each row in turn: what came, and the ids of the rows done with (to delete from the hub).

    take(row) says what it did ('' for nothing new); a row it refuses is said by refused(row, refusal), and is
    done with when the refusal is RefusedForGood; otherwise it stays, to be tried at the next sync."""
    imported, sentences, problems, done = 0, [], [], []
    for row in rows:
        try:
            said = take(row)
        except refusals as refusal:
            problems.append(refused(row, refusal))
            if isinstance(refusal, RefusedForGood):
                done.append(row.id)
            continue
        done.append(row.id)
        if said:
            imported += 1
            sentences.append(said)
    return Received(imported, tuple(sentences), tuple(problems)), done


def checked(row: hub_feedback.Sealed, identity: Identity, hub) -> dict:
    """The document in the row, after checking its seal, form, signature and who it names (the hub, for hub.user
    and the key it publishes)."""
    try:
        document = json.loads(hub_feedback.unseal(row.data, identity.seed))
    except hub_feedback.NotOpened as refusal:
        raise (FeedbackRefusedForGood if publishes_my_key(hub, identity) else FeedbackRefused)(str(refusal)) from None
    except shares.ShareRefused as refusal:  # it opens, but is not one of ours
        raise FeedbackRefusedForGood(str(refusal)) from None
    except ValueError:
        raise FeedbackRefusedForGood("it cannot be read") from None
    checked_document(document)
    coach, client = document["coach"], document["client"]
    not_the_writers = f"it is not signed with the key {row.writer} publishes on the hub"
    if row.writer_did is None:
        raise FeedbackRefused(not_the_writers)  # for now: the writer may publish its key
    if coach["did"] != row.writer_did or coach["user"] != row.writer:
        raise FeedbackRefusedForGood(not_the_writers)
    if client.get("did") != identity.did or client.get("user") != hub.user:
        raise FeedbackRefusedForGood("it is addressed to another journal")
    return document


def publishes_my_key(hub, identity: Identity) -> bool:
    """Whether this journal's key is the one its hub user publishes (a row that does not open with it never will)."""
    return shares.published_did(hub, hub.user) == identity.did


def checked_document(document: object) -> dict:
    """A comment or review whose form holds and whose signature is its coach's (refused for good otherwise)."""
    if not isinstance(document, dict) or document.get("type") not in (COMMENT, REVIEW) or document.get("version") != 1:
        raise FeedbackRefusedForGood("it is not a coach's comment or review")
    coach, client = document.get("coach"), document.get("client")
    if not isinstance(coach, dict) or not isinstance(client, dict) or not all(
            isinstance(coach.get(field), str) for field in ("name", "did", "user")):
        raise FeedbackRefusedForGood("it does not say who wrote it and for whom")
    if not isinstance(document.get("comment"), str) or not isinstance(document.get("id"), str):
        raise FeedbackRefusedForGood("it lacks its id or its comment")
    if document.get("relation", COACH) not in RELATION_WORDS:
        raise FeedbackRefusedForGood("it names its writer neither a coach nor a group member")
    proof = proofs.check(document)
    if not proof.valid:
        raise FeedbackRefusedForGood(f"it does not hold: {proof.problem}")
    if proof.signer != coach["did"]:
        raise FeedbackRefusedForGood("it is signed by another key than its coach's")
    return document


def import_document(journal: Journal, document: dict) -> str:
    """Import a checked document; what was done as a sentence ('' when it was imported before)."""
    if document["type"] == REVIEW:
        return _import_review(journal, document)
    return _import_comment(journal, document)


def _import_review(journal: Journal, document: dict) -> str:
    quality, about = document.get("quality"), document.get("application")
    if isinstance(quality, bool) or not isinstance(quality, int) or not 1 <= quality <= 5 or not isinstance(about, dict):
        raise FeedbackRefusedForGood("its quality is not a whole number from 1 to 5")
    found = read_records(journal, "applications", [str(about.get("id"))]).applications
    if not found:  # for now: it may come with a sync, or its delete be undone
        raise FeedbackRefused("the application it reviews is no longer in the journal")
    application = found[0]
    if application.review and _stored_id(application.review) == document["id"]:
        return ""
    coach = _coach_contact(journal, document["coach"], relation_of(document))
    reviewed = replace(application, reviewer_id=coach.id, quality=quality,
                       review=json.dumps(document, ensure_ascii=False, separators=(",", ":")))
    save_with_undo(journal, coach, reviewed)
    who = coach.name if relation_of(document) == COACH else f"{coach.name}, a member of your group,"
    return f"{who} reviewed the application of {day_text(application.date)}: quality {quality}, verified."


def _import_comment(journal: Journal, document: dict) -> str:
    about = document.get("checkin")
    if not isinstance(about, dict) or not document["comment"].strip():
        raise FeedbackRefusedForGood("it names no check-in, or holds no comment")
    found = read_records(journal, "checkins", [str(about.get("id"))]).checkins
    if not found:  # for now, as for an application
        raise FeedbackRefused("the check-in it comments on is no longer in the journal")
    checkin = found[0]
    paragraph = comment_paragraph(document)
    if paragraph in checkin.notes:
        return ""
    notes = f"{checkin.notes.rstrip()}\n\n{paragraph}" if checkin.notes.strip() else paragraph
    save_with_undo(journal, replace(checkin, notes=notes))
    return f"{document['coach']['name']} commented on your check-in of {day_text(checkin.date)}."


def comment_paragraph(document: dict) -> str:
    """How a comment shows in the check-in's notes: who, when, signature checked, the words."""
    when = str(document.get("created", ""))[:10]
    coach = document["coach"]
    return f"Comment from {coach['name']} (coach, {coach['user']}; signature checked) on {when}: {document['comment'].strip()}"


def _stored_id(review: str) -> str | None:
    try:
        stored = json.loads(review)
    except ValueError:
        return None
    return stored.get("id") if isinstance(stored, dict) else None


def relation_of(document: dict) -> str:
    """COACH or PEER: who the writer says they are to the client (a checked document holds one of them)."""
    return str(document.get("relation", COACH))


def _coach_contact(journal: Journal, coach: dict, relation: str = COACH) -> r.Contact:
    """The contact holding the writer's key; else one of that name without a key, given it; else a new
    contact, a coach or (for a group member) a peer."""
    from masterydesk.services.views import contacts_named_or_keyed

    by_key, by_name = contacts_named_or_keyed(journal, coach["did"], coach["name"])
    if by_key is not None:
        return by_key
    if by_name is not None:
        if by_name.did:  # for now: the user may set the contact's key right
            raise FeedbackRefused(f"the contact {by_name.name} holds another key than the one it is signed with")
        return replace(by_name, did=coach["did"])
    relationship = r.Relationship.PEER if relation == PEER else r.Relationship.COACH
    return r.Contact(new_id("contacts"), coach["name"][:200], relationship, did=coach["did"])


def verified_coach_review(application: r.Application, contact: r.Contact | None) -> str:
    """'Verified review by Kim (coach): 4/5' (or '(group member)'), or what does not hold (reviews.verified_review
    asks)."""
    try:
        document = checked_document(json.loads(application.review))
    except (FeedbackRefused, ValueError) as error:
        return f"Review not verified: {error}"
    if document.get("type") != REVIEW or document.get("application", {}).get("id") != application.id:
        return "Review not verified: it reviews another application."
    if contact is None or contact.did != document["coach"]["did"]:
        return "Review not verified: the reviewer's key is not the one held for the contact."
    return f"Verified review by {contact.name} ({RELATION_WORDS[relation_of(document)]}): {document['quality']}/5"


def receive_on_hub(journal: Journal, address: str, receiving=receive) -> Received:
    """receive() (or another receiving(journal, hub)) on the PostgreSQL hub at address, opened and closed here."""
    with shares.share_hub(address) as hub:
        return receiving(journal, hub)


def after_sync(journal: Journal, result):
    """A sync's result (syncing.SyncResult) with what came from coaches and reviewers: more received, their sentences.

    The hub is opened once, and both are fetched through its one pooled connection."""
    from masterydesk.trust.hub_reviews import receive_answers

    try:
        address = shares.hub_address(journal, None)
    except shares.ShareRefused:
        return result  # a folder hub: nothing is shared on it
    fetches = ((receive, "Your coach's comments"), (receive_answers, "The answers to your review requests"))
    try:
        with shares.share_hub(address) as hub:
            for receiving, what in fetches:  # with_received says what a fetch met
                result = with_received(result, partial(receiving, journal, hub), what)
    except MasteryDeskError as error:  # an address that is no URL: each fetch says so, as it would have
        for _receiving, what in fetches:
            result = not_fetched(result, what, error)
    return result


def with_received(result, receiving, what: str):
    """The result with what receiving() brought; a hub without its table adds nothing, another failure a sentence."""
    try:
        got = receiving()
    except hub_feedback.NoFeedbackTable:
        return result  # an older hub: nobody can write this yet
    except MasteryDeskError as error:
        return not_fetched(result, what, error)
    return replace(result, received=result.received + got.imported,
                   problems=result.problems + got.sentences + got.problems)


def not_fetched(result, what: str, error: Exception):
    """The result with the sentence saying what was not fetched, and why."""
    return replace(result, problems=result.problems + (f"{what} were not fetched: {error}",))
