#!/usr/bin/env bash
# Regenerates i18n/mamori.pot from the sources in POTFILES.in and merges the Japanese
# translations (i18n/ja.po plus the fragments in i18n/ja.d/) into i18n/ja.po.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

xgettext --files-from=i18n/POTFILES.in --directory=. --from-code=UTF-8 \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
  --add-comments=Translators --package-name=mamori --msgid-bugs-address=none \
  -o "$tmp/mamori.pot"

header='msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
'
inputs=()
for f in i18n/ja.d/*.po; do
  [ -e "$f" ] || continue
  { printf '%s\n' "$header"; cat "$f"; } > "$tmp/$(basename "$f")"
  inputs+=("$tmp/$(basename "$f")")
done
# ja.po's own entries win over fragments: it is where translations get polished.
msgcat --use-first -o "$tmp/all.po" i18n/ja.po "${inputs[@]}"
[ -s "$tmp/all.po" ] || cp i18n/ja.po "$tmp/all.po"
msgmerge --quiet --no-fuzzy-matching --no-wrap --sort-by-file -o i18n/ja.po "$tmp/all.po" "$tmp/mamori.pot"
msgattrib --no-obsolete -o i18n/ja.po i18n/ja.po
msgfmt --check --statistics -o /dev/null i18n/ja.po
