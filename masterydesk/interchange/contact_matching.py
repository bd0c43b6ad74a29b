"""Matching people read from a file to the journal's contacts: same email, else same name."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from masterydesk.domain.ids import new_id
from masterydesk.domain.records import Contact, Relationship
from masterydesk.interchange.preview import PreviewRow, RowAction
from masterydesk.interchange.sources import MAX_TEXT, ImportRefused, person_key


@dataclass(frozen=True, slots=True)
class ContactDraft:
    """A person as another tool describes them, before matching."""

    name: str
    emails: tuple[str, ...] = ()
    organization: str = ""
    title: str = ""
    notes: str = ""
    skill_ids: tuple[str, ...] = ()


def _label(contact: Contact) -> str:
    return f"{contact.name} <{contact.email}>" if contact.email else contact.name


def _merged_notes(old: str, new: str) -> str:
    # Importing the same file twice must not repeat its notes.
    if not new or new in old:
        return old
    return f"{old}\n\n{new}" if old else new


def merge_contact(contact: Contact, draft: ContactDraft) -> Contact:
    """The contact with its empty fields filled in from the draft; nothing it holds is replaced."""
    return replace(
        contact,
        email=contact.email or (draft.emails[0] if draft.emails else ""),
        organization=contact.organization or draft.organization,
        title=contact.title or draft.title,
        notes=_merged_notes(contact.notes, draft.notes),
        skill_ids=tuple(dict.fromkeys(contact.skill_ids + draft.skill_ids)),
    )


def _filled_fields(before: Contact, after: Contact) -> str:
    names = {"email": "email", "organization": "organization", "title": "title", "notes": "notes", "skill_ids": "skills"}
    return ", ".join(label for field, label in names.items() if getattr(before, field) != getattr(after, field))


class ContactMatcher:
    """Places drafts among the journal's contacts and those planned so far, so a file's duplicates merge too."""

    def __init__(self, existing: Iterable[Contact], relationship: Relationship):
        self._relationship = relationship
        self._original = {contact.id: contact for contact in existing}
        self._current = dict(self._original)
        self._source: dict[str, str] = {}  # id of a contact added by this file -> where it was read
        self._by_email: dict[str, str] = {}
        self._by_name: dict[str, str] = {}
        for contact in self._original.values():
            self._index(contact)

    def _index(self, contact: Contact) -> None:
        if contact.email:
            self._by_email.setdefault(contact.email.casefold(), contact.id)
        self._by_name.setdefault(person_key(contact.name), contact.id)

    def _match(self, draft: ContactDraft) -> tuple[str | None, str]:
        for email in draft.emails:
            if found := self._by_email.get(email.casefold()):
                return found, "same email"
        found = self._by_name.get(person_key(draft.name))
        # Two people may share a name: a different email on each side means someone else.
        if found and not (draft.emails and self._current[found].email):
            return found, "same name"
        return None, ""

    def _whose(self, contact_id: str) -> str:
        where = self._source.get(contact_id)
        return f"the contact from {where}" if where else f"'{self._current[contact_id].name}'"

    def place(self, draft: ContactDraft, where: str) -> PreviewRow:
        """Add the draft as a new contact or merge it into its match; return the preview row."""
        found, reason = self._match(draft)
        if found is None:
            return self._add(draft, where)
        before = self._current[found]
        after = merge_contact(before, draft)
        if after == before:
            detail = f"{reason} as {self._whose(found)}; nothing new"
            return PreviewRow(RowAction.UNCHANGED, "contacts", _label(before), detail, where)
        if len(after.notes) > MAX_TEXT:
            raise ImportRefused(f"{where}: the notes of {before.name} would grow longer than {MAX_TEXT:,} characters.")
        detail = f"{reason} as {self._whose(found)}; fills in {_filled_fields(before, after)}"
        self._current[found] = after
        self._index(after)
        return PreviewRow(RowAction.MERGE, "contacts", _label(after), detail, where, found)

    def _add(self, draft: ContactDraft, where: str) -> PreviewRow:
        contact = Contact(
            id=new_id("contacts"),
            name=draft.name,
            relationship=self._relationship,
            email=draft.emails[0] if draft.emails else "",
            organization=draft.organization,
            title=draft.title,
            notes=draft.notes,
            skill_ids=draft.skill_ids,
        )
        self._current[contact.id] = contact
        self._source[contact.id] = where
        self._index(contact)
        return PreviewRow(RowAction.ADD, "contacts", _label(contact), f"as {contact.relationship}", where, contact.id)

    def contacts(self) -> tuple[Contact, ...]:
        """The contacts to write: the new ones and those a merge changed."""
        return tuple(c for cid, c in self._current.items() if self._original.get(cid) != c)
