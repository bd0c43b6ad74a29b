"""Light and dark: follow the system's color scheme, or force one (View ▸ Theme).

Reading the system's scheme builds PySide's `Qt` namespace, 15 ms of the first frame (app.py):
at start-up the window takes the scheme as it was last read, and reads it again after its first
frame, following it at once if it changed meanwhile.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")
SETTING = "appearance/theme"
SYSTEM_SCHEME = "appearance/system_scheme"  # the system's scheme when last read: "dark", "light" or "unknown"
# Qt.ColorScheme's values, requested by number (app.py): 0 is Unknown, the system's own.
SCHEME_NUMBERS = {"light": 1, "dark": 2}
NATIVE_STYLE = "masterydesk_native_style"
FOLLOWS_SCHEME = "masterydesk_follows_scheme"  # the application's: the system's changes are followed
BOXES_OUTLINED = "masterydesk_boxes_outlined"  # the application's: check boxes drawn with a lighter outline
BOXES = ("QCheckBox", "QRadioButton")
BOX_WINDOW_IN_DARK = "#B0B8C2"  # what Fusion darkens into their outline: 3 : 1 or more on the dark Window

Role = QPalette.ColorRole

LIGHT = {
    Role.Window: "#F5F6F8", Role.WindowText: "#1F2328", Role.Base: "#FFFFFF",
    Role.AlternateBase: "#EEF1F5", Role.Text: "#1F2328", Role.Button: "#E9ECF1",
    Role.ButtonText: "#1F2328", Role.BrightText: "#FFFFFF", Role.Highlight: "#2563EB",
    Role.HighlightedText: "#FFFFFF", Role.Link: "#1D4ED8", Role.LinkVisited: "#6D28D9",
    Role.ToolTipBase: "#FFFFFF", Role.ToolTipText: "#1F2328", Role.PlaceholderText: "#5F6672",
    Role.Light: "#FFFFFF", Role.Midlight: "#F0F2F5", Role.Mid: "#C5CAD3", Role.Dark: "#9AA1AC",
    Role.Shadow: "#5C6370",
}
DARK = {
    Role.Window: "#25282D", Role.WindowText: "#E6E8EB", Role.Base: "#30343B",
    Role.AlternateBase: "#373B43", Role.Text: "#E6E8EB", Role.Button: "#3A3F47",
    Role.ButtonText: "#E6E8EB", Role.BrightText: "#FFFFFF", Role.Highlight: "#2563EB",
    Role.HighlightedText: "#FFFFFF", Role.Link: "#7AA7FF", Role.LinkVisited: "#B79CFF",
    Role.ToolTipBase: "#2B2F35", Role.ToolTipText: "#E6E8EB", Role.PlaceholderText: "#A3ABB5",
    Role.Light: "#3A3F46", Role.Midlight: "#32363C", Role.Mid: "#454B53", Role.Dark: "#15171A",
    Role.Shadow: "#000000",
}
# Every text role reads at 4.5 : 1 or more on the backgrounds it is drawn on (WCAG AA; the hints of
# empty panes are drawn in PlaceholderText on Window). Disabled text is dimmer on purpose: WCAG exempts
# controls that cannot be used, and dimness is how they say so. tests/ui/test_keyboard_and_names.py checks.
DISABLED_TEXT = {False: "#9CA3AF", True: "#6E7681"}
# Text colours the palette has no role for, as {dark: colour}, each 4.5 : 1 or more on Window, Base,
# AlternateBase and Button: "error" says what is wrong or overdue, "good" what is met.
STATUS_TEXT = {
    "error": {False: "#B42318", True: "#FF9C8F"},
    "good": {False: "#1A7431", True: "#7EDB95"},
}


def current_theme() -> str:
    """The theme the user chose last: "system" (the default), "light" or "dark"."""
    value = QSettings().value(SETTING, "system")
    return value if value in THEMES else "system"


def apply_theme(app: QApplication, name: str = "system", at_start: bool = False) -> None:
    """Use the system's scheme or force light or dark, and remember the choice.

    at_start: the system's scheme is taken as it was last read; follow_system_scheme reads it.
    """
    if name not in THEMES:
        raise ValueError(f"unknown theme '{name}'; use one of {', '.join(THEMES)}")
    QSettings().setValue(SETTING, name)
    # The platform's own style, kept when Fusion first replaced it. Until then the style is the
    # platform's, and the style object is not asked for: its Python type is made on first use, 5 ms
    # of the first frame (hundreds of enum members).
    native = app.property(NATIVE_STYLE)
    if native and app.style().name() != native:
        app.setStyle(native)
    _request_color_scheme(app, name)
    app.setPalette(QPalette())  # an empty palette resolves to the platform's own
    wanted = _wants_dark(app, name, at_start)
    # Platforms that ignore the hint (older Qt, X11 without a portal, offscreen) get Fusion's
    # palette instead, the one style that draws every palette role faithfully.
    fallback = wanted is not None and is_dark(app.palette()) != wanted
    if fallback:
        app.setProperty(NATIVE_STYLE, native or app.style().name())
        app.setStyle("Fusion")
        app.setPalette(fallback_palette(wanted))
    _outline_boxes(app, fallback and wanted)


def _outline_boxes(app: QApplication, lighter: bool) -> None:
    """Check boxes and radio buttons outlined at 3 : 1 on our dark Window (WCAG's for a control's edge).

    Fusion draws their outline from their palette's Window, darkened: 1.2 : 1 on our dark Window, an
    unchecked box all but invisible. Their own Window is lighter (they never paint it); an empty class
    palette gives them the application's again.
    """
    if not lighter and not app.property(BOXES_OUTLINED):
        return
    palette = QPalette()  # empty: the application's own
    if lighter:
        palette = QPalette(app.palette())
        palette.setColor(Role.Window, QColor(BOX_WINDOW_IN_DARK))
    for name in BOXES:
        app.setPalette(palette, name)
    app.setProperty(BOXES_OUTLINED, lighter)


def is_dark(palette: QPalette) -> bool:
    """Whether a palette draws light text on a dark window (charts pick their colors by it)."""
    return palette.color(Role.Window).lightness() < 128


def status_colour(kind: str, palette: QPalette | None = None) -> QColor:
    """The "error" or "good" text colour that reads on the palette (the application's by default)."""
    return QColor(STATUS_TEXT[kind][is_dark(palette or QApplication.palette())])


def fallback_palette(dark: bool) -> QPalette:
    """MasteryDesk's own light or dark palette."""
    palette = QPalette()
    for role, color in (DARK if dark else LIGHT).items():
        palette.setColor(role, QColor(color))
    for role in (Role.Text, Role.WindowText, Role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT[dark]))
    return palette


def follow_system_scheme(app: QApplication) -> None:
    """After the first frame: read the system's scheme and follow it if it changed since it was last
    read; then follow each change the system announces while the app runs."""
    _follow_if_changed(app)
    if not app.property(FOLLOWS_SCHEME):
        app.setProperty(FOLLOWS_SCHEME, True)
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: _follow_if_changed(app))


def _follow_if_changed(app: QApplication) -> None:
    if current_theme() == "system" and _remembered_scheme() != _read_system_scheme(app):
        apply_theme(app, "system")


def _request_color_scheme(app: QApplication, name: str) -> None:
    hints = app.styleHints()
    if not hasattr(hints, "setColorScheme"):  # before Qt 6.8
        return
    if name in SCHEME_NUMBERS:
        hints.setProperty("colorScheme", SCHEME_NUMBERS[name])
    else:
        hints.unsetColorScheme()


def _wants_dark(app: QApplication, name: str, at_start: bool) -> bool | None:
    if name != "system":
        return name == "dark"
    scheme = _remembered_scheme() if at_start else _read_system_scheme(app)
    return {"dark": True, "light": False}.get(scheme)


def _read_system_scheme(app: QApplication) -> str:
    """The system's scheme, "dark", "light" or "unknown", remembered for the next start."""
    from PySide6.QtCore import Qt

    scheme = app.styleHints().colorScheme()
    name = {Qt.ColorScheme.Dark: "dark", Qt.ColorScheme.Light: "light"}.get(scheme, "unknown")
    QSettings().setValue(SYSTEM_SCHEME, name)
    return name


def _remembered_scheme() -> str:
    return QSettings().value(SYSTEM_SCHEME, "unknown")
