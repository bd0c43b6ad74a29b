"""The command line: open the app, or log an entry, import, export, print metrics, write a report, back up.

Imports are made inside each command so that `masterydesk` opens the window without loading
what only the other commands need.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import sys
from pathlib import Path

from masterydesk import __version__


# The commands that take --demo: they work on the demo journal the app opens (made the first time).
DEMO_COMMANDS = ("log", "import", "export", "metrics", "report", "backup")


def _day(text: str) -> dt.date:
    """A day as typed: 2024-03-31, today, yesterday or a weekday name."""
    from masterydesk.domain.day_words import day_from_words

    try:
        return day_from_words(text, dt.date.today())
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _journal_path(args: argparse.Namespace) -> Path:
    from masterydesk.paths import default_journal

    return Path(args.db) if getattr(args, "db", None) else default_journal()


def _open(args: argparse.Namespace, *, create: bool = False, read_only: bool = False):
    from masterydesk.services.journals import open_journal_file

    return open_journal_file(_journal_path(args), create=create, read_only=read_only)


def command_log(args: argparse.Namespace) -> int:
    from masterydesk.services.quick_entry import EntryRefused, log_entry

    journal = _open(args)
    try:
        _entry, saved = log_entry(
            journal, args.text, kind=args.kind, minutes=args.minutes, skill_names=args.skills,
            day=args.date or dt.date.today(), private=args.private,
        )
    except EntryRefused as refusal:  # wrong words, like a usage error: nothing was saved
        _say(f"masterydesk: {refusal}", sys.stderr)
        return 2
    finally:
        journal.close()
    _say(saved)
    return 0


def command_import(args: argparse.Namespace) -> int:
    from masterydesk.cli_trust import import_from_a_peer, is_from_a_peer
    from masterydesk.interchange.importers import import_file, import_new_journal

    if is_from_a_peer(Path(args.file)):  # a signed review or an identity card: for the journal that exists
        journal = _open(args)
        try:
            _say(import_from_a_peer(journal, Path(args.file)))
        finally:
            journal.close()
        return 0
    # No journal yet and an export: the journal is built beside its place, then renamed into it.
    summary = import_new_journal(_journal_path(args), Path(args.file), relationship=args.relationship)
    if summary is None:
        journal = _open(args, create=True)
        try:
            summary = import_file(journal, Path(args.file), relationship=args.relationship)
        finally:
            journal.close()
    _say(str(summary))
    return 0


def command_export(args: argparse.Namespace) -> int:
    from masterydesk.interchange.exporters import export_journal

    journal = _open(args, read_only=True)
    try:
        written = export_journal(journal, Path(args.out), args.format, include_private=args.include_private)
    finally:
        journal.close()
    _say(f"Exported to {written}.")
    return 0


def command_metrics(args: argparse.Namespace) -> int:
    from masterydesk.interchange.metrics_json import metrics_to_json
    from masterydesk.services.metrics import file_metrics

    report = file_metrics(_journal_path(args), args.start, args.end)
    _say(json.dumps(metrics_to_json(report), indent=2, ensure_ascii=False))
    return 0


def command_report(args: argparse.Namespace) -> int:
    from masterydesk.ui.report_pdf import write_report

    journal = _open(args, read_only=True)
    try:
        pages = write_report(journal, Path(args.out), args.start, args.end)
    finally:
        journal.close()
    _say(f"Wrote the coaching report ({pages} page{'s' if pages != 1 else ''}) to {args.out}.")
    return 0


def command_backup(args: argparse.Namespace) -> int:
    from masterydesk.services.backups import make_backup

    target = make_backup(_journal_path(args), reason="manual")
    _say(f"Backed up to {target}.")
    return 0


def command_restore(args: argparse.Namespace) -> int:
    from masterydesk.services.backups import restore_backup

    backup = Path(args.backup)
    _unlock(backup)
    kept = restore_backup(backup, _journal_path(args))
    if kept == backup:  # there was no journal to keep
        _say(f"Restored {backup} as the journal {_journal_path(args)}.")
    else:
        _say(f"Restored {backup}; the journal it replaced is kept as {kept}.")
    return 0


def command_passphrase(args: argparse.Namespace) -> int:
    from masterydesk.services import protection
    from masterydesk.paths import NEW_PASSPHRASE_VARIABLE as NEW_PASSPHRASE
    from masterydesk.paths import PASSPHRASE_VARIABLE as PASSPHRASE

    path = _journal_path(args)
    if args.set:
        result = protection.protect(path, _passphrase(NEW_PASSPHRASE, "New passphrase: ", confirm=True))
        done = "is now protected with a passphrase"
    elif args.change:
        current = _passphrase(PASSPHRASE, f"Current passphrase of {path.name}: ")
        result = protection.change(path, current, _passphrase(NEW_PASSPHRASE, "New passphrase: ", confirm=True))
        done = "has a new passphrase"
    else:
        result = protection.remove(path, _passphrase(PASSPHRASE, f"Passphrase of {path.name}: "))
        done = "is no longer protected with a passphrase"
    _say(result.sentence(done))
    return 0


def command_sync(args: argparse.Namespace) -> int:
    from masterydesk import cli_sync

    return cli_sync.command_sync(args, lambda create: _open(args, create=create), _say, _passphrase)


def command_hub(args: argparse.Namespace) -> int:
    return args.hub_run(args, _say)


def command_trust(args: argparse.Namespace) -> int:
    """identity, review, credential: on the journal (read-only when the command only reads)."""
    if not args.writes:  # credential verify reads a file, not a journal
        return args.trust_run(args, None, _say)
    journal = _open(args)
    try:
        return args.trust_run(args, journal, _say)
    finally:
        journal.close()


def _passphrase(variable: str, prompt: str, confirm: bool = False) -> str:
    """A passphrase from the environment, else asked on the terminal (twice for a new one)."""
    import os

    from masterydesk.domain.errors import MasteryDeskError

    value = os.environ.get(variable)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise MasteryDeskError(f"A passphrase is needed: set {variable}, or run the command in a terminal to be asked.")
    import getpass

    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("The same again: ") != value:
        raise MasteryDeskError("The two passphrases differ; nothing was changed.")
    return value


def _unlock(path: Path) -> None:
    """Give a protected journal its passphrase before a command reads it."""
    from masterydesk.paths import PASSPHRASE_VARIABLE
    from masterydesk.services.protection import is_protected, is_unlocked, unlock_journal

    if path.is_file() and is_protected(path) and not is_unlocked(path):
        unlock_journal(path, _passphrase(PASSPHRASE_VARIABLE, f"Passphrase of {path.name}: "))


def _add_db(parser: argparse.ArgumentParser, default, demo: bool = True) -> None:
    parser.add_argument("--db", metavar="FILE", default=default, help="the journal file to use")
    if demo:  # given before the command or after it; SUPPRESS keeps the one given before
        parser.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                            help="use the demo journal (a realistic sample) instead")


DAY_HELP = "YYYY-MM-DD, today, yesterday or a weekday name"


def _add_window(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", type=_day, metavar="DATE", help=f"first day ({DAY_HELP})")
    parser.add_argument("--to", dest="end", type=_day, metavar="DATE", help=f"last day ({DAY_HELP})")


# This module's own commands; the others (sync, hub, identity, review, credential, share, coach) come
# from cli_sync, cli_trust and cli_share.
OWN_COMMANDS = ("log", "import", "export", "metrics", "report", "backup", "restore", "passphrase")


def command_word(argv: list[str]) -> str | None:
    """The command a command line names (its first word that is not an option or --db's value); APP
    for one that opens the app; None when it asks for help without a command (all are listed)."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None if {"-h", "--help"} & set(argv) else APP


APP = "app"  # build_parser's command for a command line that opens the app (no command, no --help)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of the command line; for one of this module's own commands, without the other modules'
    (importing them and adding their twenty parsers was a tenth of `masterydesk log`'s 0.1 s); for
    APP, without any command's (39 ms of the way to the window's first frame)."""
    parser = argparse.ArgumentParser(prog="masterydesk", description="MasteryDesk: a personal mastery journal.")
    parser.add_argument("--version", action="version", version=f"MasteryDesk {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the app (or run the command) on a realistic sample journal")
    parser.add_argument("--read-only", action="store_true",
                        help="open the app on the journal without changing it (a copy, say): no edit is saved")
    parser.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)
    _add_db(parser, None, demo=False)
    if command == APP:
        parser.set_defaults(command=None)
        return parser
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    from masterydesk.domain.records import EntryKind

    p = commands.add_parser("log", help="add a journal entry in one line")
    p.add_argument("text", metavar="TEXT", help="what you did, in a few words")
    p.add_argument("--kind", default="practice", type=str.casefold, choices=[k.value for k in EntryKind])
    p.add_argument("--minutes", type=int, default=0, help="the time it took")
    p.add_argument("--skill", dest="skills", action="append", default=[], metavar="NAME",
                   help="a skill it touched, by name (again for each skill)")
    p.add_argument("--date", type=_day, metavar="DATE", help=f"the day (default today; {DAY_HELP})")
    p.add_argument("--private", action="store_true", help="keep it out of reports and exports meant for others")
    _add_db(p, argparse.SUPPRESS)
    p.set_defaults(run=command_log)

    p = commands.add_parser("import", help="import a file (MasteryDesk JSON, jrnl JSON, vCard, LinkedIn or Outlook CSV)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--relationship", metavar="KIND",
                   help="what new contacts are to you (default: peer for vCard, industry for LinkedIn)")
    _add_db(p, argparse.SUPPRESS)
    p.set_defaults(run=command_import)

    p = commands.add_parser("export", help="export the journal")
    p.add_argument("out", metavar="OUT")
    p.add_argument("--format", default="json", choices=("json", "csv", "markdown", "markdown-months", "ics", "jsonresume"))
    p.add_argument("--include-private", action="store_true", help="keep private entries in csv/markdown")
    _add_db(p, argparse.SUPPRESS)
    p.set_defaults(run=command_export)

    p = commands.add_parser("metrics", help="print the metrics")
    _add_db(p, argparse.SUPPRESS)
    _add_window(p)
    p.add_argument("--json", action="store_true", required=True, help="as one JSON object")
    p.set_defaults(run=command_metrics)

    p = commands.add_parser("report", help="write the coaching report as a PDF")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    _add_db(p, argparse.SUPPRESS)
    _add_window(p)
    p.set_defaults(run=command_report)

    p = commands.add_parser("backup", help="a checked copy into the journal's backups folder")
    _add_db(p, argparse.SUPPRESS)
    p.set_defaults(run=command_backup)

    p = commands.add_parser("restore", help="put a backup in the journal's place")
    p.add_argument("backup", metavar="BACKUP")
    _add_db(p, argparse.SUPPRESS, demo=False)
    p.set_defaults(run=command_restore)

    from masterydesk.paths import NEW_PASSPHRASE_VARIABLE as NEW_PASSPHRASE
    from masterydesk.paths import PASSPHRASE_VARIABLE as PASSPHRASE

    p = commands.add_parser("passphrase", help="protect the journal with a passphrase, change it, or remove it")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--set", action="store_true", help=f"protect it (the new passphrase from {NEW_PASSPHRASE})")
    which.add_argument("--change", action="store_true",
                       help=f"change it (the current from {PASSPHRASE}, the new from {NEW_PASSPHRASE})")
    which.add_argument("--remove", action="store_true", help=f"remove it (the current from {PASSPHRASE})")
    _add_db(p, argparse.SUPPRESS, demo=False)
    p.set_defaults(run=command_passphrase)

    if command in OWN_COMMANDS:
        return parser
    from masterydesk import cli_sync

    cli_sync.add_commands(commands, _add_db, command_sync, command_hub)

    from masterydesk import cli_trust

    cli_trust.add_commands(commands, _add_db, command_trust)

    from masterydesk import cli_share

    cli_share.add_commands(commands, _add_db, command_trust)  # share, coach: run on the journal like trust's
    return parser


def _open_app(args: argparse.Namespace) -> int:
    # The app collects on its UI thread (ui/collector.py), with the automatic collector off: off from
    # here, before PySide6 loads, whose import made it run 50 times (5 ms of the first frame).
    gc.disable()
    from masterydesk.app import run_app

    return run_app(db=Path(args.db) if args.db else None, demo=args.demo, smoke=args.smoke, read_only=args.read_only)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; errors print one sentence and return non-zero."""
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(command_word(argv))
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # refused by the parser of every command, whose usage names them all
        parser = build_parser(None)
        args = parser.parse_args(argv)
    if args.read_only and (args.command is not None or args.demo):
        parser.error("--read-only opens the app on the journal you name with --db (or your own); "
                     "not the demo, and not with a command")
    if args.command is None:
        return _open_app(args)
    if args.demo:
        if args.command not in DEMO_COMMANDS:
            parser.error(f"--demo works with {', '.join(DEMO_COMMANDS)}; not with {args.command}")
        if args.db:
            parser.error("--demo and --db each name a journal; give one of them")
    # A command runs once and exits. The collector's passes over the many records a command
    # reads cost up to a tenth of its time and free nothing: the records hold no cycles (a
    # ten-year import peaks at 284 MB with the collector paused or not). Left as it was found: run in a
    # process that keeps it off (the app's, the tests'), turning it on made it run on worker threads,
    # deleting Qt objects whose timers then fired on freed memory.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if args.demo:
            from masterydesk.services.demo import ready_demo_journal

            args.db = str(ready_demo_journal())
        if args.run not in (command_passphrase, command_hub) and getattr(args, "writes", True):
            _unlock(_journal_path(args))
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader (say `| head`) stopped reading: there is no one to tell
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as error:  # the one boundary: every failure becomes a sentence
        from masterydesk.services.failures import sentence_for

        _say(f"masterydesk: {sentence_for(error)}", sys.stderr)
        return 1
    finally:
        if collecting:
            gc.enable()


def _say(text: str, stream=None) -> None:
    """Print text with the control characters a terminal would obey shown harmlessly."""
    from masterydesk.services.failures import printable

    print(printable(text), file=stream or sys.stdout)
