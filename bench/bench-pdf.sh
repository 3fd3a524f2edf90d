#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark (not a test): wall time of `mamori-cli report --format pdf` for a 100-finding
# scored result (target: under 1 s), best and median of BENCH_RUNS runs (default 5), in
# Japanese. Also the HTML report, for comparison.
#
#   bench/bench-pdf.sh [BUILD_DIR]      (default: _build)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=${1:-$src/_build}
cli="$build/app/cli/mamori-cli"
[ -x "$cli" ] || { echo "no $cli: build first (ninja -C $build)" >&2; exit 1; }
runs=${BENCH_RUNS:-5}
n=${BENCH_FINDINGS:-100}

work=$(mktemp -d "${TMPDIR:-/tmp}/mamori-bench-pdf.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$here/gen-result.py" "$n" "$work/result.json"

for format in pdf html; do
  times=()
  cpus=()
  for i in $(seq "$runs"); do
    # bash's time: wall, user and system seconds. CPU time shows the cost on a busy machine.
    TIMEFORMAT='%3R %3U %3S'
    { time "$cli" report --input "$work/result.json" --format "$format" \
        --output "$work/report.$format" --lang ja; } 2> "$work/time"
    read -r wall user sys < "$work/time"
    times+=($(python3 -c "print(round(float('$wall') * 1000))"))
    cpus+=($(python3 -c "print(round((float('$user') + float('$sys')) * 1000))"))
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  sorted_cpu=($(printf '%s\n' "${cpus[@]}" | sort -n))
  pages=""
  if [ "$format" = pdf ] && command -v pdfinfo >/dev/null; then
    pages=", $(pdfinfo "$work/report.pdf" | awk '/^Pages:/ {print $2}') pages"
  fi
  printf '%s, %d findings: wall best %d ms, median %d ms; CPU median %d ms (%d runs%s, %s bytes)\n' \
    "$format" "$n" "${sorted[0]}" "${sorted[$(( runs / 2 ))]}" "${sorted_cpu[$(( runs / 2 ))]}" \
    "$runs" "$pages" \
    "$(stat -c %s "$work/report.$format")"
done
