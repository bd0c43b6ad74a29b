"""What the menus' and the toolbar's commands do in a MainWindow: each asks for what it needs, then
opens its dialog or its tab.

A dialog a command opens is kept on the window (window.quick_log, window.passphrase_dialog, …) while
it is open. Each command imports its dialog when it first runs: the menus are built before the first paint.
"""

from __future__ import annotations

from pathlib import Path

JOURNAL_FILTER = "MasteryDesk journals (*.sqlite *.mdj);;All files (*)"


def ask_for_new_journal(window) -> None:
    """File ▸ New journal: a file that does not exist yet."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(window, "New journal", str(Path.home() / "journal.sqlite"), JOURNAL_FILTER)
    if path:
        if Path(path).exists():
            window.show_error(f"{Path(path).name} already exists; use Open journal to open it.")
            return
        window.open_journal_path(Path(path), create=True)


def ask_and_open_journal(window) -> None:
    """File ▸ Open journal."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(window, "Open journal", str(Path.home()), JOURNAL_FILTER)
    if path:
        window.open_journal_path(Path(path))


def ask_and_import(window) -> None:
    """File ▸ Import: a file into the open journal; the status line says what came in."""
    from PySide6.QtWidgets import QFileDialog

    from masterydesk.ui.import_dialog import open_import_dialog

    path, _ = QFileDialog.getOpenFileName(window, "Import", str(Path.home()),
                                          "Importable files (*.json *.vcf *.csv);;All files (*)")
    if path and window.session is not None:
        dialog = window.import_dialog = open_import_dialog(window, window.session, Path(path))
        dialog.accepted.connect(lambda: window.statusBar().showMessage(dialog.summary, 8000))


def open_export(window) -> None:
    """File ▸ Export; the status line says where it was written."""
    from masterydesk.ui.export_dialog import open_export_dialog

    if window.session is not None:
        dialog = window.export_dialog = open_export_dialog(window, window.session)
        dialog.accepted.connect(lambda: window.statusBar().showMessage(f"Exported to {dialog.written}.", 8000))


def open_backups(window) -> None:
    """File ▸ Backups: the journal's backups, one of which may take its place."""
    from masterydesk.ui.backups_dialog import BackupsDialog

    if window.session is not None:
        path = window.session.journal.path
        dialog = window.backups_dialog = BackupsDialog(path, window)
        # The journal is closed before a backup takes its place, then opened again.
        dialog.sig_restore_confirmed.connect(lambda _path: window.close_journal())
        dialog.sig_restored.connect(lambda _kept: window.open_journal_path(path))
        dialog.open()


def change_passphrase(window, mode: str) -> None:
    """File ▸ Protect, Change or Remove the passphrase ("set", "change", "remove")."""
    from masterydesk.ui.passphrase_dialog import change_protection

    if window.session is not None:
        window.passphrase_dialog = change_protection(window, mode)


def start_new_entry(window) -> None:
    """Edit ▸ New entry, on the Journal tab."""
    window.tabs.setCurrentIndex(0)
    window.page(0).start_new_entry()


def find_in_journal(window) -> None:
    """Edit ▸ Find: the Journal tab's search."""
    window.tabs.setCurrentIndex(0)
    window.page(0).focus_search()


def delete_selected(window) -> None:
    """Edit ▸ Delete: what is selected in the tab shown."""
    page = window.tabs.currentWidget()
    if hasattr(page, "delete_selected"):
        page.delete_selected()


def open_quick_log(window) -> None:
    """Edit ▸ Quick log: practice, an application, teaching or an interaction."""
    from masterydesk.ui.quick_log import QuickLogDialog

    if window.session is not None:
        window.quick_log = QuickLogDialog(window.session, window)
        window.quick_log.open()


def set_theme(window, name: str) -> None:
    """View ▸ Theme: follow the system's light or dark scheme, or force one; charts follow the palette."""
    from PySide6.QtWidgets import QApplication

    from masterydesk.ui.theme import apply_theme

    apply_theme(QApplication.instance(), name)
    window.theme_actions[name].setChecked(True)


def open_user_guide(window) -> None:
    """Help ▸ User guide."""
    from masterydesk.ui.help import UserGuideDialog

    window.guide = UserGuideDialog(window)
    window.guide.open()


def open_about(window) -> None:
    """Help ▸ About: the version, and where the journal and its backups are."""
    from masterydesk.services.journals import backups_folder_of
    from masterydesk.ui.help import AboutDialog

    path = window.session.journal.path if window.session else None
    window.about = AboutDialog(path, backups_folder_of(path) if path else None, window)
    window.about.open()


def open_settings(window) -> None:
    """Edit ▸ Settings: the tier and strength thresholds of the open journal; accepting is one undoable edit."""
    from masterydesk.services.settings import journal_rules, save_rules
    from masterydesk.ui.settings_dialog import SettingsDialog

    session = window.session
    if session is None:
        return
    before = journal_rules(session.journal)

    def save(rules) -> None:
        if rules != before:
            session.record(lambda: save_rules(session.journal, rules), lambda: save_rules(session.journal, before),
                           text="Change settings")

    window.settings_dialog = SettingsDialog(window, before, save, read_only=session.read_only)
    window.settings_dialog.open()
