"""Small builders for records in tests."""

from __future__ import annotations

import datetime as dt

from masterydesk.domain import records as r
from masterydesk.services.transfer import import_bundle

D = dt.date


def skill(sid: str, **kw) -> r.Skill:
    return r.Skill(id=sid, name=kw.pop("name", sid.title()), category=kw.pop("category", r.Category.TECHNICAL), **kw)


def app(aid: str, sid: str, day: dt.date, **kw) -> r.Application:
    return r.Application(id=aid, skill_id=sid, date=day, **kw)


def teach(tid: str, sid: str, day: dt.date, **kw) -> r.TeachingEvent:
    return r.TeachingEvent(id=tid, skill_id=sid, date=day, format=kw.pop("format", r.TeachingFormat.TALK), **kw)


def contact(cid: str, **kw) -> r.Contact:
    return r.Contact(id=cid, name=kw.pop("name", cid.title()), relationship=kw.pop("relationship", r.Relationship.PEER), **kw)


def fill(target, **collections) -> r.Bundle:
    """Import a bundle made of the given collections into the journal."""
    bundle = r.Bundle(**{k: tuple(v) for k, v in collections.items()})
    import_bundle(target, bundle)
    return bundle


def read_file(path, read=None):
    """What read(journal) returns from the journal file, opened read-only through a fresh connection
    (by default every record: services.transfer.export_bundle)."""
    from masterydesk.services.transfer import export_bundle
    from masterydesk.store.database import open_journal

    journal = open_journal(path, read_only=True)
    try:
        return (read or export_bundle)(journal)
    finally:
        journal.close()
