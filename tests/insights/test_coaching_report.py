"""The coaching report: two A4 pages with the headline figures, and never a private entry."""

from pypdf import PdfReader

from masterydesk.cli import main
from masterydesk.reports.coaching import preview_text, report_content
from masterydesk.ui.report_pdf import write_report
from tests.insights.conftest import FOUR_WEEKS, PRIVATE_TEXT, TODAY

A4_POINTS = (595, 842)


def pdf_text(path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_the_report_holds_the_headline_figures_and_no_private_text(small, tmp_path):
    out = tmp_path / "report.pdf"
    assert write_report(small, out, FOUR_WEEKS.start, FOUR_WEEKS.end, today=TODAY) == 2
    pages = PdfReader(out).pages
    assert len(pages) == 2
    assert all((round(p.mediabox.width), round(p.mediabox.height)) == A4_POINTS for p in pages)
    text = pdf_text(out)
    for expected in (
        "Coaching report — 4 Mar 2024 – 31 Mar 2024 (28 days)",
        "Applications 6 1 +5",
        "Applications per week 1.5 / week 0.2 / week +1.2",
        "Teaching events 3 1 +2",
        "Tier promotions 2 0 +2",
        "Data Lead: 83 % ready",
        "Python: holds Foundation, needs Applied",
        "What is working: Morning practice block",
        "Public speaking was learned 21 days ago and not yet applied",
        "Application frequency", "Teaching capacity", "Role readiness",
    ):
        assert expected in text
    assert "SECRET" not in text and PRIVATE_TEXT not in text


def test_the_preview_is_the_reports_text(small):
    preview = preview_text(report_content(small, FOUR_WEEKS.start, FOUR_WEEKS.end, today=TODAY))
    assert preview.startswith("Coaching report — 4 Mar 2024 – 31 Mar 2024 (28 days)\n")
    assert "Questions the data raises" in preview and "Python: holds Foundation, needs Applied" in preview
    assert "SECRET" not in preview


def test_the_command_line_writes_the_report(small, journal_path, tmp_path, capsys):
    out = tmp_path / "cli.pdf"
    assert main(["report", "--out", str(out), "--db", str(journal_path), "--from", "2024-03-04", "--to", "2024-03-31"]) == 0
    assert len(PdfReader(out).pages) == 2
    assert "Applications 6 1 +5" in pdf_text(out)
    assert "2 pages" in capsys.readouterr().out


def test_without_dates_the_report_covers_the_last_four_weeks(small, tmp_path):
    out = tmp_path / "default.pdf"
    write_report(small, out, today=TODAY)
    assert "4 Mar 2024 – 31 Mar 2024 (28 days)" in pdf_text(out)


def test_an_empty_journal_still_gets_a_report_that_says_what_is_missing(journal, tmp_path):
    out = tmp_path / "empty.pdf"
    assert write_report(journal, out, today=TODAY) == 2
    text = pdf_text(out)
    assert "No target role yet" in text and "No check-in yet" in text
    assert "No applications in this window yet" in text


def test_a_text_too_long_for_page_two_goes_on_over_further_pages_whole(small, tmp_path):
    """A long check-in note and many gaps (a long address among them): nothing is cut, no word runs off."""
    import dataclasses

    from masterydesk.domain import records as r
    from masterydesk.reports.coaching import GapDetail
    from masterydesk.ui.report_pdf import write_content

    content = report_content(small, FOUR_WEEKS.start, FOUR_WEEKS.end, today=TODAY)
    address = "https://example.org/" + "a-very-long-path-segment/" * 8
    gaps = [GapDetail(f"Skill {n} {address}{n}", r.Tier.FOUNDATION, r.Tier.APPLIED, ["0 of 3 applications"])
            for n in range(40)]
    note = " ".join(f"note{n}" for n in range(1500))
    long = dataclasses.replace(content, gaps=gaps, checkin=dataclasses.replace(content.checkin, notes=note))
    out = tmp_path / "long.pdf"
    pages = write_content(long, out)
    assert pages == len(PdfReader(out).pages) >= 3
    text = pdf_text(out)
    assert all(f"note{n}" in text for n in (0, 749, 1499))  # the whole note, to its last word
    assert "Questions the data raises" in text and "Gaps, check-in and questions (continued)" in text
    squeezed = text.replace(" ", "")
    assert all(f"Skill{n}{address}{n}".replace(" ", "") in squeezed for n in (0, 39))  # cut into lines, not off
