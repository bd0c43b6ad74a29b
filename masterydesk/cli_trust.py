"""The command line of identity, reviews and credentials (DESIGN.md, Beyond one machine).

cli.py adds these commands to its parser; each imports masterydesk.trust only when it runs.
"""

from __future__ import annotations

import argparse
import json
import stat
from collections.abc import Callable
from pathlib import Path

Say = Callable[[str], None]


def add_commands(commands, add_db: Callable, run: Callable) -> None:
    """Add `identity`, `review` and `credential`; run(args) opens the journal and calls args.trust_run."""
    p = commands.add_parser("identity", help="the journal's owner and signing key (a did:key)")
    p.add_argument("--name", help="set the owner's name, as peers will see it")
    p.add_argument("--json", action="store_true", help="the identity card to give peers, as JSON")
    add_db(p, argparse.SUPPRESS, demo=False)
    p.set_defaults(run=run, trust_run=command_identity, writes=True)

    p = commands.add_parser("review", help="ask a peer to review an application, or answer or decline a request")
    actions = p.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    q = actions.add_parser("request", help="a signed request for a review of one application, as a file or through the hub")
    q.add_argument("--application", required=True, metavar="ID")
    where = q.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", metavar="FILE", help="write the request to FILE, to send by any means")
    where.add_argument("--to", metavar="HUB_USER", help="send it, sealed, to this user of your PostgreSQL hub")
    _add_hub(q)
    add_db(q, argparse.SUPPRESS, demo=False)
    q.set_defaults(run=run, trust_run=command_review_request, writes=True)
    q = actions.add_parser("inbox", help="the review requests addressed to you on your PostgreSQL hub")
    q.add_argument("--json", action="store_true",
                   help='{"requests": [...], "problems": [...], "unreadable": [{"id", "from", "problem"}]}')
    _add_hub(q)
    add_db(q, argparse.SUPPRESS, demo=False)
    q.set_defaults(run=run, trust_run=command_review_inbox, writes=True)
    q = actions.add_parser("answer", help="answer a review request (a file, or one on the hub); your journal's key signs it")
    q.add_argument("request", metavar="REQUEST", nargs="?", help="the request file (with --out)")
    q.add_argument("--from-hub", metavar="ID", help="the request with this id in `review inbox`: the answer goes back through the hub")
    q.add_argument("--quality", required=True, type=int, choices=range(1, 6), metavar="1-5")
    q.add_argument("--comment", default="")
    q.add_argument("--out", metavar="FILE", help="where to write the answer to a request file")
    _add_hub(q)
    add_db(q, argparse.SUPPRESS, demo=False)
    q.set_defaults(run=run, trust_run=command_review_answer, writes=True)
    q = actions.add_parser("decline", help="decline a review request on the hub: it leaves your inbox unanswered")
    q.add_argument("--from-hub", required=True, metavar="ID", help="the request with this id in `review inbox`")
    _add_hub(q)
    add_db(q, argparse.SUPPRESS, demo=False)
    q.set_defaults(run=run, trust_run=command_review_decline, writes=True)

    p = commands.add_parser("credential", help="issue an Open Badges 3.0 credential for a skill, or verify one")
    actions = p.add_subparsers(dest="credential_command", metavar="ACTION", required=True)
    q = actions.add_parser("issue", help="a signed credential for a skill at Applied or Mastery")
    q.add_argument("--skill", required=True, metavar="ID")
    q.add_argument("--out", required=True, metavar="FILE")
    add_db(q, argparse.SUPPRESS, demo=False)
    q.set_defaults(run=run, trust_run=command_credential_issue, writes=True)
    q = actions.add_parser("verify", help="check every signature of a credential, offline")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--json", action="store_true", help='{"valid": bool, "signatures": N, "problems": [...]}')
    q.set_defaults(run=run, trust_run=command_credential_verify, writes=False)


def _add_hub(parser) -> None:
    parser.add_argument("--hub", metavar="URL",
                        help="with the hub: postgresql://USER:PASSWORD@HOST[:PORT]/DB (default: the journal's sync hub)")


def _on_hub(journal, given: str | None, work: Callable):
    """work(hub) on the PostgreSQL hub given, else the journal's sync hub; the hub is closed after."""
    from masterydesk.sync import shares

    with shares.share_hub(shares.hub_address(journal, given)) as hub:
        return work(hub)


def _write(document: dict, out: str) -> Path:
    from masterydesk.services.files import write_text_atomically

    return write_text_atomically(Path(out), json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def command_identity(args: argparse.Namespace, journal, say: Say) -> int:
    from masterydesk.trust.identity import journal_identity, set_owner_name

    identity = set_owner_name(journal, args.name) if args.name else journal_identity(journal)
    say(json.dumps(identity.card(), indent=2, ensure_ascii=False) if args.json else f"{identity.name}\n{identity.did}")
    return 0


def command_review_request(args: argparse.Namespace, journal, say: Say) -> int:
    from masterydesk.trust.reviews import request_sentence, review_request

    if args.to:
        from masterydesk.trust.hub_reviews import send_request

        say(_on_hub(journal, args.hub, lambda hub: send_request(journal, hub, args.application, args.to)))
        return 0
    request = review_request(journal, args.application)
    written = _write(request, args.out)
    say(f"{request_sentence(request)} Written to {written}; send it to the reviewer.")
    return 0


def command_review_inbox(args: argparse.Namespace, journal, say: Say) -> int:
    from masterydesk.trust.hub_reviews import inbox

    found = _on_hub(journal, args.hub, lambda hub: inbox(journal, hub))
    if args.json:
        say(json.dumps({"requests": [request.as_json() for request in found.requests], "problems": list(found.problems),
                        "unreadable": [request.as_json() for request in found.unreadable]},
                       indent=2, ensure_ascii=False))
        return 1 if found.problems else 0
    for request in found.requests:
        say(f"{request.id}  from {request.sender}: {request.sentence}")
    for unreadable in found.unreadable:  # with its id, so that it can be declined
        say(f"{unreadable.id}  {unreadable.problem}")
    if not found.requests and not found.problems:
        say("No review request is addressed to you on the hub.")
    return 1 if found.problems else 0


def command_review_answer(args: argparse.Namespace, journal, say: Say) -> int:
    from masterydesk.trust.identity import journal_identity
    from masterydesk.trust.reviews import ReviewRefused, answer_request, read_request_file, request_sentence

    if bool(args.from_hub) == bool(args.request) or bool(args.request) != bool(args.out):
        raise ReviewRefused("Answer a request file (REQUEST --out FILE) or a request on the hub (--from-hub ID), "
                            "one of the two.")
    if args.from_hub:
        from masterydesk.trust.hub_reviews import answer_from_hub

        say(_on_hub(journal, args.hub,
                    lambda hub: answer_from_hub(journal, hub, args.from_hub, args.quality, args.comment)))
        return 0
    request = read_request_file(Path(args.request))
    answer = answer_request(request, journal_identity(journal), args.quality, args.comment)  # checks the request
    written = _write(answer, args.out)
    say(f"{request_sentence(request)} Your signed answer ({args.quality}/5) is in {written}; send it back.")
    return 0


def command_review_decline(args: argparse.Namespace, journal, say: Say) -> int:
    from masterydesk.trust.hub_reviews import decline_from_hub

    say(_on_hub(journal, args.hub, lambda hub: decline_from_hub(journal, hub, args.from_hub)))
    return 0


def command_credential_issue(args: argparse.Namespace, journal, say: Say) -> int:
    from masterydesk.trust.credentials import issue_credential

    credential = issue_credential(journal, args.skill)
    written = _write(credential, args.out)
    say(f"Wrote the credential '{credential['name']}' to {written}.")
    return 0


def command_credential_verify(args: argparse.Namespace, journal, say: Say) -> int:
    from masterydesk.trust.credentials import read_credential_file, verify_credential

    verification = verify_credential(read_credential_file(Path(args.file)))
    if args.json:
        say(json.dumps(verification.as_json(), indent=2, ensure_ascii=False))
    else:
        for line in (*verification.vouches, *verification.problems):
            say(line)
        say("The credential holds." if verification.valid else "The credential does not hold.")
    return 0 if verification.valid else 1


PEER_FILES = (b'"MasteryDeskReviewAnswer"', b'"MasteryDeskIdentity"')


def is_from_a_peer(path: Path) -> bool:
    """Whether a file to import is a peer's signed review answer or identity card (by its first bytes).

    Only a regular file is looked into: opening a named pipe would wait for a writer for ever."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False
        with open(path, "rb") as stream:
            head = stream.read(4096)
    except OSError:
        return False
    return head.lstrip().startswith(b"{") and any(kind in head for kind in PEER_FILES)


def import_from_a_peer(journal, path: Path) -> str:
    """`masterydesk import FILE` of a review answer (sets reviewer and quality) or an identity card."""
    from masterydesk.trust.reviews import ANSWER, import_answer, import_card, read_peer_file

    document = read_peer_file(path)
    importing = import_answer if document.get("type") == ANSWER else import_card
    _saving, sentence = importing(journal, document)
    return sentence
