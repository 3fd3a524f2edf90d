#!/usr/bin/env bash
# Fails when a source file with translatable strings is missing from POTFILES.in, or when
# i18n/ja.po does not translate every string of the current sources.
set -euo pipefail
src=${1:?source dir}
cd "$src"

missing=0
while IFS= read -r f; do
  if ! grep -qxF "$f" i18n/POTFILES.in; then
    echo "not in i18n/POTFILES.in: $f"
    missing=1
  fi
done < <(grep -rlE '(^|[^A-Za-z_])(_|N_|C_|NC_) ?\("' app checks --include='*.c' | sort
         grep -rl 'translatable="yes"' app --include='*.ui' 2>/dev/null | sort)
while IFS= read -r f; do
  case "$f" in ''|'#'*) continue;; esac
  [ -e "$f" ] || { echo "listed in POTFILES.in but missing: $f"; missing=1; }
done < i18n/POTFILES.in

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext --files-from=i18n/POTFILES.in --directory=. --from-code=UTF-8 \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
  -o "$tmp/mamori.pot"
msgmerge --quiet --no-fuzzy-matching -o "$tmp/ja.po" i18n/ja.po "$tmp/mamori.pot"
stats=$(msgfmt --check --statistics -o /dev/null "$tmp/ja.po" 2>&1)
echo "ja: $stats"
case "$stats" in
  *untranslated*|*fuzzy*)
    msgattrib --untranslated --no-obsolete "$tmp/ja.po" > "$tmp/missing.po" || true
    grep '^msgid' "$tmp/missing.po" | sed -n '2,21p' || true
    missing=1;;
esac
exit $missing
