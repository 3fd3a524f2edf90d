#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for a bounded time against
# its seed corpus in tests/fuzz/corpus/<name>/. Exit status 1 when any target crashes, leaks
# or trips a sanitizer; the reproducer is copied to $FUZZ_ARTIFACTS (default: the build dir).
#
#   scripts/fuzz-smoke.sh [TARGET…]       default: every tests/fuzz/fuzz-*.c with a corpus
#
# Environment: FUZZ_SECONDS (per target, default 20), FUZZ_BUILDDIR (default
# _build-fuzz-smoke), FUZZ_JOBS (parallel targets, default 1).
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
seconds=${FUZZ_SECONDS:-20}
builddir=${FUZZ_BUILDDIR:-$src/_build-fuzz-smoke}
artifacts=${FUZZ_ARTIFACTS:-$builddir/fuzz-artifacts}

if ! command -v clang >/dev/null 2>&1; then
  echo "fuzz-smoke: clang is needed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi

targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  for f in "$src"/tests/fuzz/fuzz-*.c; do
    name=$(basename "$f" .c)
    name=${name#fuzz-}
    [ "$name" = replay ] && continue
    [ -d "$src/tests/fuzz/corpus/$name" ] && targets+=("$name")
  done
fi

if [ ! -f "$builddir/build.ninja" ]; then
  CC=clang meson setup "$builddir" "$src" -Dfuzzing=true -Dgui=disabled \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
if ! ninja -C "$builddir" $(printf 'tests/fuzz-%s ' "${targets[@]}") >"$builddir/fuzz-build.log" 2>&1; then
  tail -n 30 "$builddir/fuzz-build.log" >&2
  echo "fuzz-smoke: building the fuzz targets failed (log: $builddir/fuzz-build.log)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$artifacts"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$src/tests/lsan.supp}
export G_DEBUG=gc-friendly,fatal-warnings

run_one () {
  local name=$1 log="$work/$1.log" corpus="$work/$1-corpus"
  # Work on a copy: new inputs found here do not land in the committed seed corpus.
  mkdir -p "$corpus"
  cp "$src/tests/fuzz/corpus/$name/"* "$corpus/"
  local dict=()
  # A dictionary of the grammar's words (tests/fuzz/<name>.dict), when the target has one.
  [ -f "$src/tests/fuzz/$name.dict" ] && dict=(-dict="$src/tests/fuzz/$name.dict")
  if "$builddir/tests/fuzz-$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       "${dict[@]}" -print_final_stats=1 -artifact_prefix="$artifacts/$name-" "$corpus" \
       >"$log" 2>&1; then
    local execs cov
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    echo "fuzz-$name: ok, ${execs:-?} runs in ${seconds} s, ${cov:-cov: ?}"
    return 0
  fi
  echo "fuzz-$name: FAILED (reproducer in $artifacts/$name-*)"
  grep -E 'ERROR|SUMMARY|==[0-9]+==' "$log" | head -n 20
  return 1
}

status=0
jobs=${FUZZ_JOBS:-1}
pids=()
names=()
for name in "${targets[@]}"; do
  run_one "$name" > "$work/$name.out" &
  pids+=($!)
  names+=("$name")
  if [ "${#pids[@]}" -ge "$jobs" ]; then
    wait "${pids[0]}" || status=1
    cat "$work/${names[0]}.out"
    pids=("${pids[@]:1}")
    names=("${names[@]:1}")
  fi
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || status=1
  cat "$work/${names[$i]}.out"
done
exit $status
