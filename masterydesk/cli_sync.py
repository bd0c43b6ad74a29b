"""The command line of sync and hubs: `masterydesk sync` and `masterydesk hub` (DESIGN.md).

Kept apart from cli.py, which builds the parser: it adds these commands to it, and each imports
the sync package only when it runs (libsodium and the PostgreSQL driver stay off every other path).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

SYNC_PASSPHRASE = "MASTERYDESK_SYNC_PASSPHRASE"

Say = Callable[[str], None]


def add_commands(commands, add_db: Callable, run_sync: Callable, run_hub: Callable) -> None:
    """Add `sync` and `hub` to the parser's commands (cli's runners open the journal, print, ask)."""
    p = commands.add_parser("sync", help="sync the journal with its hub now (set it up with --hub)")
    p.add_argument("--hub", metavar="DIR|URL", help="a folder, or postgresql://USER:PASSWORD@HOST[:PORT]/DB (remembered)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--status", action="store_true", help="say when the last sync was and how it went")
    which.add_argument("--conflicts", action="store_true", help="list the values a sync overwrote")
    which.add_argument("--off", action="store_true", help="stop syncing this journal on this device")
    p.add_argument("--json", action="store_true", help="with --status or --conflicts: as JSON")
    add_db(p, argparse.SUPPRESS, demo=False)
    p.set_defaults(run=run_sync)

    p = commands.add_parser("hub", help="set up a PostgreSQL hub, or add a user to it")
    actions = p.add_subparsers(dest="hub_command", metavar="ACTION", required=True)
    q = actions.add_parser("init", help="create a hub's tables and row-level security")
    q.add_argument("admin_url", metavar="ADMIN_URL")
    q.set_defaults(run=run_hub, hub_run=command_hub_init)
    q = actions.add_parser("add-user", help="a login role for one user; prints the user's hub URL last")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--hub", dest="admin_url", required=True, metavar="ADMIN_URL")
    q.set_defaults(run=run_hub, hub_run=command_hub_add_user)


def command_sync(args: argparse.Namespace, open_journal: Callable, say: Say, passphrase: Callable) -> int:
    """Sync now; with --hub on a journal not yet set up with it, set up (a new device: the journal is made)."""
    from masterydesk.sync import syncing

    key = None
    if args.hub and not (args.status or args.conflicts or args.off):
        key = syncing.hub_key_for(args.hub, passphrase(SYNC_PASSPHRASE, "Sync passphrase: "))
    journal = open_journal(create=key is not None)
    try:
        if key is not None and syncing.status(journal).hub != syncing.shown_hub(args.hub):
            result = syncing.set_up(journal, args.hub, key)
        else:
            return _other_actions(args, journal, say)
    finally:
        journal.close()
    say(result.sentence())
    return 0


def _other_actions(args: argparse.Namespace, journal, say: Say) -> int:
    from masterydesk.sync import syncing
    from masterydesk.sync.conflicts import conflicts

    if args.status:
        found = syncing.status(journal)
        say(json.dumps(found.as_json(), indent=2) if args.json else found.sentence())
        return 0
    if args.conflicts:
        kept = conflicts(journal)
        if args.json:
            say(json.dumps([c.as_json() for c in kept], indent=2, ensure_ascii=False))
        else:
            for c in kept:
                say(f"{c.noticed_at}  {c.what}: kept the newer value; the older was {json.dumps(c.lost_value, ensure_ascii=False)}"
                    + (" (restored)" if c.restored else ""))
            if not kept:
                say("No sync conflicts.")
        return 0
    if args.off:
        syncing.turn_off(journal)
        say("Sync is off for this journal on this device; the hub and the other devices keep their copies.")
        return 0
    from masterydesk.trust.feedback import after_sync  # a coach's signed comments and reviews come in too

    say(after_sync(journal, syncing.sync_now(journal)).sentence())
    return 0


def command_hub_init(args: argparse.Namespace, say: Say) -> int:
    from masterydesk.sync.postgres_hub import init_hub

    say(init_hub(args.admin_url))
    return 0


def command_hub_add_user(args: argparse.Namespace, say: Say) -> int:
    from masterydesk.sync.postgres_hub import add_user

    say(add_user(args.name, args.admin_url))
    return 0
