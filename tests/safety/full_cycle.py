"""Everything a user does, in one process: `python -m tests.safety.full_cycle FOLDER`.

Makes the demo journal, exports it in every format, imports the export into a new journal,
prints metrics, writes the coaching report, backs up and restores, and runs the app window.
"""

import faulthandler
import importlib.util
import sys
from pathlib import Path

from masterydesk.cli import main as masterydesk
from masterydesk.interchange.exporters import EXPORTERS
from masterydesk.services.demo import create_demo_journal


def step(*argv: str) -> None:
    code = masterydesk(list(argv))
    if code != 0:
        raise SystemExit(f"`masterydesk {' '.join(argv)}` exited with {code}")


def cycle(folder: Path) -> None:
    demo, fresh = folder / "demo.sqlite", folder / "fresh.sqlite"
    create_demo_journal(demo)
    for kind in EXPORTERS:
        step("export", str(folder / f"export-{kind}"), "--format", kind, "--db", str(demo))
    step("import", str(folder / "export-json"), "--db", str(fresh))
    step("metrics", "--json", "--db", str(fresh))
    if importlib.util.find_spec("masterydesk.reports.coaching"):
        step("report", "--out", str(folder / "report.pdf"), "--db", str(demo))
    step("backup", "--db", str(fresh))
    backup = next((folder / "backups").glob("fresh-*-manual.sqlite"))
    step("restore", str(backup), "--db", str(fresh))
    step("--smoke", "--db", str(fresh))
    print("cycle complete", flush=True)


if __name__ == "__main__":
    # A crash (it segfaulted once in 50 runs, in the app's smoke run) names where it happened.
    faulthandler.enable()
    cycle(Path(sys.argv[1]))
