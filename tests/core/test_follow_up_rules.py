"""Follow-ups: an interaction with a person whose follow-up is due moves it on (or clears it), in the
save's own transaction, and undo puts it back. Dates worked by hand."""

from __future__ import annotations

import dataclasses

from masterydesk.domain import records as r
from masterydesk.domain.coaching import follow_ups_overdue
from masterydesk.domain.follow_ups import (
    cadence_of,
    follow_up_done,
    follow_up_snoozed,
    follow_ups_answered,
)
from masterydesk.services.editing import save_records, save_with_undo, undo_saving
from masterydesk.services.transfer import export_bundle
from tests.builders import D, contact, fill

MEETING = r.InteractionKind.MEETING

COMMUNITIES = [
    r.Community("guild", "Data guild", cadence_days=14, member_ids=("ann", "cy")),
    r.Community("meetup", "SQL meetup", cadence_days=30, member_ids=("ann",)),
    r.Community("books", "Book club", member_ids=("ann", "bo")),  # no cadence: it does not count
    r.Community("daily", "Stand-up", cadence_days=0, member_ids=("bo",)),  # 0 is no cadence either
]


def met(iid: str, cid: str, day) -> r.Interaction:
    return r.Interaction(iid, day, MEETING, contact_id=cid)


def follow_up_of(journal, cid: str):
    return next(c.follow_up_on for c in export_bundle(journal).contacts if c.id == cid)


# --- the domain: where a follow-up goes ------------------------------------------------------

def test_the_shortest_cadence_of_the_persons_communities_counts():
    assert cadence_of("ann", COMMUNITIES) == 14  # 14 beats 30; the book club has none
    assert cadence_of("bo", COMMUNITIES) is None  # no cadence, and 0 days is none
    assert cadence_of("dee", COMMUNITIES) is None  # in no community


def test_meeting_on_or_after_the_date_moves_it_on_else_clears_it():
    ann = contact("ann", name="Ann", follow_up_on=D(2026, 12, 1))
    bo = contact("bo", name="Bo", follow_up_on=D(2026, 12, 10))
    cy = contact("cy", name="Cy", follow_up_on=D(2026, 12, 20))
    contacts = {c.id: c for c in (ann, bo, cy)}
    moves = follow_ups_answered(
        [met("i1", "ann", D(2026, 12, 6)), met("i2", "bo", D(2026, 12, 10)), met("i3", "cy", D(2026, 12, 6))],
        contacts, COMMUNITIES,
    )
    # Ann: 6 Dec + 14 days = 20 Dec. Bo: met on the day itself, no cadence: done. Cy: not due on 6 Dec.
    assert [(m.before.follow_up_on, m.after.follow_up_on, m.done) for m in moves] == [
        (D(2026, 12, 1), D(2026, 12, 20), False), (D(2026, 12, 10), None, True)]


def test_several_meetings_with_one_person_are_taken_in_date_order():
    ann = {"ann": contact("ann", follow_up_on=D(2026, 12, 1))}
    guild = [r.Community("guild", "Guild", cadence_days=7, member_ids=("ann",))]
    # 2 Dec moves it to 9 Dec; 20 Dec is after that, so it moves on again: 27 Dec.
    late = follow_ups_answered([met("b", "ann", D(2026, 12, 20)), met("a", "ann", D(2026, 12, 2))], ann, guild)
    assert [m.after.follow_up_on for m in late] == [D(2026, 12, 27)]
    # 5 Dec is before 9 Dec: the follow-up is no longer due then and stays on 9 Dec.
    soon = follow_ups_answered([met("a", "ann", D(2026, 12, 2)), met("b", "ann", D(2026, 12, 5))], ann, guild)
    assert [(m.before.follow_up_on, m.after.follow_up_on) for m in soon] == [(D(2026, 12, 1), D(2026, 12, 9))]


def test_done_clears_and_snooze_is_a_week_after_today():
    ann = contact("ann", follow_up_on=D(2026, 12, 1))
    assert follow_up_done(ann).follow_up_on is None
    assert follow_up_snoozed(ann, D(2026, 12, 15)).follow_up_on == D(2026, 12, 22)
    assert follow_up_snoozed(ann, D(2026, 12, 28)).follow_up_on == D(2027, 1, 4)  # over the year's end


# --- the save: one transaction, one undo ----------------------------------------------------

def test_saving_an_interaction_moves_a_due_follow_up_and_undo_puts_both_back(journal):
    fill(journal, contacts=[contact("ann", name="Ann", follow_up_on=D(2026, 12, 1)), contact("bo"), contact("cy")],
         communities=COMMUNITIES)
    saving = save_with_undo(journal, met("i1", "ann", D(2026, 12, 6)))

    assert follow_up_of(journal, "ann") == D(2026, 12, 20)
    assert [i.id for i in export_bundle(journal).interactions] == ["i1"]
    assert saving.sentences == ("Follow-up with Ann moved to 20 Dec 2026",)
    assert saving.changes.affects("contacts") and "ann" in saving.changes.ids
    assert [c.follow_up_on for c in saving.before.contacts] == [D(2026, 12, 1)]
    assert saving.created == {"contacts": (), "interactions": ("i1",)}

    undo_saving(journal, saving)
    assert follow_up_of(journal, "ann") == D(2026, 12, 1)
    assert export_bundle(journal).interactions == ()

    save_records(journal, met("i1", "ann", D(2026, 12, 6)))  # redo: the same again
    assert follow_up_of(journal, "ann") == D(2026, 12, 20)


def test_without_a_community_cadence_the_follow_up_is_done(journal):
    fill(journal, contacts=[contact("ann"), contact("cy"), contact("bo", name="Bo", follow_up_on=D(2026, 12, 10))],
         communities=COMMUNITIES)
    saving = save_with_undo(journal, met("i1", "bo", D(2026, 12, 10)))
    assert follow_up_of(journal, "bo") is None
    assert saving.sentences == ("Follow-up with Bo done",)
    undo_saving(journal, saving)
    assert follow_up_of(journal, "bo") == D(2026, 12, 10)


def test_a_follow_up_not_yet_due_and_an_edited_interaction_move_nothing(journal):
    fill(journal, contacts=[contact("ann", follow_up_on=D(2026, 12, 20))])
    saving = save_with_undo(journal, met("i1", "ann", D(2026, 12, 6)))  # 20 Dec is after the meeting
    assert follow_up_of(journal, "ann") == D(2026, 12, 20)
    assert saving.follow_ups == () and not saving.changes.affects("contacts")

    later = met("i1", "ann", D(2026, 12, 24))  # the same interaction moved after the date: an edit, not news
    assert save_with_undo(journal, later).follow_ups == ()
    assert follow_up_of(journal, "ann") == D(2026, 12, 20)


def test_a_contact_saved_with_the_interaction_counts_as_saved(journal):
    fill(journal, contacts=[contact("ann", name="Ann"), contact("cy")], communities=[COMMUNITIES[0]])
    ann = dataclasses.replace(contact("ann", name="Ann"), title="Lead", follow_up_on=D(2026, 12, 1))
    saving = save_with_undo(journal, ann, met("i1", "ann", D(2026, 12, 6)))
    saved = next(c for c in export_bundle(journal).contacts if c.id == "ann")
    assert (saved.title, saved.follow_up_on) == ("Lead", D(2026, 12, 20))  # one contact, both changes
    undo_saving(journal, saving)
    assert [c.title for c in export_bundle(journal).contacts] == ["", ""] and follow_up_of(journal, "ann") is None


# --- the check-in's count agrees ------------------------------------------------------------

def test_the_check_in_counts_overdue_follow_ups_as_today_lists_them():
    end = D(2026, 12, 31)
    due = r.Bundle(contacts=(contact("ann", follow_up_on=D(2026, 12, 5)),))
    assert follow_ups_overdue(due, end) == 1  # overdue, as Today lists it
    cleared = r.Bundle(contacts=(follow_up_done(due.contacts[0]),))
    assert follow_ups_overdue(cleared, end) == 0  # gone from Today, and from the check-in's count
