"""Where the app's data files are: templates, icons and the user guide."""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]


@cache
def resources_folder() -> Path:
    """The resources folder of an installed copy or bundle, else the checkout's top-level one."""
    # An install and the PyInstaller bundle put resources inside the package; a checkout
    # (and an editable install) keeps them beside it, leaving only a placeholder inside.
    for candidate in (PACKAGE / "resources", PACKAGE.parent / "resources"):
        if (candidate / "templates").is_dir():
            return candidate
    raise FileNotFoundError(f"MasteryDesk's resources are missing beside {PACKAGE}; reinstall the app.")


def resource_path(*parts: str) -> Path:
    """A file or folder inside the resources folder."""
    return resources_folder().joinpath(*parts)
