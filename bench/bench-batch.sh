#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark (not a test): mamori-cli batch over a generated DNS lab of BENCH_DOMAINS zones
# (default 1000) with --jobs 1, 4, 16, 64, side by side with a peer: drill (ldnsutils) asking
# the same questions per domain, run with the same parallelism. Prints domains/second and
# the ratio mamori/drill.
#
#   bench/bench-batch.sh [BUILD_DIR]          (default: _build)
#   BENCH_DOMAINS=1000 BENCH_JOBS="1 4 16 64" bench/bench-batch.sh _build
#
# Everything runs on loopback in a lab that tests/lab/dns-lab.py starts and always stops.
# A warm-up pass fills the validating resolver's cache first, so every measured pass sees
# the same (warm) resolver: the figures compare the clients, not unbound's cold fetches.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")

if [ "${1:-}" = "--inner" ]; then
  work=$2
  cli=$3
  domains="$work/domains.txt"
  n=$(grep -cv '^#' "$domains")
  port=${MAMORI_LAB_AUTH##*:}
  resolver_addr=${MAMORI_LAB_RESOLVER%:*}
  resolver_port=${MAMORI_LAB_RESOLVER##*:}
  net=(--resolver "$MAMORI_LAB_RESOLVER" --trust-anchor "$MAMORI_LAB_TRUST_ANCHOR"
       --ns-port "$port" --timeout 2)

  now() { date +%s.%N; }
  # domains per second: rate N T0 T1
  rate() { python3 -c "import sys; n, a, b = map(float, sys.argv[1:]); print('%.1f' % (n / (b - a)))" "$@"; }

  # The peer: the questions Mamori's domain checks ask, one drill each (DO bit where
  # DNSSEC data is wanted), plus the SOA asked of the authoritative server directly.
  cat > "$work/peer.sh" <<PEER
#!/bin/sh
d=\$1
for q in "SOA \$d" "NS \$d" "MX \$d" "TXT \$d" "TXT _dmarc.\$d" "CAA \$d" "TXT _mta-sts.\$d" \
         "TXT _smtp._tls.\$d" "A mail.\$d" "A ns1.test"; do
  drill -p $resolver_port \$q @$resolver_addr >/dev/null 2>&1 || true
done
drill -D -p $resolver_port DNSKEY \$d @$resolver_addr >/dev/null 2>&1 || true
drill -D -p $resolver_port DS \$d @$resolver_addr >/dev/null 2>&1 || true
drill -p $port SOA \$d @127.0.0.1 >/dev/null 2>&1 || true
PEER
  chmod +x "$work/peer.sh"

  echo "warm-up: $n domains through the resolver …" >&2
  "$cli" batch "$domains" --jobs 32 --output "$work/warmup.jsonl" "${net[@]}" 2>/dev/null

  printf '\n%-6s %14s %14s %8s %10s\n' jobs "mamori dom/s" "drill dom/s" ratio "errors"
  for jobs in ${BENCH_JOBS:-1 4 16 64}; do
    rm -f "$work/out.jsonl"
    t0=$(now)
    "$cli" batch "$domains" --jobs "$jobs" --output "$work/out.jsonl" "${net[@]}" 2>"$work/batch.err"
    t1=$(now)
    done_lines=$(wc -l < "$work/out.jsonl")
    # Domains that could not be checked at all (a top-level "error"), not error findings.
    errors=$(python3 -c "import json, sys; print(sum('error' in json.loads(l) for l in open(sys.argv[1])))" \
             "$work/out.jsonl")
    mamori=$(rate "$done_lines" "$t0" "$t1")

    t0=$(now)
    grep -v '^#' "$domains" | xargs -P "$jobs" -n 1 "$work/peer.sh"
    t1=$(now)
    peer=$(rate "$n" "$t0" "$t1")
    ratio=$(python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$mamori" "$peer")
    printf '%-6s %14s %14s %8s %10s\n' "$jobs" "$mamori" "$peer" "${ratio}x" "$errors"
    [ "$done_lines" -eq "$n" ] || echo "  (only $done_lines of $n domains in the output)" >&2
  done
  echo
  echo "mamori: all domain checks per domain (SPF with include walk, DKIM, DMARC, DNSSEC chain"
  echo "validation, name servers asked directly, CAA, MTA-STS, TLS-RPT …), one result line each."
  echo "drill: 13 queries per domain, no parsing, no validation, one process per query."
  echo "errors: domains that could not be checked at all (the lab has no web servers, so the"
  echo "web checks' own findings say \"could not be checked\"; those are not counted here)."
  exit 0
fi

build=${1:-$src/_build}
cli="$build/app/cli/mamori-cli"
[ -x "$cli" ] || { echo "no $cli: build first (ninja -C $build)" >&2; exit 1; }
command -v drill >/dev/null || { echo "drill is missing (apt-get install ldnsutils)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/mamori-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
n=${BENCH_DOMAINS:-1000}
# A copy, so that a rebuild during the (long) run cannot swap the binary under it.
cp "$cli" "$work/mamori-cli"
cli="$work/mamori-cli"
python3 "$here/gen-zones.py" "$n" "$work"
echo "generated $n zones; starting the lab (signing takes a while) …" >&2
"$src/tests/lab/dns-lab.py" run --zones "$work/zones" -- "$0" --inner "$work" "$cli"
