"""The command line parses only what the command it names needs, and still knows every command."""

import subprocess
import sys
from pathlib import Path

import pytest

from masterydesk.cli import APP, build_parser, command_word, main

ROOT = Path(__file__).parents[2]
OTHER_MODULES = ("masterydesk.cli_sync", "masterydesk.cli_trust", "masterydesk.cli_share")


@pytest.mark.parametrize(("argv", "word"), [
    (["--db", "journal.sqlite", "log", "Kata"], "log"),
    (["--demo", "metrics", "--json"], "metrics"),
    (["--db=journal.sqlite", "sync", "--status"], "sync"),
    (["--read-only"], APP),
    ([], APP),
    (["--help"], None),
    (["--db", "journal.sqlite", "-h"], None),
])
def test_the_command_word_is_the_first_word_that_is_no_option(argv, word):
    assert command_word(argv) == word


def _loads_other_modules(command: str, modules: tuple[str, ...] = OTHER_MODULES) -> bool:
    code = ("import sys; from masterydesk.cli import build_parser; build_parser(sys.argv[1]); "
            f"print(any(name in sys.modules for name in {modules!r}))")
    result = subprocess.run([sys.executable, "-c", code, command], cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout.strip() == "True"


def test_a_command_of_the_cli_module_itself_loads_no_other_module_of_commands():
    assert not _loads_other_modules("metrics")
    assert _loads_other_modules("review")


def test_opening_the_app_parses_its_options_only_and_loads_no_module_of_commands():
    assert not _loads_other_modules(APP, (*OTHER_MODULES, "masterydesk.domain.records"))
    args = build_parser(APP).parse_args(["--db", "journal.sqlite", "--read-only"])
    assert (args.command, args.db, args.read_only, args.demo) == (None, "journal.sqlite", True, False)


def test_help_and_a_mistyped_command_still_name_every_command(capsys):
    listed = build_parser(None).format_help()
    for command in ("log", "metrics", "sync", "hub", "identity", "review", "credential", "share", "coach"):
        assert command in listed
    with pytest.raises(SystemExit) as exited:
        main(["lgo", "Kata"])
    assert exited.value.code == 2
    assert "'review'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["--bogus"])  # no command named: refused by the parser that knows them all
    assert exited.value.code == 2
    refused = capsys.readouterr().err
    assert "unrecognized arguments: --bogus" in refused and "COMMAND" in refused
    with pytest.raises(SystemExit) as exited:
        main(["--db", "journal.sqlite", "--help"])
    assert exited.value.code == 0
    assert "coach" in capsys.readouterr().out
