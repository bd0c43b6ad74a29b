"""Private files and no network: the journal is its owner's alone and nothing leaves the machine."""

import errno
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from masterydesk.paths import default_journal
from masterydesk.services.backups import DAMAGED_SUFFIX, ensure_recent_backup, restore_backup
from masterydesk.store.database import backups_folder, open_journal
from tests.builders import fill, skill
from tests.safety.no_network import EXIT_ON_NETWORK

ROOT = Path(__file__).parents[2]
GUARD = str(Path(__file__).with_name("no_network.py"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """Even with a umask that lets everyone read, what MasteryDesk writes stays private."""
    before = os.umask(0)
    yield
    os.umask(before)


def test_data_folder_journal_and_backups_are_readable_by_their_owner_only(isolated_home, open_umask):
    journal = open_journal(default_journal(), create=True)
    try:
        fill(journal, skills=[skill("sql")])
        backup = ensure_recent_backup(journal.path)
        assert mode(isolated_home) == 0o700
        assert {p.name: mode(p) for p in isolated_home.glob("journal.sqlite*")} == {
            "journal.sqlite": 0o600, "journal.sqlite-wal": 0o600, "journal.sqlite-shm": 0o600,
        }
        assert mode(backups_folder(journal.path)) == 0o700
        assert mode(backup) == 0o600
    finally:
        journal.close()
    journal.path.write_bytes(b"damaged beyond reading")
    damaged_copy = restore_backup(backup, journal.path)
    assert damaged_copy.name.endswith(DAMAGED_SUFFIX) and mode(damaged_copy) == 0o600
    assert mode(journal.path) == 0o600


def guarded(*arguments: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([*prefix, sys.executable, GUARD, *arguments], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=300)


def test_the_guard_stops_a_process_that_reaches_for_the_network():
    reach = "import socket\ntry:\n    socket.socket().connect(('127.0.0.1', 9))\nexcept OSError:\n    pass"
    result = guarded("-c", reach)
    assert result.returncode == EXIT_ON_NETWORK
    assert result.stderr.startswith("network use: socket.connect")


def network_namespace_works() -> bool:
    unshare = shutil.which("unshare")
    return bool(unshare) and subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode == 0


# Where it can, the cycle runs in a namespace with no network at all (`unshare -rn`) as well as
# under the audit hook: the hook names a Python call that reaches out, the namespace catches the rest.
NO_NETWORK = ("unshare", "-rn") if network_namespace_works() else ()


def test_a_full_cycle_and_the_app_open_no_network_connection(tmp_path):
    result = guarded("-m", "tests.safety.full_cycle", str(tmp_path), prefix=NO_NETWORK)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.endswith("cycle complete\n")


@pytest.mark.skipif(not NO_NETWORK, reason="`unshare -rn` (a namespace without network) is not available here")
def test_the_namespace_the_cycle_runs_in_has_no_network():
    reach = "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=5)\nexcept OSError as error:\n    print(error.errno)"
    result = subprocess.run([*NO_NETWORK, sys.executable, "-c", reach], capture_output=True, text=True)
    assert result.stdout.strip() == str(errno.ENETUNREACH)


def test_syncing_through_a_folder_hub_opens_no_network_connection(tmp_path):
    """Apart from a PostgreSQL hub the user configured, sync opens no connection: a folder hub, two
    devices, the command line, under the guard (and in a namespace without network, where it can)."""
    cycle = (
        "import os, sys\n"
        "from masterydesk.cli import main\n"
        "folder, hub = sys.argv[1], sys.argv[1] + '/hub'\n"
        "os.mkdir(hub)\n"
        "os.environ['MASTERYDESK_SYNC_PASSPHRASE'] = 'passphrase'\n"
        "assert main(['sync', '--hub', hub, '--db', folder + '/laptop.sqlite']) == 0\n"
        "assert main(['log', 'Window functions kata', '--db', folder + '/laptop.sqlite']) == 0\n"
        "for device in ('laptop', 'desktop', 'laptop'):\n"
        "    assert main(['sync', '--hub', hub, '--db', f'{folder}/{device}.sqlite']) == 0\n"
        "assert main(['export', folder + '/desktop.json', '--db', folder + '/desktop.sqlite']) == 0\n"
        "assert 'Window functions kata' in open(folder + '/desktop.json').read()\n"
        "assert main(['sync', '--status', '--db', folder + '/desktop.sqlite']) == 0\n"
        "print('sync complete')\n"
    )
    result = guarded("-c", cycle, str(tmp_path), prefix=NO_NETWORK)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Synced with" in result.stdout and result.stdout.endswith("sync complete\n")
