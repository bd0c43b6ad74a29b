"""A hub in a PostgreSQL database: each user a login role, each row visible to its owner only.

What the hub sees: for every blob, the role that stored it, the device id (12 hex digits), a
sequence number, its size and when it was stored. The blobs themselves are encrypted and
authenticated before they leave the device (crypto), so the hub never sees a record, a name or a
word; its admin sees no more than that either.

How users are kept apart: every table has an `owner` column that defaults to `current_user`, and
row-level security, enabled and forced, lets a role read and write only rows whose owner is that
role (`USING (owner = current_user) WITH CHECK (owner = current_user)`). So no query here names
an owner: PostgreSQL adds the filter, and a role cannot slip a row in under another owner.
A superuser (or a role with BYPASSRLS) would see every user's rows, so the hub refuses to sync
as one: `add_user` makes the roles to sync with.

Two more tables serve sharing (sync.shares): `hub_keys`, a directory of each user's public key
(a did:key) that every hub user may read and only its owner may write; and `hub_shares`, one
sealed copy per (owner, reader) that only its owner may write and only those two may read
(a second, SELECT-only policy `reader = current_user`); and `hub_feedback`, a coach's sealed comments
and reviews, which its writer writes, and which the client it is addressed to reads and deletes (a
restrictive policy lets a row be written only to a client who shares with its writer). Review requests
and their answers travel alike (sync.review_mail): `hub_review_requests`, sealed to the reviewer asked,
who reads and deletes it (any user may ask any user who published a key), and `hub_review_answers`,
sealed back to the requester, who reads and deletes it (written only while that user's request to the
writer is on the hub). `init_hub` on a hub made before them adds them, and grants them to the users it
already has.

Only a sync imports this module (it loads SQLAlchemy's PostgreSQL dialect and psycopg).
"""

from __future__ import annotations

import random
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy.exc
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    LargeBinary,
    MetaData,
    Select,
    Table,
    Text,
    and_,
    create_engine,
    delete,
    extract,
    func,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.types import UserDefinedType

from masterydesk.sync.hub import Blob, HubError

CONNECT_SECONDS = 5
PAGE = 200  # change sets fetched per query: memory stays small however far behind a device is
USER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")
USER_NAME_RULE = "A hub user name is letters, digits and _ (1 to 40 of them), starting with a letter"


class RoleName(UserDefinedType):
    """PostgreSQL's `name` type: what `current_user` returns."""

    cache_ok = True

    def get_col_spec(self, **_settings) -> str:
        return "name"


def _owner() -> Column:
    """The role that stored the row; filled in by PostgreSQL, never by the hub."""
    return Column("owner", RoleName(), primary_key=True, server_default=text("current_user"))


def _stored_at() -> Column:
    """When the server stored the row (its clock, not the device's)."""
    return Column("stored_at", DateTime(timezone=True), nullable=False, server_default=func.now())


def _blob_table(name: str) -> Table:
    """A table of one role's blobs, by device and sequence number."""
    return Table(
        name, METADATA, _owner(),
        Column("device", Text, primary_key=True),
        Column("seq", BigInteger, primary_key=True, autoincrement=False),
        Column("data", LargeBinary, nullable=False),
        _stored_at(),
    )


METADATA = MetaData()
HEADERS = Table("hub_headers", METADATA, _owner(), Column("header", LargeBinary, nullable=False))
CHANGES = _blob_table("hub_changes")
SNAPSHOTS = _blob_table("hub_snapshots")
DEVICES = Table(
    "hub_devices", METADATA, _owner(),
    Column("device", Text, primary_key=True),
    Column("data", LargeBinary, nullable=False),
    _stored_at(),
)
HUB_TABLES = (HEADERS, CHANGES, SNAPSHOTS, DEVICES)
OWN_ROWS = "hub_own_rows"  # the policy's name on every table

# Sharing (sync.shares): who has which public key, and the sealed copies owners share with readers.
KEYS = Table(
    "hub_keys", METADATA, _owner(),
    Column("did", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
SHARES = Table(
    "hub_shares", METADATA, _owner(),
    Column("reader", RoleName(), primary_key=True),
    Column("reader_did", Text, nullable=False),  # the key the copy is sealed to, as the owner accepted it
    Column("reader_key", LargeBinary, nullable=False),  # the same key's 32 bytes (sync cannot read a did)
    Column("data", LargeBinary, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)


def _mail_table(name: str) -> Table:
    """Sealed documents, each written by its owner to one reader (sync.feedback keeps the rows)."""
    return Table(
        name, METADATA, _owner(),  # the owner is the writer
        Column("id", Text, primary_key=True),
        Column("reader", RoleName(), nullable=False, index=True),  # the hub user it is addressed to
        Column("data", LargeBinary, nullable=False),
        _stored_at(),
    )


# A coach's signed comments and reviews (trust.coaching), each sealed to the client it is addressed to.
FEEDBACK = _mail_table("hub_feedback")
# Signed review requests (trust.reviews) sealed to the reviewer asked, and their signed answers sealed
# back to the requester (sync.review_mail).
REVIEW_REQUESTS = _mail_table("hub_review_requests")
REVIEW_ANSWERS = _mail_table("hub_review_answers")
SHARE_TABLES = (KEYS, SHARES, FEEDBACK, REVIEW_REQUESTS, REVIEW_ANSWERS)


def _read_and_deleted_by_reader(table: Table) -> tuple[tuple[str, str, str], ...]:
    return ((table.name, f"{table.name}_read_by_reader", "FOR SELECT USING (reader = current_user)"),
            (table.name, f"{table.name}_deleted_by_reader", "FOR DELETE USING (reader = current_user)"))


# Besides each table's own-rows policy: policies that let a row be read (or deleted) beyond its owner,
# as (table, policy, rule). Permissive policies of a kind are ORed; a RESTRICTIVE one must hold as well.
EXTRA_POLICIES = (
    (KEYS.name, "hub_keys_read_by_all", "FOR SELECT USING (true)"),
    (SHARES.name, "hub_shares_read_by_reader", "FOR SELECT USING (reader = current_user)"),
    *_read_and_deleted_by_reader(FEEDBACK),
    # Feedback goes only to a hub user who shares with its writer: nobody can fill a stranger's inbox.
    (FEEDBACK.name, "hub_feedback_to_who_shares", "AS RESTRICTIVE FOR INSERT WITH CHECK (EXISTS ("
     "SELECT 1 FROM hub_shares WHERE hub_shares.owner = hub_feedback.reader AND hub_shares.reader = current_user))"),
    *_read_and_deleted_by_reader(REVIEW_REQUESTS),
    # Anyone may ask anyone for a review, but only a hub user who published a key (the request is sealed to it).
    (REVIEW_REQUESTS.name, "hub_review_requests_to_a_key", "AS RESTRICTIVE FOR INSERT WITH CHECK (EXISTS ("
     "SELECT 1 FROM hub_keys WHERE hub_keys.owner = hub_review_requests.reader))"),
    *_read_and_deleted_by_reader(REVIEW_ANSWERS),
    # An answer goes only to who asked its writer: a request from the reader to the writer is still on the hub.
    (REVIEW_ANSWERS.name, "hub_review_answers_to_who_asked", "AS RESTRICTIVE FOR INSERT WITH CHECK (EXISTS ("
     "SELECT 1 FROM hub_review_requests WHERE hub_review_requests.owner = hub_review_answers.reader"
     " AND hub_review_requests.reader = current_user))"),
)


class PostgresHub:
    """A hub in a PostgreSQL database, reached as one login role (see `add_user`)."""

    def __init__(self, url: URL) -> None:
        self._url = url
        self.location = shown_location(url)
        self._engine = _engine(url)
        self._role_checked = False

    def read_header(self) -> bytes | None:
        """The header this role stored, or None before its first sync."""
        with self._connection() as connection:
            return connection.scalar(select(HEADERS.c.header))

    def create_header(self, header: bytes) -> bytes:
        """Store the header unless this role has one; return the stored one (the first one wins)."""
        with self._transaction() as connection:
            # Two devices setting up at once: the second insert does nothing, both read the first.
            connection.execute(insert(HEADERS).values(header=header).on_conflict_do_nothing())
            return connection.scalar(select(HEADERS.c.header))

    def put_changes(self, device: str, seq: int, data: bytes) -> None:
        """Store one change set; storing the same (device, seq) again changes nothing."""
        self._put_blob(CHANGES, device, seq, data)

    def last_seq(self, device: str) -> int:
        """The highest seq this device has stored, as a change set or a snapshot (0 for none)."""
        highest = [select(func.max(table.c.seq)).where(table.c.device == device).scalar_subquery()
                   for table in (CHANGES, SNAPSHOTS)]
        with self._connection() as connection:
            return connection.scalar(select(func.coalesce(func.greatest(*highest), 0)))

    def changes_after(self, seen: dict[str, int], device: str) -> Iterator[Blob]:
        """Other devices' change sets above what `seen` holds for each, in (device, seq) order."""
        last = None
        while True:
            with self._connection() as connection:
                rows = connection.execute(_changes_page(seen, device, last)).all()
            yield from (Blob(row.device, row.seq, row.data) for row in rows)
            if len(rows) < PAGE:
                return
            last = (rows[-1].device, rows[-1].seq)

    def put_snapshot(self, device: str, seq: int, data: bytes) -> None:
        """Store a snapshot made by this device."""
        self._put_blob(SNAPSHOTS, device, seq, data)

    def newest_snapshots(self) -> Iterator[Blob]:
        """This role's snapshots, newest first; each one's data is fetched only when reached."""
        newest_first = select(SNAPSHOTS.c.device, SNAPSHOTS.c.seq).order_by(
            SNAPSHOTS.c.stored_at.desc(), SNAPSHOTS.c.seq.desc()
        )
        with self._connection() as connection:
            keys = connection.execute(newest_first).all()
        for key in keys:
            with self._connection() as connection:
                data = connection.scalar(
                    select(SNAPSHOTS.c.data).where(SNAPSHOTS.c.device == key.device, SNAPSHOTS.c.seq == key.seq)
                )
            if data is not None:  # pruned by another device meanwhile
                yield Blob(key.device, key.seq, data)

    def put_device(self, device: str, data: bytes) -> None:
        """Replace this device's status blob."""
        upsert = insert(DEVICES).values(device=device, data=data)
        upsert = upsert.on_conflict_do_update(
            index_elements=[DEVICES.c.owner, DEVICES.c.device],
            set_={"data": upsert.excluded.data, "stored_at": func.now()},
        )
        with self._transaction() as connection:
            connection.execute(upsert)

    def device_statuses(self) -> Iterator[Blob]:
        """Every device's status blob; seq is when it was stored, in Unix seconds."""
        statuses = select(DEVICES.c.device, extract("epoch", DEVICES.c.stored_at), DEVICES.c.data)
        with self._connection() as connection:
            rows = connection.execute(statuses.order_by(DEVICES.c.device)).all()
        return iter([Blob(device, int(seconds), data) for device, seconds, data in rows])

    def prune(self, device: str, up_to_seq: int, keep_snapshot_seq: int | None) -> None:
        """Delete this device's change sets up to up_to_seq, and its snapshots older than the kept one."""
        with self._transaction() as connection:
            connection.execute(delete(CHANGES).where(CHANGES.c.device == device, CHANGES.c.seq <= up_to_seq))
            if keep_snapshot_seq is not None:
                connection.execute(
                    delete(SNAPSHOTS).where(SNAPSHOTS.c.device == device, SNAPSHOTS.c.seq < keep_snapshot_seq)
                )

    def close(self) -> None:
        """Close the pooled connections."""
        self._engine.dispose()

    @property
    def user(self) -> str:
        """The hub user (login role) this hub is reached as."""
        return self._url.username or ""

    def connection(self):
        """A checked connection of this role, for sync.shares (errors become one HubError sentence)."""
        return self._connection()

    def transaction(self):
        """A checked connection inside a transaction that commits at the end of the block."""
        return self._transaction()

    def _put_blob(self, table: Table, device: str, seq: int, data: bytes) -> None:
        """Insert one blob in its own transaction; an existing (device, seq) stays as it is."""
        with self._transaction() as connection:
            connection.execute(insert(table).values(device=device, seq=seq, data=data).on_conflict_do_nothing())

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        """A connection of this hub's role; whatever goes wrong becomes one HubError sentence."""
        with _speaking_for(self._url), self._engine.connect() as connection:
            self._check_role(connection)
            yield connection

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """A connection inside a transaction that commits at the end of the block."""
        with self._connection() as connection, connection.begin():
            yield connection

    def _check_role(self, connection: Connection) -> None:
        """Refuse a role that row-level security does not hold: it would mix every user's blobs."""
        if self._role_checked:
            return
        bypasses = connection.scalar(
            text("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
        )
        connection.rollback()  # no transaction left open for the caller's begin()
        if bypasses:
            raise HubError(
                f"User {self._url.username} sees every hub user's rows, so it cannot sync; "
                "sync as a user made with `masterydesk hub add-user`."
            )
        self._role_checked = True


def _changes_page(seen: dict[str, int], device: str, last: tuple[str, int] | None) -> Select:
    """The query for one page of change sets after `last` (a (device, seq) key, or None at first)."""
    unseen = or_(
        CHANGES.c.device.not_in(list(seen)),
        *(and_(CHANGES.c.device == other, CHANGES.c.seq > seq) for other, seq in seen.items()),
    )
    query = select(CHANGES.c.device, CHANGES.c.seq, CHANGES.c.data).where(CHANGES.c.device != device, unseen)
    if last is not None:
        query = query.where(tuple_(CHANGES.c.device, CHANGES.c.seq) > tuple_(*last))
    return query.order_by(CHANGES.c.device, CHANGES.c.seq).limit(PAGE)


def open_postgres_hub(url: str) -> PostgresHub:
    """A hub at a `postgresql://USER:PASSWORD@HOST[:PORT]/DB` URL (no connection is made yet)."""
    return PostgresHub(_parse(url))


def init_hub(admin_url: str) -> str:
    """Create the hub's tables and row-level security (again is harmless); say what was done."""
    url = _parse(admin_url)
    engine = _engine(url)
    try:
        with _speaking_for(url), engine.begin() as connection:
            # Two admins at once would race on CREATE TABLE: the second waits here instead.
            connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('masterydesk hub init'))"))
            METADATA.create_all(connection, checkfirst=True)
            for table in HUB_TABLES + SHARE_TABLES:
                _secure(connection, table.name)
            for table, policy, rule in EXTRA_POLICIES:
                _add_policy(connection, table, policy, rule)
            _grant_share_tables_to_users(connection)
            # PostgreSQL before 15 lets every role create objects in public; hub users need none.
            connection.execute(text("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
    finally:
        engine.dispose()
    return (
        f"The hub at {shown_location(url)} has its tables, each user seeing only their own rows; "
        "add users with `masterydesk hub add-user`."
    )


def _secure(connection: Connection, table: str) -> None:
    """Turn on row-level security (for the table's owner too) with the one own-rows policy."""
    name = connection.dialect.identifier_preparer.quote_identifier(table)
    for statement in (
        f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY",
        # Dropped and made again so that a second init brings an older policy up to date.
        f"DROP POLICY IF EXISTS {OWN_ROWS} ON {name}",
        f"CREATE POLICY {OWN_ROWS} ON {name} USING (owner = current_user) WITH CHECK (owner = current_user)",
    ):
        connection.exec_driver_sql(statement)


def _add_policy(connection: Connection, table: str, policy: str, rule: str) -> None:
    """One more policy on the table (made again, so that a second init brings it up to date)."""
    name = connection.dialect.identifier_preparer.quote_identifier(table)
    connection.exec_driver_sql(f"DROP POLICY IF EXISTS {policy} ON {name}")
    connection.exec_driver_sql(f"CREATE POLICY {policy} ON {name} {rule}")


def _grant_share_tables_to_users(connection: Connection) -> None:
    """Users made before the share tables existed get them too: each role that may write change sets."""
    from psycopg import sql

    users = connection.scalars(text(
        "SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_' AND rolname <> current_user AND NOT rolsuper"
        " AND has_table_privilege(oid, 'hub_changes', 'INSERT') ORDER BY rolname"
    )).all()
    driver = connection.connection.driver_connection
    for user in users:
        connection.exec_driver_sql(_grant_statement(sql, user, SHARE_TABLES).as_string(driver))


def _grant_statement(sql, user: str, tables):
    """GRANT the four row privileges on the tables to one user (row-level security narrows them)."""
    names = sql.SQL(", ").join(sql.Identifier(table.name) for table in tables)
    return sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {}").format(names, sql.Identifier(user))


def add_user(name: str, admin_url: str) -> str:
    """Create a login role that may use the hub's tables; return its hub URL, password included."""
    if not USER_NAME.fullmatch(name):
        raise HubError(f"{USER_NAME_RULE}; '{name[:60]}' is not one.")
    url = _parse(admin_url)
    password = secrets.token_urlsafe(24)
    engine = _engine(url)
    try:
        with _speaking_for(url), engine.begin() as connection:
            _create_role(connection, name, password)
    finally:
        engine.dispose()
    return URL.create(
        "postgresql", username=name, password=password, host=url.host, port=url.port, database=url.database
    ).render_as_string(hide_password=False)


def _create_role(connection: Connection, name: str, password: str) -> None:
    """CREATE ROLE with a SCRAM verifier, and the four row privileges on the hub's tables; nothing more."""
    from psycopg import sql

    if connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": name}):
        raise HubError(f"A user named {name} already exists on this PostgreSQL server; choose another name.")
    driver = connection.connection.driver_connection
    # The verifier is computed here, as psql's \password does: the password itself never reaches
    # the server (nor its statement log), and it is SCRAM whatever password_encryption says.
    verifier = driver.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256").decode()
    role = sql.Identifier(name)
    for statement in (
        sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(role, sql.Literal(verifier)),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role),
        _grant_statement(sql, name, HUB_TABLES + SHARE_TABLES),
    ):
        connection.exec_driver_sql(statement.as_string(driver))


def _parse(text_url: str) -> URL:
    """The URL with psycopg 3 as its driver, or a HubError saying it is not a PostgreSQL URL."""
    try:
        url = make_url(text_url)
    except sqlalchemy.exc.ArgumentError:
        raise HubError("A PostgreSQL hub is a URL like postgresql://USER:PASSWORD@HOST:PORT/DATABASE.") from None
    if url.get_backend_name() not in ("postgresql", "postgres"):
        raise HubError(f"{shown_location(url)} is not a PostgreSQL URL (postgresql://USER:PASSWORD@HOST/DATABASE).")
    return url.set(drivername="postgresql+psycopg")


def shown_location(url: URL) -> str:
    """The URL as the user may see it: no password, in the user part or in the query."""
    shown = URL.create(
        url.get_backend_name(), username=url.username, host=url.host, port=url.port, database=url.database,
        query={key: value for key, value in url.query.items() if key != "password"},
    )  # made anew: URL.set(password=None) would keep the password
    return shown.render_as_string(hide_password=False)


def _engine(url: URL) -> Engine:
    """An engine with a small pool that checks each connection before use (the server may have restarted)."""
    engine = create_engine(
        url,
        pool_size=1,
        max_overflow=2,
        pool_pre_ping=True,
        hide_parameters=True,  # an error's text must never carry a blob, nor a password
        connect_args={"connect_timeout": CONNECT_SECONDS, "application_name": "masterydesk"},
    )
    sqlalchemy.event.listen(engine, "do_connect", _connect_patiently)
    return engine


# A server with every connection slot taken (many devices syncing at one moment) is asked again
# after these waits, each jittered to 50-100 % so that the devices turned away do not all come back
# together: three tries within about 1.5 s, then the sentence.
FULL_SERVER_WAITS = (0.4, 1.0)
FULL_SERVER = ("too many clients", "remaining connection slots are reserved")


def _connect_patiently(dialect, _record, arguments, keywords):
    """Connect, trying again when the server has no connection slot free (other errors are final)."""
    for wait in (*FULL_SERVER_WAITS, None):
        try:
            return dialect.connect(*arguments, **keywords)
        except dialect.loaded_dbapi.OperationalError as error:
            if wait is None or not any(clue in str(error).lower() for clue in FULL_SERVER):
                raise
            time.sleep(random.uniform(wait / 2, wait))


@contextmanager
def _speaking_for(url: URL) -> Iterator[None]:
    """Turn a database error inside the block into a HubError of one sentence (details kept apart)."""
    try:
        yield
    except sqlalchemy.exc.DBAPIError as error:
        details = str(error.orig).replace(url.password or "\0", "***")
        raise HubError(_sentence(error.orig, url, details), details) from None
    except sqlalchemy.exc.TimeoutError:
        raise HubError(f"The hub at {shown_location(url)} is busy: no connection came free in time.") from None


def _sentence(error: BaseException, url: URL, details: str) -> str:
    """One sentence for a psycopg error: the server's own words when it answered, libpq's otherwise."""
    where = shown_location(url)
    state = getattr(error, "sqlstate", None)
    diagnostic = getattr(error, "diag", None)
    primary = (diagnostic.message_primary if diagnostic else None) or (details.splitlines() or ["no reason"])[0]
    if state == "42P01":
        return f"The hub at {where} has no hub tables yet; its admin runs `masterydesk hub init` first."
    # Classes 08 and 57 are a connection that broke or a server going down: not a refusal.
    if state and not state.startswith(("08", "57")):
        return f"The hub at {where} refused: {primary.rstrip('.')}."
    return _connection_sentence(details, url, where)


CONNECTION_REASONS = (  # what libpq says when a connection fails or breaks, in a few words
    *((clue, "every connection it allows is in use (its admin can raise max_connections)") for clue in FULL_SERVER),
    ("connection refused", "connection refused"),
    ("timeout expired", f"no answer within {CONNECT_SECONDS} seconds"),
    ("could not translate host name", "its host name is unknown"),
    ("name or service not known", "its host name is unknown"),
    ("no route to host", "no route to its host"),
    ("network is unreachable", "the network is unreachable"),
    ("server closed the connection", "the server closed the connection"),
    ("terminating connection", "the server ended the connection"),
    ("the database system is shutting down", "the server is shutting down"),
    ("the database system is starting up", "the server is starting up"),
    ("ssl", "a secure connection could not be made"),
)


def _connection_sentence(details: str, url: URL, where: str) -> str:
    """The sentence for a connection that failed, or broke during a call."""
    said = details.lower()
    user = url.username or "(default)"
    if "password authentication failed" in said or "password must be" in said:
        return f"The hub refused user {user}'s password."
    if "no pg_hba.conf entry" in said:
        return f"The hub at {where} does not let user {user} connect from this machine."
    missing_database = re.search(r'database "([^"]*)" does not exist', details)
    if missing_database:
        return f"The hub at {where} has no database named {missing_database.group(1)}."
    if re.search(r'role "[^"]*" does not exist', details):
        return f"The hub at {where} has no user named {user}."
    reason = next((words for clue, words in CONNECTION_REASONS if clue in said), "the connection failed")
    return f"The hub at {where} cannot be reached: {reason}."
