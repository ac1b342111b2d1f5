#!/usr/bin/env bash
# Benchmark for `herald publish` (issue: exactly-once publishing).
# 200 posts over 4 Mastodon accounts against the sandbox with 100 ms latency
# per request. Reports wall time against the lower bound (the busiest
# account's requests × latency) and against a sequential run (--jobs 1).
# The posts are due half an hour ago, as in a cron run; one more run plans
# two hours later, when every item is overdue with no record and herald
# looks for it on the platform before sending it (a lost state folder).
# Run by hand: bench/publish-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/publish
rm -rf "$out" && mkdir -p "$out/repo/posts"
latency_ms=100
posts=200
accounts=4
swift build -c release --product herald >/dev/null
herald=$(swift build -c release --show-bin-path)/herald

{
  echo "accounts:"
  for a in $(seq 1 $accounts); do echo "  bench-$a: { platform: mastodon, instance: https://m$a.example }"; done
} > "$out/repo/accounts.yaml"
git -C "$out/repo" init -q  # a content repository is a git repository (not herald's own, which ignores bench/out/)
echo "timezone: UTC" > "$out/repo/herald.yaml"
echo "concurrency: $accounts" >> "$out/repo/herald.yaml"
due=$(date -u -d '-30 minutes' +%Y-%m-%dT%H:%M:00Z)
later=$(date -u -d '+90 minutes' +%Y-%m-%dT%H:%M:00Z)
for i in $(seq 0 $((posts - 1))); do
  a=$(( i % accounts + 1 ))
  printf 'publish_at: %s\naccounts: [bench-%d]\ntext: Benchmark post %d\n' "$due" $a $i > "$out/repo/posts/p$i.yaml"
done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$herald" sandbox --port "$port" --latency "$latency_ms" >/dev/null &
sandbox=$!
trap 'kill $sandbox 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/_sandbox/health" >/dev/null && break; sleep 0.1; done

run() {
  rm -rf "$out/repo/.herald"
  curl -sf -X POST "http://127.0.0.1:$port/_sandbox/reset" >/dev/null
  local start end
  start=$(date +%s.%N)
  "$herald" publish -C "$out/repo" --sandbox-url "http://127.0.0.1:$port" "$@" >/dev/null
  end=$(date +%s.%N)
  held=$(curl -sf "http://127.0.0.1:$port/_sandbox/posts" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["posts"]))')
  [ "$held" -eq "$posts" ] || { echo "expected $posts posts in the sandbox, found $held" >&2; exit 1; }
  python3 -c "print(f'{$end - $start:.2f}')"
}

parallel=$(run)
sequential=$(run --jobs 1)
overdue=$(run --at "$later")
python3 - "$parallel" "$sequential" "$posts" "$accounts" "$latency_ms" "$overdue" <<'PY'
import sys
parallel, sequential, overdue = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[6])
posts, accounts, latency = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]) / 1000
# Per account: one GET /api/v2/instance, then one POST per post.
busiest = -(-posts // accounts) + 1
bound = busiest * latency
print(f"{posts} posts over {accounts} accounts, sandbox latency {latency*1000:.0f} ms per request")
print(f"  lower bound (busiest account: {busiest} requests x latency): {bound:5.2f} s")
print(f"  herald publish (parallel accounts)   : {parallel:5.2f} s  ({parallel/bound:.2f}x the bound)")
print(f"  herald publish --jobs 1 (sequential) : {sequential:5.2f} s  ({sequential/bound:.2f}x the bound)")
# Overdue with no record: the instance and the account's id once; the account's statuses
# before the first post, and once more below it (later lookups start below the statuses
# the run made and reuse that page); one POST per post.
per = -(-posts // accounts)
looked = 2 + 1 + 1 + per
print(f"  every item overdue, looked for first  : {overdue:5.2f} s  ({overdue/(looked*latency):.2f}x its bound of {looked} requests)")
PY
