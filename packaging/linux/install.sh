#!/usr/bin/env bash
# Put MasteryDesk on a Linux desktop: the bundle (when built), its launcher, metainfo and icons.
#   packaging/linux/install.sh               for this user, under ~/.local
#   sudo packaging/linux/install.sh /usr/local
# BUNDLE names another built bundle folder (default: packaging/dist/masterydesk).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=${1:-$HOME/.local}
bundle=${BUNDLE:-$here/../dist/masterydesk}
app_id=org.masterydesk.MasteryDesk

if [ -x "$bundle/masterydesk" ]; then
  mkdir -p "$prefix/lib" "$prefix/bin"
  rm -rf "$prefix/lib/masterydesk"
  cp -a "$bundle" "$prefix/lib/masterydesk"
  ln -sf "$prefix/lib/masterydesk/masterydesk" "$prefix/bin/masterydesk"
else
  echo "No built bundle in $bundle: installing the launcher for a masterydesk already on PATH (pip install .)." >&2
fi

install -Dm644 "$here/$app_id.desktop" "$prefix/share/applications/$app_id.desktop"
install -Dm644 "$here/$app_id.metainfo.xml" "$prefix/share/metainfo/$app_id.metainfo.xml"
(cd "$here/icons" && find hicolor -type f) | while read -r icon; do
  install -Dm644 "$here/icons/$icon" "$prefix/share/icons/$icon"
done

# Menus and icon themes pick up the new files sooner with these, where the desktop has them.
if command -v update-desktop-database >/dev/null; then update-desktop-database -q "$prefix/share/applications" || true; fi
if command -v gtk-update-icon-cache >/dev/null; then gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true; fi
echo "Installed MasteryDesk into $prefix."
