"""A real, throwaway PostgreSQL cluster for the hub's tests: initdb in a temporary folder, a free port.

Debian keeps the server's programs in /usr/lib/postgresql/VERSION/bin, off PATH; the newest one
found there wins, then `initdb` on PATH. PostgreSQL refuses to run as root, so as root the cluster
belongs to the `postgres` user and its programs run through `runuser`.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

SUPERUSER = "postgres"
# No fsync: the cluster is deleted after the run, and a stopped server's writes still reach the
# kernel. synchronous_commit stays on: an immediate stop (the tests' "server goes away") would
# otherwise lose the last commits, roles included.
FAST_SETTINGS = "-c fsync=off -c full_page_writes=off"


def _version(initdb: str) -> tuple[int, ...]:
    """The version in /usr/lib/postgresql/VERSION/bin/initdb, as numbers to sort by."""
    name = Path(initdb).parent.parent.name
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def find_programs() -> Path | None:
    """The folder holding initdb and pg_ctl (Debian's newest first, then PATH), or None."""
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version, reverse=True)
    on_path = shutil.which("initdb")
    for initdb in [*debian, *([on_path] if on_path else [])]:
        folder = Path(initdb).resolve().parent  # /usr/local/bin/initdb may link to Debian's
        if (folder / "pg_ctl").exists():
            return folder
    return None


def _free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _missing(reason: str) -> None:
    """Fail, saying why: the hub's tests never skip, in CI or anywhere (a skip would pass a machine that
    cannot run them; ./dev.sh test installs PostgreSQL)."""
    pytest.fail(f"{reason}, so the PostgreSQL hub tests cannot run (they fail rather than skip)", pytrace=False)


class PostgresCluster:
    """One PostgreSQL server in a temporary folder, reachable at 127.0.0.1 with a superuser password."""

    def __init__(self, programs: Path) -> None:
        self.programs = programs
        self.as_root = os.geteuid() == 0
        # Under /tmp, not pytest's tmp_path: the postgres user must be able to reach the folder.
        self.folder = Path(tempfile.mkdtemp(prefix="masterydesk-pg-", dir="/tmp"))
        self.data = self.folder / "data"
        self.sockets = self.folder / "sockets"
        self.log = self.folder / "server.log"
        self.password = secrets.token_urlsafe(18)
        self.port = 0

    @classmethod
    def start(cls) -> PostgresCluster:
        """A new cluster, running; the test fails, saying why, if none can be made."""
        programs = find_programs()
        if programs is None:
            _missing("PostgreSQL's initdb and pg_ctl are not installed (./dev.sh test installs them)")
        cluster = cls(programs)
        try:
            cluster._create()
            cluster.start_server()
        except BaseException:
            cluster.stop()
            raise
        return cluster

    def url(self, database: str = "postgres") -> str:
        """The superuser's URL, with its password, for one database."""
        return URL.create(
            "postgresql", username=SUPERUSER, password=self.password,
            host="127.0.0.1", port=self.port, database=database,
        ).render_as_string(hide_password=False)

    @property
    def admin_url(self) -> str:
        """The superuser's URL for the `postgres` database."""
        return self.url()

    def _run(self, program: str, *arguments: str) -> None:
        """Run one of the server's programs as the cluster's owner; fail the test with its output."""
        command = [str(self.programs / program), *arguments]
        if self.as_root:
            command = ["runuser", "-u", SUPERUSER, "--", *command]
        # PG* variables of the caller (PGPORT, PGDATA…) must not steer a throwaway cluster.
        environment = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        done = subprocess.run(command, cwd=self.folder, env=environment, capture_output=True, text=True)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            pytest.fail(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}{log}", pytrace=False)

    def _create(self) -> None:
        """initdb: local connections trusted, TCP ones by SCRAM password, like a real hub."""
        self.sockets.mkdir()
        password_file = self.folder / "password"
        password_file.write_text(self.password + "\n")
        if self.as_root:
            if not _user_exists(SUPERUSER):
                _missing("running as root needs a `postgres` user to own the cluster")
            for path in (self.folder, self.sockets, password_file):
                shutil.chown(path, SUPERUSER, SUPERUSER)
        try:
            self._run(
                "initdb", "-D", str(self.data), "-U", SUPERUSER, f"--pwfile={password_file}",
                "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--no-locale",
                "--no-sync",
            )
        finally:
            password_file.unlink()

    def start_server(self) -> None:
        """Start the server; a new cluster gets a free port, a restarted one keeps its port."""
        for attempt in range(3):
            if not self.port or attempt:
                self.port = _free_port()  # another process may take a port between probe and start
            try:
                self._run(
                    "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30",
                    "-o", f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 {FAST_SETTINGS}",
                    "start",
                )
                return
            except pytest.fail.Exception:
                if attempt == 2 or self._port_is_free():
                    raise

    def _port_is_free(self) -> bool:
        """Whether the port is still free (if it is, the start failed for another reason)."""
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", self.port))
            except OSError:
                return False
        return True

    def stop_server(self) -> None:
        """Stop the server at once, as a crash or a pulled cable would (the data stays)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def restart(self) -> None:
        """Stop the server at once and start it again on the same port."""
        self.stop_server()
        self.start_server()

    def stop(self) -> None:
        """Stop the server if it runs, and delete the cluster's folder."""
        if (self.data / "postmaster.pid").exists():
            try:
                self.stop_server()
            except pytest.fail.Exception:
                pass  # the folder goes anyway; a server left behind has lost its data directory
        shutil.rmtree(self.folder, ignore_errors=True)


def _user_exists(name: str) -> bool:
    """Whether the system has a user of that name."""
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def wait_until(condition, seconds: float = 10.0) -> bool:
    """Whether condition() became true within the time, asking every 50 ms."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def query(url: str, statement: str, *parameters) -> list[tuple]:
    """Rows of one statement run as the URL's user (plain psycopg: row-level security as the server applies it)."""
    import psycopg

    with psycopg.connect(url, connect_timeout=5) as connection:
        cursor = connection.execute(statement, parameters)
        return cursor.fetchall() if cursor.description else []
