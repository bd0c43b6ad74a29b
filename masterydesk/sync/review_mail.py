"""Review requests and answers through a PostgreSQL hub: sealed rows in `hub_review_requests` and
`hub_review_answers` (postgres_hub), kept with sync.feedback's helpers.

A requester's MasteryDesk seals a signed review request (trust.reviews) to the reviewer's published key
and stores it for that hub user; the reviewer's MasteryDesk lists the requests addressed to it, and its
signed answer goes back sealed to the requester's published key, in the same transaction that deletes
the request (the hub accepts an answer only while a request from its reader to its writer is there); or it
declines the request, which deletes it and sends nothing (the `_deleted_by_reader` policy lets the reviewer
delete a request addressed to it, and nobody else but its writer).
The requester's next sync imports the answers and deletes them (and those refused for good). What the
hub sees: who asked whom and who answered whom, when, and sizes; never a skill, a name or a word.

Layers: sync may not import trust, so documents come in as bytes and keys as 32 bytes.
"""

from __future__ import annotations

from masterydesk.sync import feedback
from masterydesk.sync.postgres_hub import REVIEW_ANSWERS, REVIEW_REQUESTS


def send_request(hub, reviewer: str, reviewer_key: bytes, request: bytes) -> str:
    """Store the request sealed to the reviewer; its id on the hub."""
    return feedback.send(hub, reviewer, reviewer_key, request, REVIEW_REQUESTS)


def requests_to_me(hub) -> list[feedback.Sealed]:
    """The review requests addressed to this hub user, oldest first."""
    return feedback.addressed_to_me(hub, REVIEW_REQUESTS)


def send_answer(hub, request_id: str, requester: str, requester_key: bytes, answer: bytes) -> str:
    """Store the answer sealed to the requester and delete the request it answers, in one transaction."""
    answer_id, statement = feedback.sealed_row(REVIEW_ANSWERS, requester, requester_key, answer)
    with feedback.mail_table(hub, REVIEW_ANSWERS, write=True) as connection:
        connection.execute(statement)
        connection.execute(feedback.forget_statement(hub, [request_id], REVIEW_REQUESTS))
    return answer_id


def decline_request(hub, request_id: str) -> bool:
    """Delete a review request addressed to this hub user, unanswered; whether it was there to delete."""
    with feedback.mail_table(hub, REVIEW_REQUESTS, write=True) as connection:
        return connection.execute(feedback.forget_statement(hub, [request_id], REVIEW_REQUESTS)).rowcount == 1


def answers_to_me(hub) -> list[feedback.Sealed]:
    """The review answers addressed to this hub user, oldest first."""
    return feedback.addressed_to_me(hub, REVIEW_ANSWERS)


def forget_answers(hub, ids: list[str]) -> None:
    """Delete answers addressed to this hub user (once imported, or refused for good)."""
    feedback.forget(hub, ids, REVIEW_ANSWERS)
