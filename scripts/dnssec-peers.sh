#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Side-by-side DNSSEC verdicts on the DNS lab's dnssec-* zones: Mamori (mamori-cli check
# --only domain.dnssec), the lab's validating unbound (AD bit / SERVFAIL, asked without CD)
# and `drill -S` (ldnsutils) chasing from the same trust anchor. With --zonemaster (needs
# root and zonemaster-cli) it also runs zonemaster-cli's DNSSEC test cases, inside a private
# network namespace where a second knotd serves the lab's signed zones on 127.0.0.1:53
# (zonemaster only speaks to port 53). Nothing leaves loopback.
#
#   scripts/dnssec-peers.sh [--zonemaster] [BUILD_DIR]     (default BUILD_DIR: _build)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

ZONES=(dnssec-secure.test www.dnssec-secure.test nx.dnssec-secure.test dnssec-nsec3.test
       nx.dnssec-nsec3.test dnssec-nsec3-salted.test dnssec-expiring.test dnssec-rsasha1.test
       dnssec-ds-sha1.test dnssec-insecure.test dnssec-island.test unsigned.dnssec-parent.test
       gost.dnssec-parent.test rsamd5.dnssec-parent.test dnssec-bogus-ds.test dnssec-expired.test dnssec-not-yet-valid.test)
ZM_ZONES=(dnssec-secure.test dnssec-insecure.test dnssec-island.test dnssec-bogus-ds.test
          dnssec-expired.test dnssec-not-yet-valid.test dnssec-rsasha1.test dnssec-ds-sha1.test)

table() {   # inside dns-lab.py run
  local r=${MAMORI_LAB_RESOLVER%:*} p=${MAMORI_LAB_RESOLVER#*:} anchor
  anchor=$(mktemp)
  trap 'rm -f "$anchor"' RETURN
  grep -v '^;' "$MAMORI_LAB_TRUST_ANCHOR" > "$anchor"
  printf '%-28s %-30s %-16s %s\n' zone mamori unbound "drill -S"
  for z in "${ZONES[@]}"; do
    local q=SOA m u d
    # Nothing serves the children of dnssec-parent: ask unbound for what it can prove about
    # the delegation (no DS, or DS records of unusable algorithms).
    case "$z" in *.dnssec-parent.test) q=DS ;; esac
    m=$("$MAMORI_CLI" check "$z" --resolver "$MAMORI_LAB_RESOLVER" \
          --trust-anchor "$MAMORI_LAB_TRUST_ANCHOR" --only domain.dnssec --no-store \
          --format json 2>/dev/null |
        python3 -c 'import json, sys
f = [x for x in json.load(sys.stdin)["findings"] if x.get("facet") == "chain"]
print(f[0]["evidence"]["state"] + "/" + f[0]["evidence"]["reason"] if f else "error")' \
          2>/dev/null || echo error)
    u=$(drill -D -p "$p" @"$r" "$z" "$q" 2>/dev/null |
        awk '/rcode:/ { for (i = 1; i <= NF; i++) if ($i == "rcode:") { s = $(i + 1); sub(",", "", s) } }
             /^;; flags:/ { ad = ($0 ~ / ad /) ? "AD" : "no-AD" }
             END { print s " " ad }' || true)
    d=$(timeout 20 drill -S -k "$anchor" -p "$p" @"$r" "$z" "$q" 2>&1 |
        grep -E '^;; Chase successful|first error was' |
        sed 's/.*first error was: /failed: /; s/^;; Chase successful/secure/' | tail -1 || true)
    printf '%-28s %-30s %-16s %s\n' "$z" "$m" "$u" "$d"
  done
}

zonemaster() {   # inside a private network namespace, inside dns-lab.py run
  local dir pid
  dir=$(mktemp -d)
  mkdir -p "$dir/run"
  sed -e "s#listen: 127.0.0.1@[0-9]*#listen: 127.0.0.1@53#" -e "/listen: 127.0.0.2@/d" \
      -e "s#rundir: \".*\"#rundir: \"$dir/run\"#" \
      -e "s#  storage: \"$MAMORI_LAB_DIR/[^\"]*\"#  storage: \"$dir/run\"#" \
      -e "s#listen: \".*knot.sock\"#listen: \"$dir/run/knot.sock\"#" \
      -e "s#target: \".*\"#target: \"$dir/knot.log\"#" "$MAMORI_LAB_DIR/knot.conf" > "$dir/knot.conf"
  /usr/sbin/knotd -c "$dir/knot.conf" >/dev/null 2>&1 &
  pid=$!
  trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$dir"' RETURN
  for _ in $(seq 50); do
    drill -p 53 @127.0.0.1 test SOA >/dev/null 2>&1 && break
    sleep 0.1
  done
  printf '. 3600000 NS ns1.test.\nns1.test. 3600000 A 127.0.0.1\n' > "$dir/hints"
  for z in "${ZM_ZONES[@]}"; do
    echo "== $z"
    timeout 120 zonemaster-cli --no-ipv6 --hints "$dir/hints" --test dnssec --level NOTICE \
      --raw --show-testcase "$z" 2>&1 | grep -vE 'GLOBAL_VERSION|^ *$' | sed 's/^/   /' || true
  done
}

case "${1:-}" in
  --inner-table) table; exit 0 ;;
  --inner-zonemaster) zonemaster; exit 0 ;;
esac

with_zonemaster=false
if [ "${1:-}" = --zonemaster ]; then
  with_zonemaster=true
  shift
fi
build=${1:-_build}
export MAMORI_CLI="$here/$build/app/cli/mamori-cli"
export MAMORI_DATA_DIR="$here/data"
[ -x "$MAMORI_CLI" ] || { echo "no $MAMORI_CLI: build first (ninja -C $build)" >&2; exit 1; }

python3 "$here/tests/lab/dns-lab.py" run -- "$0" --inner-table
if $with_zonemaster; then
  command -v zonemaster-cli >/dev/null || { echo "zonemaster-cli is not installed" >&2; exit 1; }
  [ "$(id -u)" -eq 0 ] || { echo "--zonemaster needs root (a private network namespace)" >&2; exit 1; }
  echo
  echo "zonemaster-cli --test dnssec (NOTICE and above):"
  unshare -n bash -c "ip link set lo up && python3 '$here/tests/lab/dns-lab.py' run -- '$0' --inner-zonemaster"
fi
