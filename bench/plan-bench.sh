#!/usr/bin/env bash
# Benchmark for `herald validate` and `herald plan` (issue: herald core).
# Generates 10,000 posts × 3 accounts with 30,000 state records, builds herald
# in release mode, and reports wall time and peak RSS next to the floor: the
# time libyaml alone needs to parse the same files. herald is measured as
# shipped: built with the Swift runtime linked in (README, "Development"); the
# development build's plan time is printed next to it. Run by hand:
#   bench/plan-bench.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
out=bench/out
mkdir -p "$out"
swift build -c release --product herald >/dev/null
dev_herald=$(swift build -c release --show-bin-path)/herald
# The shipped build, in a build folder of its own so the two do not rebuild each other.
static=(-c release --static-swift-stdlib --scratch-path .build/static)
swift build "${static[@]}" --product herald >/dev/null
herald=$(swift build "${static[@]}" --show-bin-path)/herald
# Regenerated when missing or written by an older version of this script.
if [ ! -f "$out/repo/.bench-v2" ]; then
  rm -rf "$out/repo"
  python3 bench/generate.py "$out/repo" --posts 10000
  (cd "$out/repo" && "$herald" plan --at 2026-12-31T00:00:00Z --format json > ../plan-before-state.json || true)
  python3 bench/generate.py "$out/repo" --state-from "$out/plan-before-state.json"
  touch "$out/repo/.bench-v2"
fi
gcc -O2 -o "$out/yaml_floor" bench/yaml_floor.c $(pkg-config --cflags --libs yaml-0.1)
(cd "$out/repo" && find . -name '*.yaml' | sort > ../files.txt)

# Best of RUNS wall-clock seconds, and the peak RSS of the last run (KiB).
measure() {
  python3 - "$runs" "$@" <<'PY'
import subprocess, sys, time
runs = int(sys.argv[1]); cmd = sys.argv[2:]
best = None
for _ in range(runs):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="bench/out/repo")
    elapsed = time.perf_counter() - start
    best = elapsed if best is None else min(best, elapsed)
# Peak RSS of one more run, measured by GNU time for this command alone.
r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd="bench/out/repo", text=True)
rss = int(r.stderr.strip().splitlines()[-1])
print(f"{best:.3f} {rss}")
PY
}

read floor floor_rss < <(measure sh -c "../yaml_floor - < ../files.txt")
# The same floor with the files split between two processes: the most two cores could do.
split -n l/2 "$out/files.txt" "$out/files-half."
read floor2 floor2_rss < <(measure sh -c "../yaml_floor - < ../files-half.aa & ../yaml_floor - < ../files-half.ab & wait")
read validate validate_rss < <(measure "$herald" validate)
read plan plan_rss < <(measure "$herald" plan --at 2026-12-31T00:00:00Z --format json)
read text text_rss < <(measure "$herald" plan --at 2026-12-31T00:00:00Z --format text)
read dev dev_rss < <(measure "$dev_herald" plan --at 2026-12-31T00:00:00Z --format json)
# With a credential known, as in a CI job that publishes: every part is searched for it, the plan redacted.
read secret secret_rss < <(measure env HERALD_BENCH_X_ACCESS_TOKEN=placeholder-bench-credential "$herald" plan --at 2026-12-31T00:00:00Z --format json)
python3 - "$floor" "$validate" "$validate_rss" "$plan" "$plan_rss" "$text" "$text_rss" "$floor2" "$dev" "$dev_rss" "$secret" "$secret_rss" <<'PY'
import sys
floor = float(sys.argv[1])
print("10,000 posts x 3 accounts, 30,000 state records (best of runs, wall clock)")
print(f"  libyaml parse floor : {floor:6.3f} s  (on two cores: {float(sys.argv[8]):.3f} s)")
for name, t, rss in [("herald validate", sys.argv[2], sys.argv[3]), ("herald plan (json)", sys.argv[4], sys.argv[5]),
                     ("herald plan (text)", sys.argv[6], sys.argv[7]), ("plan json + secret", sys.argv[11], sys.argv[12])]:
    t = float(t)
    print(f"  {name:<19} : {t:6.3f} s  ({t/floor:.2f}x floor)  peak RSS {int(rss)/1024:.0f} MB")
dev = float(sys.argv[9])
print(f"  plan (json), development build (Swift runtime as shared libraries): {dev:.3f} s ({dev/floor:.2f}x floor)"
      f"  peak RSS {int(sys.argv[10])/1024:.0f} MB")
PY
# Where the time goes, stage by stage (one run).
# The generated posts include three too long for Bluesky, so the plan exits 1: that is not the script failing.
(cd "$out/repo" && { HERALD_TIMINGS=1 "$herald" plan --at 2026-12-31T00:00:00Z --format json 2>&1 >/dev/null || true; } | grep '^herald timings')
