#!/usr/bin/env bash
# Builds a Japanese catalog for the GUI tests from i18n/ja.po plus every fragment in
# i18n/ja.d/ (the lead merges the fragments into ja.po later; until then the screenshots
# would show English for new strings).
# Usage: build-test-mo.sh SRCDIR LOCALEDIR STAMP → LOCALEDIR/ja/LC_MESSAGES/mamori.mo
set -euo pipefail
src=${1:?source dir}
out=${2:?locale dir}/ja/LC_MESSAGES/mamori.mo
stamp=${3:?stamp file}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

header='msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=1; plural=0;\n"
'
files=("$src/i18n/ja.po")
for f in "$src"/i18n/ja.d/*.po; do
  [ -e "$f" ] || continue
  # Fragments have no header; give each one so msgcat knows the charset.
  if ! grep -q '^"Content-Type: text/plain; charset=' "$f"; then
    { printf '%s\n' "$header"; cat "$f"; } > "$tmp/$(basename "$f")"
    files+=("$tmp/$(basename "$f")")
  else
    files+=("$f")
  fi
done
mkdir -p "$(dirname "$out")"
msgcat --use-first --to-code=UTF-8 -o "$tmp/all.po" "${files[@]}"
msgfmt -o "$out" "$tmp/all.po"
touch "$stamp"
