"""A writer to be killed: forks children that save records through the app's services until killed.

Run as `python -m tests.safety.kill_writer JOURNAL`. The imports are paid once here; each child
is a fork, so a kill lands while the journal is being opened or written, not while Python starts.
Commands on stdin: `start N` forks writer N and prints `child N PID`; `reap PID` waits for it
and prints `reaped PID`. Each child prints `ack ID` only after the service call has returned.
"""

from __future__ import annotations

import datetime as dt
import os
import sys

from masterydesk.domain import records as r
from masterydesk.services.editing import save_records
from masterydesk.services.transfer import import_bundle
from masterydesk.store.database import open_journal

APPLICATIONS_PER_SKILL = 3


def bundle(skill_id: str) -> tuple[r.Skill, tuple[r.Application, ...]]:
    new_skill = r.Skill(id=skill_id, name=f"Skill {skill_id}", category=r.Category.TECHNICAL, description="x" * 500)
    uses = tuple(
        r.Application(id=f"{skill_id}-a{n}", skill_id=skill_id, date=dt.date(2024, 1, 1 + n))
        for n in range(APPLICATIONS_PER_SKILL)
    )
    return new_skill, uses


def write_until_killed(journal_path: str, writer: int) -> None:
    journal = open_journal(journal_path)
    for n in range(100_000):
        skill_id = f"w{writer}-{n}"
        new_skill, uses = bundle(skill_id)
        if n % 2:
            save_records(journal, new_skill, *uses)
        else:
            import_bundle(journal, r.Bundle(skills=(new_skill,), applications=uses))
        # One write(2) of the whole line: print() may write the text and its newline apart
        # (PYTHONUNBUFFERED), and a kill between them glues half a line to the next one.
        os.write(sys.stdout.fileno(), f"ack {skill_id}\n".encode())


def main(journal_path: str) -> None:
    for line in sys.stdin:
        command, argument = line.split()
        if command == "start":
            pid = os.fork()
            if pid == 0:
                write_until_killed(journal_path, int(argument))
                os._exit(0)
            print(f"child {argument} {pid}", flush=True)
        elif command == "reap":
            os.waitpid(int(argument), 0)
            print(f"reaped {argument}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
