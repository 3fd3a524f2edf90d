#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark (not a test): wall time of `mamori-cli check` for one domain against the DNS lab
# with added network latency, compared with the chain of round trips it cannot avoid.
#
#   bench/bench-single.sh [BUILD_DIR]        (default: _build)
#   BENCH_DELAY_MS=25 BENCH_RUNS=5 bench/bench-single.sh _build
#
# Latency: every packet between Mamori and the resolver, and between Mamori and the
# authoritative server it asks directly, is held BENCH_DELAY_MS in each direction, so one
# round trip costs RTT = 2 × BENCH_DELAY_MS more. Where the kernel has sch_netem this is
# `tc netem` on the loopback of a network namespace this script creates (the whole lab runs
# inside it, so the resolver's own fetches are delayed too); otherwise bench/delay-proxy.py
# sits in front of the resolver and the authoritative server. The resolver is warmed first.
#
# The domain (bench/zones-single/single.zone) has two dependent chains three round trips
# deep (SPF include depth 2 after the apex TXT; NS → name-server address → SOA asked of each
# name server); all other questions can be asked at once. So the unavoidable extra time is
# about 3 × RTT; the script prints that and the measured extra time in round trips:
# (T(delay) − T(0)) / RTT.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
delay=${BENCH_DELAY_MS:-25}
runs=${BENCH_RUNS:-5}
chain=3

median_ms() {   # runs the command BENCH_RUNS times, prints the median wall time in ms
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" > /dev/null
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( runs / 2 + 1 ))p"
}

report() {   # report T0 TD MODE
  local t0=$1 td=$2 mode=$3 rtt=$(( 2 * delay ))
  echo "mode: $mode; one-way delay ${delay} ms, RTT +${rtt} ms; median of $runs runs"
  echo "single domain, no added latency:   ${t0} ms"
  echo "single domain, RTT +${rtt} ms:        ${td} ms"
  echo "unavoidable: ${chain} dependent round trips × ${rtt} ms = $(( chain * rtt )) ms extra"
  python3 -c "import sys; t0, td, rtt = map(float, sys.argv[1:]); \
print('measured extra: %.0f ms = %.1f round trips (ideal %d)' % (td - t0, (td - t0) / rtt, $chain))" \
    "$t0" "$td" "$rtt"
}

if [ "${1:-}" = "--inner-proxy" ]; then
  cli=$2 work=$3
  auth_port=${MAMORI_LAB_AUTH##*:}
  check() {   # check RESOLVER NS_PORT
    "$cli" check single.test --no-store --format json --resolver "$1" --ns-port "$2" \
      --trust-anchor "$MAMORI_LAB_TRUST_ANCHOR" --timeout 5
  }
  python3 "$here/delay-proxy.py" "127.0.0.1:0" "$MAMORI_LAB_RESOLVER" "$delay" > "$work/rp" &
  rp_pid=$!
  python3 "$here/delay-proxy.py" "127.0.0.1:0" "127.0.0.1:$auth_port" "$delay" > "$work/ap" &
  ap_pid=$!
  trap 'kill $rp_pid $ap_pid 2>/dev/null || true' EXIT
  for _ in $(seq 50); do [ -s "$work/rp" ] && [ -s "$work/ap" ] && break; sleep 0.1; done
  rport=$(cat "$work/rp") aport=$(cat "$work/ap")
  check "$MAMORI_LAB_RESOLVER" "$auth_port" > /dev/null   # warm the resolver
  t0=$(median_ms check "$MAMORI_LAB_RESOLVER" "$auth_port")
  td=$(median_ms check "127.0.0.1:$rport" "$aport")
  report "$t0" "$td" "delay proxy (bench/delay-proxy.py; no sch_netem in this kernel)"
  exit 0
fi

if [ "${1:-}" = "--inner-netem" ]; then
  cli=$2
  check() {
    "$cli" check single.test --no-store --format json --resolver "$MAMORI_LAB_RESOLVER" \
      --ns-port "${MAMORI_LAB_AUTH##*:}" --trust-anchor "$MAMORI_LAB_TRUST_ANCHOR" --timeout 5
  }
  check > /dev/null
  t0=$(median_ms check)
  tc qdisc add dev lo root netem delay "${delay}ms"
  check > /dev/null
  td=$(median_ms check)
  tc qdisc del dev lo root
  report "$t0" "$td" "tc netem on lo in network namespace $(ip netns identify $$)"
  exit 0
fi

build=${1:-$src/_build}
cli="$build/app/cli/mamori-cli"
[ -x "$cli" ] || { echo "no $cli: build first (ninja -C $build)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/mamori-bench-single.XXXXXX")
ns=""
cleanup() {
  [ -n "$ns" ] && ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cp "$cli" "$work/mamori-cli"

# netem needs root, ip and tc, and the sch_netem qdisc: try it in a namespace of our own.
if [ "$(id -u)" -eq 0 ] && command -v ip >/dev/null && command -v tc >/dev/null; then
  ns="mamori-bench-$$"
  if ip netns add "$ns" 2>/dev/null && ip netns exec "$ns" ip link set lo up &&
     ip netns exec "$ns" tc qdisc add dev lo root netem delay 1ms 2>/dev/null; then
    ip netns exec "$ns" tc qdisc del dev lo root
    exec_ns=(ip netns exec "$ns")
    "${exec_ns[@]}" "$src/tests/lab/dns-lab.py" run --zones "$here/zones-single" -- \
      "$0" --inner-netem "$work/mamori-cli"
    exit 0
  fi
fi
"$src/tests/lab/dns-lab.py" run --zones "$here/zones-single" -- \
  "$0" --inner-proxy "$work/mamori-cli" "$work"
