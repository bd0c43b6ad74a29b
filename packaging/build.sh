#!/usr/bin/env bash
# Build the standalone MasteryDesk bundle for this OS with PyInstaller:
#   packaging/build.sh            -> packaging/dist/masterydesk/masterydesk (+ a .tar.gz on Linux)
# DIST and WORK move the output and the scratch folders (the tests build into a temporary folder).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
DIST=${DIST:-packaging/dist}
WORK=${WORK:-packaging/build}

if [ ! -x "$VENV/bin/python" ]; then
  echo "No $VENV yet: run ./dev.sh test once to set it up." >&2
  exit 1
fi
# Pillow converts the icon for macOS and Windows bundles.
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pyinstaller>=6.10,<7" "pillow>=10"
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" packaging/masterydesk.spec

if [ "$(uname -s)" = Linux ]; then
  version=$("$VENV/bin/python" -c "import masterydesk; print(masterydesk.__version__)")
  tar -C "$DIST" -czf "$DIST/masterydesk-$version-linux-$(uname -m).tar.gz" masterydesk
fi
echo "Built $DIST/masterydesk ($(du -sh "$DIST/masterydesk" | cut -f1))."
