"""Markdown export: one note per journal entry (or per month), with YAML front matter, for notes apps."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from masterydesk.domain.records import Bundle, JournalEntry
from masterydesk.services.files import export_folder, sync_everything, write_text_atomically

SOURCE_MARK = "source: MasteryDesk"  # tells our notes from the user's own in the folder
MAX_STEM = 80
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*#^\[\]]')  # Windows, macOS and Obsidian links forbid these
# YAML cannot hold these raw even inside double quotes (or, in YAML 1.1, reads them as line
# breaks); JSON leaves them unescaped.
_YAML_UNPRINTABLE = re.compile("[\x7f-\x9f\ufeff\ufffe\uffff\u2028\u2029]")


def yaml_string(value: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes are YAML's too)."""
    quoted = json.dumps(value, ensure_ascii=False)
    return _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def front_matter(entry: JournalEntry, skill_names: dict[str, str]) -> str:
    """The YAML block: id, date, kind, minutes, skills by name, private."""
    skills = ", ".join(yaml_string(skill_names.get(s, s)) for s in entry.skill_ids)
    return "\n".join([
        "---",
        f"id: {yaml_string(entry.id)}",
        f"date: {entry.date.isoformat()}",
        f"kind: {entry.kind.value}",
        f"minutes: {entry.minutes}",
        f"skills: [{skills}]",
        f"private: {'true' if entry.private else 'false'}",
        SOURCE_MARK,
        "---",
    ])


def note_text(entry: JournalEntry, skill_names: dict[str, str]) -> str:
    """The whole note: front matter, a blank line, the entry's text."""
    return f"{front_matter(entry, skill_names)}\n\n{entry.text.rstrip()}\n"


def safe_stem(entry: JournalEntry) -> str:
    """'2024-03-12 First line of the entry' without characters a file name or a wiki link cannot hold."""
    first_line = next((line for line in entry.text.splitlines() if line.strip()), entry.kind.value)
    title = " ".join(_UNSAFE.sub(" ", first_line).split()).strip(" .")
    return f"{entry.date.isoformat()} {title}"[:MAX_STEM].rstrip(" .")


def note_names(entries: list[JournalEntry]) -> dict[str, str]:
    """A unique file name per entry id; entries sharing a name are numbered in date and id order."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for entry in sorted(entries, key=lambda e: (e.date, e.id)):
        stem, number = safe_stem(entry), 1
        name = f"{stem}.md"
        while name.casefold() in taken:  # case-insensitive file systems (macOS, Windows)
            number += 1
            name = f"{stem} {number}.md"
        taken.add(name.casefold())
        names[entry.id] = name
    return names


def _is_our_note(path: Path) -> bool:
    try:
        with path.open("r", encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    block = head.split("\n---", 1)[0]
    return head.startswith("---\n") and f"\n{SOURCE_MARK}\n" in block + "\n"


def remove_stale_notes(folder: Path, kept: set[str]) -> None:
    # An entry deleted, or made private, since the last export must not linger in the folder;
    # notes the user wrote there have no MasteryDesk mark and are left alone.
    for path in folder.glob("*.md"):
        if path.name not in kept and _is_our_note(path):
            path.unlink()


def month_note_text(month: str, entries: list[JournalEntry], skill_names: dict[str, str]) -> str:
    """One month's note: front matter for the month, then each entry under a heading, oldest first."""
    skills = sorted({skill_names.get(s, s) for e in entries for s in e.skill_ids}, key=str.casefold)
    matter = "\n".join([
        "---",
        f"month: {yaml_string(month)}",
        f"entries: {len(entries)}",
        f"minutes: {sum(e.minutes for e in entries)}",
        f"skills: [{', '.join(yaml_string(s) for s in skills)}]",
        SOURCE_MARK,
        "---",
    ])
    sections = []
    for entry in sorted(entries, key=lambda e: (e.date, e.id)):
        names = ", ".join(skill_names.get(s, s) for s in entry.skill_ids)
        private = "private" if entry.private else ""
        facts = " · ".join(x for x in (entry.kind.value, f"{entry.minutes} min", names, private) if x)
        sections.append(f"## {entry.date.isoformat()} · {facts}\n\n{entry.text.rstrip()}\n")
    return f"{matter}\n\n" + "\n".join(sections)


def _write_notes(out: Path, notes: dict[str, str]) -> Path:
    """Write {file name: text} into the folder out, and remove our notes no longer among them."""
    folder = export_folder(out)
    for name, text in notes.items():
        write_text_atomically(folder / name, text, defer_sync=True)
    remove_stale_notes(folder, set(notes))
    sync_everything(folder)
    return folder


def export_markdown(bundle: Bundle, out: Path, include_private: bool) -> Path:
    """A note per journal entry in the folder out; private entries only when asked."""
    entries = [e for e in bundle.journal if include_private or not e.private]
    skill_names = {skill.id: skill.name for skill in bundle.skills}
    names = note_names(entries)
    return _write_notes(out, {names[e.id]: note_text(e, skill_names) for e in entries})


def export_markdown_by_month(bundle: Bundle, out: Path, include_private: bool) -> Path:
    """A note per month ('2024-03.md') in the folder out; private entries only when asked."""
    months: dict[str, list[JournalEntry]] = defaultdict(list)
    for entry in bundle.journal:
        if include_private or not entry.private:
            months[f"{entry.date:%Y-%m}"].append(entry)
    skill_names = {skill.id: skill.name for skill in bundle.skills}
    return _write_notes(out, {f"{month}.md": month_note_text(month, entries, skill_names) for month, entries in months.items()})
