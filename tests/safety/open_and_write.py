"""A process that opens a journal, imports a hundred skills and closes it, again and again.

Run as `python -m tests.safety.open_and_write JOURNAL WRITER TIMES`; two of them at once are
two MasteryDesk commands racing each other. Prints `damaged SENTENCE` for each open refused as
damaged (a healthy journal never is), then `done N` with the number of skills saved.
"""

from __future__ import annotations

import sys

from masterydesk.domain import records as r
from masterydesk.domain.errors import JournalDamaged
from masterydesk.services.transfer import import_bundle
from masterydesk.store.database import open_journal

# An import big enough that its checkpoint moves hundreds of pages while the other process checks.
SKILLS_PER_IMPORT = 50


def main(journal_path: str, writer: str, times: int) -> None:
    saved = 0
    for n in range(times):
        try:
            journal = open_journal(journal_path)
        except JournalDamaged as error:
            print(f"damaged {error}", flush=True)
            continue
        try:
            import_bundle(journal, r.Bundle(skills=tuple(
                r.Skill(id=f"{writer}-{n}-{k}", name=f"Skill {writer} {n} {k}", category=r.Category.TECHNICAL,
                        description=f"{writer} {n} {k} " * 40)
                for k in range(SKILLS_PER_IMPORT)
            )))
            saved += SKILLS_PER_IMPORT
        finally:
            journal.close()  # the last connection closed checkpoints the WAL into the file
    print(f"done {saved}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
