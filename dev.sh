#!/usr/bin/env bash
# MasteryDesk's one entry point on a fresh machine (needs only Python 3.11+):
#   ./dev.sh demo        set up, then open the app on the demo journal
#   ./dev.sh test [ARGS] set up, then run the whole test suite (ARGS go to pytest)
#   ./dev.sh app [ARGS]  set up, then run `masterydesk ARGS`
#   ./dev.sh bench       set up, then run the benchmarks
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.installed

"$PYTHON" - <<'PY'
import sys
if sys.version_info < (3, 11):
    sys.exit(f"MasteryDesk needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
PY

# pip's output (and setuptools' notes on an editable install) stays out of sight unless it fails.
install_quietly() {
  local log
  log=$(mktemp)
  if ! "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "Setting up $VENV failed (pip's output is above)." >&2
    exit 1
  fi
  rm -f "$log"
}

if [ ! -x "$VENV/bin/python" ] || [ pyproject.toml -nt "$STAMP" ]; then
  echo "Setting up $VENV (first run only)…" >&2
  "$PYTHON" -m venv "$VENV"
  install_quietly --upgrade pip
  install_quietly -e ".[test]"
  touch "$STAMP"
fi

# Debian packages installed quietly: apt's output (and debconf's notes on stderr) stays out of
# sight unless it fails. Only as root with apt-get; elsewhere the caller's check says what is missing.
apt_quietly() {
  local what=$1
  shift
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 0
  echo "Installing $what…" >&2
  local log
  log=$(mktemp)
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "Installing $what failed (apt's output is above)." >&2
    return 1
  fi
  rm -f "$log"
}

# Qt's X11 plugin needs a few xcb libraries that minimal Debian images lack.
qt_system_libraries() {
  local plugin
  plugin=$(ls "$VENV"/lib/python3*/site-packages/PySide6/Qt/plugins/platforms/libqxcb.so 2>/dev/null | head -n1)
  [ -n "$plugin" ] || return 0
  if ldd "$plugin" | grep -q "not found"; then
    apt_quietly "the X11 libraries Qt needs" libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 \
      libxcb-xinerama0 libxcb-render-util0 libxcb-image0 libxcb-randr0 libxkbcommon-x11-0
  fi
}

# The PostgreSQL hub's tests start a throwaway server; Debian keeps its programs in
# /usr/lib/postgresql/VERSION/bin (off PATH), where the tests look for them.
postgres_server() {
  if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null; then
    return 0
  fi
  apt_quietly "PostgreSQL for the hub tests" postgresql
}

# The packaging tests validate the .desktop and metainfo files with the freedesktop tools.
desktop_validators() {
  command -v desktop-file-validate >/dev/null && command -v appstreamcli >/dev/null && return 0
  # Not fatal: without them the two tests that need them say so.
  apt_quietly "the desktop-file validators for the packaging tests" desktop-file-utils appstream || true
}

# The UI benchmark runs the app on a private X server (Xvfb), as a user would see it.
x_server() {
  command -v Xvfb >/dev/null || apt_quietly "Xvfb for the UI benchmark" xvfb
}

command=${1:-demo}
shift || true
case "$command" in
  demo)
    qt_system_libraries
    exec "$VENV/bin/masterydesk" --demo "$@" ;;
  app)
    qt_system_libraries
    exec "$VENV/bin/masterydesk" "$@" ;;
  test)
    postgres_server
    desktop_validators
    export QT_QPA_PLATFORM=offscreen
    exec "$VENV/bin/python" -m pytest "$@" ;;
  bench)
    postgres_server
    qt_system_libraries
    x_server
    exec "$VENV/bin/python" -m benchmarks "$@" ;;
  *)
    echo "usage: ./dev.sh demo | test [pytest args] | app [masterydesk args] | bench" >&2
    exit 2 ;;
esac
