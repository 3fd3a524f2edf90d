#!/usr/bin/env bash
# Sets up a Debian 12 machine, builds Mamori and runs the whole test suite twice: a normal
# build and an ASan+UBSan build, then a short fuzzing smoke run. Ends with the plain line
# "N passed, N failed". Exit status 0 only when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash scripts/install-deps.sh || exit 1

werror=()
if [ "${CI:-}" = "true" ]; then
  werror=(--werror)
fi

summary_file=$(mktemp)
trap 'rm -f "$summary_file"' EXIT

# Counts meson's per-test results from testlog.json into the summary file.
count_results () {
  local log=$1 label=$2
  python3 - "$log" "$label" >> "$summary_file" <<'PY'
import json, sys
log, label = sys.argv[1], sys.argv[2]
passed = failed = skipped = 0
try:
    with open(log, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            res = r.get("result")
            if res in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif res == "SKIP":
                skipped += 1
            else:
                failed += 1
                print(f"# FAILED [{label}] {r.get('name')}: {res}", file=sys.stderr)
except FileNotFoundError:
    failed += 1
    print(f"# [{label}] no test log: the build failed", file=sys.stderr)
print(passed, failed, skipped)
PY
}

run_suite () {
  local dir=$1 label=$2; shift 2
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "${werror[@]}" "$@" >/dev/null || { echo "0 1 0" >> "$summary_file"; return; }
  fi
  rm -f "$dir/meson-logs/testlog.json"
  if ninja -C "$dir" >/dev/null 2>"$dir/build-errors.log" || ninja -C "$dir"; then
    meson test -C "$dir" --print-errorlogs --num-processes 2 || true
  else
    echo "# [$label] build failed" >&2
  fi
  count_results "$dir/meson-logs/testlog.json" "$label"
}

echo "== normal build =="
run_suite _build normal

echo "== sanitizer build (ASan + UBSan) =="
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 \
  run_suite _build-asan sanitizers -Db_sanitize=address,undefined -Db_lundef=false \
  -Dbuildtype=debug

if [ -x scripts/fuzz-smoke.sh ]; then
  echo "== fuzzing smoke run =="
  fuzz_log=$(mktemp)
  FUZZ_SECONDS=${FUZZ_SECONDS:-10} bash scripts/fuzz-smoke.sh 2>&1 | tee "$fuzz_log"
  fuzz_status=${PIPESTATUS[0]}
  # One result per fuzz target ("fuzz-NAME: ok, …"); a failed build counts as one failure.
  fuzz_ok=$(grep -c '^fuzz-[a-z0-9-]*: ok' "$fuzz_log" || true)
  fuzz_bad=$(grep -c '^fuzz-[a-z0-9-]*: FAILED' "$fuzz_log" || true)
  if [ "$fuzz_status" -ne 0 ] && [ "$fuzz_bad" -eq 0 ]; then
    fuzz_bad=1
    echo "# FAILED [fuzz] scripts/fuzz-smoke.sh exited with $fuzz_status" >&2
  fi
  echo "$fuzz_ok $fuzz_bad 0" >> "$summary_file"
  rm -f "$fuzz_log"
fi

read -r passed failed skipped < <(awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}' "$summary_file")
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" -eq 0 ]
