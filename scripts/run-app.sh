#!/usr/bin/env bash
# Builds Mamori into _build and starts the desktop app; without a display, shows how to use
# the command-line tool instead. Usage: scripts/run-app.sh [ARGS FOR mamori…]
set -euo pipefail
cd "$(dirname "$0")/.."

# Idempotent: quiet when every package is already installed.
scripts/install-deps.sh

if [ ! -f _build/build.ninja ]; then
  meson setup _build
fi
ninja -C _build

# Run uninstalled: the schema compiled into the build dir, data from the source tree.
export GSETTINGS_SCHEMA_DIR="$PWD/_build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
export MAMORI_DATA_DIR="${MAMORI_DATA_DIR:-$PWD/data}"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec _build/app/gui/mamori "$@"
fi

cat <<'TEXT'
No display (DISPLAY / WAYLAND_DISPLAY) is set, so the desktop app cannot open a window.
Use the command-line tool instead, for example:

  _build/app/cli/mamori-cli check example.jp              # check a domain, in your language
  _build/app/cli/mamori-cli check example.jp --lang ja    # 日本語で表示
  _build/app/cli/mamori-cli check example.jp --format json

TEXT
exec _build/app/cli/mamori-cli --help
