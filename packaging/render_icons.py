"""Render the app icon SVG into the hicolor PNG sizes desktops expect (run after changing the SVG).

    .venv/bin/python packaging/render_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "org.masterydesk.MasteryDesk"
SIZES = (16, 32, 48, 64, 128, 256, 512)
SOURCE = ROOT / "resources/icons/masterydesk.svg"
HICOLOR = ROOT / "packaging/linux/icons/hicolor"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The icon at size × size pixels on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs an application
    renderer = QSvgRenderer(str(SOURCE))
    for size in SIZES:
        target = HICOLOR / f"{size}x{size}/apps/{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(target)):
            print(f"could not write {target}", file=sys.stderr)
            return 1
    scalable = HICOLOR / f"scalable/apps/{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(SOURCE.read_bytes())
    print(f"Wrote {len(SIZES)} PNG sizes and the scalable SVG under {HICOLOR}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
