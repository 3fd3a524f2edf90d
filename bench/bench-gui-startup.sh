#!/usr/bin/env bash
# Startup of the desktop app under Xvfb: time from main() to the first painted frame of the
# window, resident memory at that moment, and the wall time of the whole process (exec → exit),
# over N runs (default 5) with a fresh database each time (first launch = onboarding).
# Usage: bench/bench-gui-startup.sh [BUILD_DIR] [N]
set -euo pipefail
build=${1:-_build}
n=${2:-5}
src=$(cd "$(dirname "$0")/.." && pwd)
app="$build/app/gui/mamori"
[ -x "$app" ] || { echo "build the app first: ninja -C $build" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/one.sh" <<'ONE'
#!/usr/bin/env bash
set -euo pipefail
start=$(date +%s%N)
out=$("$@")
end=$(date +%s%N)
echo "$out"
echo "wall-ms $(( (end - start) / 1000000 ))"
ONE
chmod +x "$tmp/one.sh"

for i in $(seq 1 "$n"); do
  rm -f "$tmp/mamori.db"*
  env GDK_BACKEND=x11 GSK_RENDERER="${GSK_RENDERER:-cairo}" GTK_A11Y=none NO_AT_BRIDGE=1 \
      GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" MAMORI_DATA_DIR="$src/data" \
      MAMORI_BENCH_FIRST_FRAME=1 \
      xvfb-run -a -s '-screen 0 1280x1024x24' "$tmp/one.sh" "$app" --db "$tmp/mamori.db"
done | awk '
  /^first-frame-ms/ { ff[++a] = $2 }
  /^rss-kb/         { rss[++b] = $2 }
  /^wall-ms/        { wall[++c] = $2 }
  function median(arr, k,   i, j, t) {
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (arr[j] < arr[i]) { t = arr[i]; arr[i] = arr[j]; arr[j] = t }
    return (k % 2) ? arr[(k + 1) / 2] : (arr[k / 2] + arr[k / 2 + 1]) / 2
  }
  END {
    printf "runs: %d\n", a
    printf "first frame (main → first paint): median %.1f ms (min %.1f, max %.1f)\n", median(ff, a), ff[1], ff[a]
    printf "RSS at first frame: median %.1f MiB\n", median(rss, b) / 1024
    printf "process wall time (exec → exit, incl. teardown): median %d ms\n", median(wall, c)
  }'
