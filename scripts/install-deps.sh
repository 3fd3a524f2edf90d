#!/usr/bin/env bash
# Installs every Debian 12 package that Mamori's build, app and tests need.
# Idempotent: quiet when everything is already there.
set -euo pipefail

PACKAGES=(
  # build
  meson ninja-build pkg-config gcc clang libclang-rt-14-dev gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libldns-dev libcurl4-openssl-dev libsoup-3.0-dev libsqlite3-dev
  libjson-glib-dev libpsl-dev libidn2-dev libcairo2-dev libpango1.0-dev
  libxml2-dev
  # test lab: DNS, TLS, RPKI, data validation, GUI under Xvfb
  knot knot-dnsutils unbound ldnsutils python3 openssl publicsuffix stayrtr
  nginx
  xvfb xauth dbus at-spi2-core fonts-noto-cjk locales
  desktop-file-utils appstream poppler-utils
  # store: tests/fixtures/store/make-fixtures.sh builds the migration fixtures with the CLI
  sqlite3
  # scripts/dnssec-peers.sh --zonemaster: a further DNSSEC peer, run offline
  zonemaster-cli
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      SUDO=sudo
    else
      echo "mamori: these packages are missing and installing them needs root:" >&2
      echo "  apt-get install ${missing[*]}" >&2
      exit 1
    fi
  else
    SUDO=
  fi
  echo "mamori: installing ${#missing[@]} Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Japanese locale for the ja tests and for running the app in Japanese.
if ! locale -a 2>/dev/null | grep -qi '^ja_JP.utf8$'; then
  if [ "$(id -u)" -eq 0 ]; then
    sed -i 's/^# *ja_JP.UTF-8 UTF-8/ja_JP.UTF-8 UTF-8/' /etc/locale.gen
    grep -q '^ja_JP.UTF-8 UTF-8' /etc/locale.gen || echo 'ja_JP.UTF-8 UTF-8' >> /etc/locale.gen
    locale-gen >/dev/null
  else
    echo "mamori: the ja_JP.UTF-8 locale is missing (run locale-gen as root)" >&2
  fi
fi
