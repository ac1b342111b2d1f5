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
runs=${1:-10}
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
# A git repository of its own, as a content repository is (herald asks git whether it ignores the
# state files): inside herald's own, git would answer for herald's .gitignore, which leaves out bench/out/.
[ -e "$out/repo/.git" ] || git -C "$out/repo" init -q
gcc -O2 -o "$out/yaml_floor" bench/yaml_floor.c $(pkg-config --cflags --libs yaml-0.1)
(cd "$out/repo" && find . -name '*.yaml' | sort > ../files.txt)

# Every command runs once per round, in turns, RUNS rounds: this machine's
# speed drifts by 15-25% within minutes, and commands measured one after the
# other in blocks would each meet a different spell. Reported per command:
# the best and the median wall clock over the rounds, each against the
# floor's best and median, and the peak RSS of one more run (GNU time).
split -n l/2 "$out/files.txt" "$out/files-half."
python3 - "$runs" "$herald" "$dev_herald" <<'PY'
import os, statistics, subprocess, sys, time
runs, herald, dev = int(sys.argv[1]), sys.argv[2], sys.argv[3]
at = ["--at", "2026-12-31T00:00:00Z"]
# With a credential known, as in a CI job that publishes: every part is searched for it, the plan redacted.
secret = dict(os.environ, HERALD_BENCH_X_ACCESS_TOKEN="placeholder-bench-credential")
commands = [
    ("libyaml parse floor", ["sh", "-c", "../yaml_floor - < ../files.txt"], None),
    # The same floor with the files split between two processes: the most two cores could do.
    ("floor on two cores", ["sh", "-c", "../yaml_floor - < ../files-half.aa & ../yaml_floor - < ../files-half.ab & wait"], None),
    ("herald validate", [herald, "validate"], None),
    ("herald plan (json)", [herald, "plan", *at, "--format", "json"], None),
    ("herald plan (text)", [herald, "plan", *at, "--format", "text"], None),
    ("plan json + secret", [herald, "plan", *at, "--format", "json"], secret),
    # The development build: the Swift runtime as shared libraries.
    ("plan json, dev build", [dev, "plan", *at, "--format", "json"], None),
]
times = {name: [] for name, _, _ in commands}
for _ in range(runs):
    for name, cmd, env in commands:
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="bench/out/repo", env=env)
        times[name].append(time.perf_counter() - start)
def rss(cmd, env):
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       cwd="bench/out/repo", text=True, env=env)
    return int(r.stderr.strip().splitlines()[-1]) / 1024
floor_best, floor_median = min(times["libyaml parse floor"]), statistics.median(times["libyaml parse floor"])
print(f"10,000 posts x 3 accounts, 30,000 state records; {runs} rounds, the commands in turns, wall clock")
print(f"  {'':21}  {'best':>7} {'vs floor':>8}   {'median':>7} {'vs floor':>8}   peak RSS")
for name, cmd, env in commands:
    best, median = min(times[name]), statistics.median(times[name])
    memory = "" if name.startswith(("libyaml", "floor")) else f"{rss(cmd, env):6.0f} MB"
    print(f"  {name:<21}  {best:6.3f}s {best / floor_best:7.2f}x   {median:6.3f}s {median / floor_median:7.2f}x   {memory}")
PY
# Where the time goes, stage by stage (one run).
# The generated posts include three too long for Bluesky, so the plan exits 1: that is not the script failing.
(cd "$out/repo" && { HERALD_TIMINGS=1 "$herald" plan --at 2026-12-31T00:00:00Z --format json 2>&1 >/dev/null || true; } | grep '^herald timings')
