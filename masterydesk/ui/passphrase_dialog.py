"""The passphrase of a protected journal: asked to open it, and set, changed or removed from File.

Converting rewrites the journal and every backup (services.protection); the window closes the
journal first, since the file is replaced, and opens it again after.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from masterydesk.ui.dialogs.record_dialog import error_label
from masterydesk.ui.widgets.labels import plain_label

TITLES = {
    "open": "Protected journal",
    "set": "Protect with a passphrase",
    "change": "Change the passphrase",
    "remove": "Remove the passphrase",
}
EXPLANATIONS = {
    "set": "Every page of the journal and of its backups will be encrypted. Without the passphrase "
           "nobody can read them, and neither can you: keep it somewhere safe.",
    "change": "The journal and its backups will open with the new passphrase only.",
    "remove": "The journal and its backups will be plain files again, readable without a passphrase.",
}


class PassphraseDialog(QDialog):
    """Asks for the current passphrase, a new one (twice), or both, as the mode needs."""

    def __init__(self, mode: str, name: str = "", error: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.setWindowTitle(TITLES[mode])
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        text = f"{name} is protected with a passphrase." if mode == "open" else EXPLANATIONS[mode]
        explanation = plain_label(text)
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        form = QFormLayout()
        self.current_edit = self._field(form, "Passphrase:" if mode == "open" else "Current passphrase:",
                                        mode in ("open", "change", "remove"))
        self.new_edit = self._field(form, "New passphrase:", mode in ("set", "change"))
        self.confirm_edit = self._field(form, "The same again:", mode in ("set", "change"))
        layout.addLayout(form)
        self.remember_box = QCheckBox("Keep the passphrase in the system keyring")
        self.remember_box.setToolTip("The desktop's keyring opens the journal without asking; it goes with your login.")
        if mode in ("open", "set", "change") and _keyring_available():
            layout.addWidget(self.remember_box)
        else:
            self.remember_box.hide()
        self.error_label = error_label()
        if error:
            self.error_label.setText(error)
            self.error_label.show()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _field(self, form: QFormLayout, label: str, shown: bool) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText)
        if shown:
            form.addRow(label, edit)
        else:
            edit.hide()
        return edit

    def current(self) -> str:
        return self.current_edit.text()

    def new(self) -> str:
        return self.new_edit.text()

    def problem(self) -> str | None:
        """What keeps the dialog from being accepted, as a sentence naming the field."""
        from masterydesk.domain.errors import MasteryDeskError
        from masterydesk.services.protection import check_new_passphrase

        if self.current_edit.isVisibleTo(self) and not self.current():
            field = "Passphrase" if self.mode == "open" else "Current passphrase"
            return f"{field}: type the passphrase of the journal."
        if self.new_edit.isVisibleTo(self):
            try:
                check_new_passphrase(self.new())
            except MasteryDeskError as error:
                return f"New passphrase: {str(error).split(';')[0].lower()}."
            if self.confirm_edit.text() != self.new():
                return "The same again: the two new passphrases differ."
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        super().accept()


def _keyring_available() -> bool:
    from masterydesk.services.protection import keyring_available

    return keyring_available()


def remember_if_asked(dialog: PassphraseDialog, path, passphrase: str) -> None:
    """Keep the passphrase in the keyring when the box was ticked; a keyring that refuses is only a pity."""
    from masterydesk.services.protection import remember_passphrase

    if dialog.remember_box.isChecked():
        try:
            remember_passphrase(path, passphrase)
        except Exception:  # a locked keyring: the passphrase is simply asked for next time
            pass


def change_protection(window, mode: str) -> PassphraseDialog:
    """Ask for what the mode needs, then protect, re-protect or unprotect the window's journal."""
    dialog = PassphraseDialog(mode, parent=window)
    dialog.accepted.connect(lambda: _convert(window, mode, dialog))
    dialog.open()
    return dialog


DONE = {"set": "is now protected with a passphrase", "change": "has a new passphrase",
        "remove": "is no longer protected with a passphrase"}


def _convert(window, mode: str, dialog: PassphraseDialog) -> None:
    from PySide6.QtGui import QGuiApplication

    from masterydesk.services import protection
    from masterydesk.services.failures import sentence_for

    path = window.session.journal.path
    work = {
        "set": lambda: protection.protect(path, dialog.new()),
        "change": lambda: protection.change(path, dialog.current(), dialog.new()),
        "remove": lambda: protection.remove(path, dialog.current()),
    }[mode]
    window.close_journal()  # the file is replaced: nothing may hold it open
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = work()
    except Exception as error:  # a sentence, whatever refused it; the journal opens again below
        window.show_error(sentence_for(error))
        result = None
    finally:
        QGuiApplication.restoreOverrideCursor()
    if result is not None:
        _update_keyring(dialog, path, mode)
    if window.open_journal_path(path) and result is not None:
        message = result.sentence(DONE[mode])
        if result.left_behind:
            window.show_error(message)
        window.statusBar().showMessage(message, 15000)


def _update_keyring(dialog: PassphraseDialog, path, mode: str) -> None:
    """The keyring follows the passphrase: the new one if asked (or if the old one was kept), none after removal."""
    from masterydesk.services.protection import forget_passphrase, remembered_passphrase

    kept_before = remembered_passphrase(path) is not None
    if mode == "remove" or (mode == "change" and kept_before and not dialog.remember_box.isChecked()):
        forget_passphrase(path)
    if mode in ("set", "change") and (dialog.remember_box.isChecked() or kept_before):
        dialog.remember_box.setChecked(True)
        remember_if_asked(dialog, path, dialog.new())
