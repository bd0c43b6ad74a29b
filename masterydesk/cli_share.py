"""The command line of sharing: `masterydesk share` and `masterydesk coach` (DESIGN.md, Beyond one machine).

    masterydesk share --with HUB_USER [--hub URL] [--db FILE]     share the non-private records, sealed to them
    masterydesk share --stop HUB_USER                             their copy is deleted from the hub
    masterydesk share --list [--json] | --publish-key | --refresh
    masterydesk coach [--hub URL] [--db FILE] [--json]            the Clients list
    masterydesk coach --client HUB_USER [--export COPY.sqlite | --report OUT.pdf]   (--out: the older name of --export)
    masterydesk coach --client HUB_USER --comment-checkin DATE --text TEXT           a signed comment on a check-in
    masterydesk coach --client HUB_USER --review-application ID --quality 1-5 [--comment TEXT]
    masterydesk share --feedback                                  import the coaches' comments and reviews now

The hub is the journal's sync hub unless --hub names one; it must be PostgreSQL. The journal's
identity (trust.identity) signs what is shared and opens what is shared with it; its did:key is
published on the hub the first time. cli.py adds these commands to its parser and runs them on the
journal (command_trust); each imports sync and trust only when it runs.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

Say = Callable[[str], None]


def add_commands(commands, add_db: Callable, run: Callable) -> None:
    """Add `share` and `coach`; run(args) opens the journal and calls args.trust_run(args, journal, say)."""
    p = commands.add_parser("share", help="share your non-private records with a hub user (a coach, a group)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--with", dest="with_user", metavar="HUB_USER", help="share with this hub user (again: bring it up to date)")
    which.add_argument("--stop", metavar="HUB_USER", help="stop sharing with this hub user: their copy is deleted from the hub")
    which.add_argument("--list", action="store_true", help="whom you share with")
    which.add_argument("--publish-key", action="store_true", help="publish this journal's key on the hub, for others to share with you")
    which.add_argument("--refresh", action="store_true", help="bring every share up to date now (each sync does it too)")
    which.add_argument("--feedback", action="store_true",
                       help="import your coaches' signed comments and reviews now (each sync in the window does it too)")
    p.add_argument("--json", action="store_true", help="with --list: as JSON")
    p.add_argument("--hub", metavar="URL", help="postgresql://USER:PASSWORD@HOST[:PORT]/DB (default: the journal's sync hub)")
    add_db(p, argparse.SUPPRESS, demo=False)
    p.set_defaults(run=run, trust_run=command_share, writes=True)

    p = commands.add_parser("coach", help="the clients who share with you: figures, last check-in, what needs attention")
    p.add_argument("--client", metavar="HUB_USER", help="one client only")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--export", "--out", dest="out", metavar="COPY.sqlite",
                     help="with --client: write their journal's copy, to open read-only (--out is the older name)")
    out.add_argument("--report", metavar="OUT.pdf", help="with --client: write their coaching report")
    out.add_argument("--comment-checkin", metavar="DATE", type=_day,
                     help="with --client and --text: send a signed comment on their check-in of DATE (YYYY-MM-DD)")
    out.add_argument("--review-application", metavar="ID",
                     help="with --client and --quality: send a signed review of their application ID")
    p.add_argument("--text", metavar="TEXT", help="the comment on the check-in")
    p.add_argument("--quality", metavar="1-5", type=int, help="the review's quality, 1 to 5")
    p.add_argument("--comment", metavar="TEXT", default="", help="the review's comment")
    p.add_argument("--json", action="store_true", help="the Clients list as JSON")
    p.add_argument("--hub", metavar="URL", help="postgresql://USER:PASSWORD@HOST[:PORT]/DB (default: the journal's sync hub)")
    add_db(p, argparse.SUPPRESS, demo=False)
    p.set_defaults(run=run, trust_run=command_coach, writes=True)


def _day(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a date like 2026-03-02") from None


def me(journal):
    """The journal's identity as sync.shares takes it (made the first time)."""
    from masterydesk.trust.feedback import me as identity_me
    from masterydesk.trust.identity import journal_identity

    return identity_me(journal_identity(journal))


def command_share(args: argparse.Namespace, journal, say: Say) -> int:
    from masterydesk.sync import shares
    from masterydesk.trust.did_key import public_key_from_did

    if args.json and not args.list:
        raise shares.ShareRefused("--json goes with --list.")
    with shares.share_hub(shares.hub_address(journal, args.hub)) as hub:
        if args.with_user:
            say(shares.share_with(journal, hub, me(journal), args.with_user, public_key_from_did))
        elif args.stop:
            say(shares.stop_sharing(hub, args.stop))
        elif args.publish_key:
            say(shares.publish_key(hub, me(journal).did))
        elif args.feedback:
            return _import_feedback(journal, hub, say)
        elif args.refresh:
            made = shares.own_shares(hub)
            problems = shares.refresh_shares(journal, hub, me(journal))
            say(f"Brought {len(made) - len(problems)} of {len(made)} share{'s' if len(made) != 1 else ''} up to date.")
            for problem in problems:
                say(problem)
            return 1 if problems else 0
        else:
            _list(shares.own_shares(hub), args.json, say)
    return 0


def _import_feedback(journal, hub, say: Say) -> int:
    from masterydesk.trust.feedback import receive

    got = receive(journal, hub)
    for sentence in got.sentences + got.problems:
        say(sentence)
    if not got.sentences and not got.problems:
        say("No new comment or review from a coach.")
    return 1 if got.problems else 0


def _list(made, as_json: bool, say: Say) -> None:
    if as_json:
        say(json.dumps([share.as_json() for share in made], indent=2))
        return
    for share in made:
        when = share.updated_at.strftime("%Y-%m-%d %H:%M %Z")
        changed = "; they have published another key since: share again to accept it" if share.key_changed else ""
        say(f"{share.reader}: shared, brought up to date {when}{changed}.")
    if not made:
        say("You share with nobody on this hub.")


def command_coach(args: argparse.Namespace, journal, say: Say) -> int:
    from masterydesk.sync import shares
    from masterydesk.trust.did_key import public_key_from_did

    _check_coach_options(args)
    with shares.share_hub(shares.hub_address(journal, args.hub)) as hub:
        if args.comment_checkin or args.review_application:
            say(_send_feedback(args, journal, hub))
            return 0
        received, problems = shares.received_shares(hub, me(journal), public_key_from_did, owner=args.client)
    if args.out:
        written = shares.save_copy(received[0], Path(args.out))
        say(f"Wrote {received[0].name}'s journal, as shared on {received[0].made_at[:10]}, to {written}; "
            "File ▸ Open coaching views… opens it read-only.")
        return 0
    if args.report:
        from masterydesk.ui.report_pdf import write_report

        with shares.opened_copy(received[0]) as copy:
            pages = write_report(copy, Path(args.report))
        say(f"Wrote {received[0].name}'s coaching report ({pages} page{'s' if pages != 1 else ''}) to {args.report}.")
        return 0
    views = [shares.client_view(share) for share in received]
    if args.json:
        say(json.dumps({"clients": [view.as_json() for view in views], "problems": problems}, indent=2,
                       ensure_ascii=False))
    else:
        _clients(views, say)
        for problem in problems:
            say(problem)
    return 1 if problems else 0


def _check_coach_options(args: argparse.Namespace) -> None:
    from masterydesk.sync.shares import ShareRefused

    acting = args.out or args.report or args.comment_checkin or args.review_application
    if acting and not args.client:
        raise ShareRefused("--export, --report, --comment-checkin and --review-application go with --client HUB_USER.")
    if args.comment_checkin and not (args.text or "").strip():
        raise ShareRefused("--comment-checkin needs the comment: --text TEXT.")
    if args.review_application and args.quality is None:
        raise ShareRefused("--review-application needs --quality 1-5.")
    if (args.text and not args.comment_checkin) or ((args.quality is not None or args.comment)
                                                    and not args.review_application):
        raise ShareRefused("--text goes with --comment-checkin; --quality and --comment with --review-application.")


def _send_feedback(args: argparse.Namespace, journal, hub) -> str:
    from masterydesk.trust import feedback

    if args.comment_checkin:
        return feedback.send_comment(journal, hub, args.client, args.comment_checkin, args.text)
    return feedback.send_review(journal, hub, args.client, args.review_application, args.quality, args.comment)


def _clients(views, say: Say) -> None:
    from masterydesk.services.figures import day_text

    for view in views:
        say(f"{view.user} — {view.name} (shared {view.made_at[:10]})")
        say(f"  {view.headline()}")
        say(f"  last check-in: {day_text(view.last_checkin) if view.last_checkin else 'none yet'}")
        for item in view.attention:
            say(f"  needs attention: {item}")
    if not views:
        say("No hub user shares with you yet.")
