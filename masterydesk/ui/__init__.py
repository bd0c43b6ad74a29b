"""The desktop app's windows, pages and widgets (PySide6).

PySide6 reads the source of the modules imported after it, to learn whether each uses PySide
(shibokensupport.feature, for its `from __feature__ import …` switches), and linecache keeps every
file read. On the way to the first frame that is every module of the window: in six interleaved
pairs of the shipped app on ten years its first frame came 0.35 s after spawn against 0.41 s
(median). MasteryDesk switches no feature on, so every module is taken for one that uses PySide
with no feature switched on, what PySide sets for such a module, without reading its source.
Where a PySide6 no longer has the hook this does nothing (tests/ui/test_pyside_sources.py says so).
"""

import importlib
import sys

importlib.import_module("PySide6.QtCore")  # loads shibokensupport.feature


def _uses_pyside_with_no_feature(module) -> bool:
    return True


def _read_no_sources() -> None:
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and hasattr(feature, "_mod_uses_pyside"):
        feature._mod_uses_pyside = _uses_pyside_with_no_feature


_read_no_sources()
