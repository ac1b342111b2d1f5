#!/usr/bin/env python3
"""Generate a synthetic herald repository for benchmarks.

usage: generate.py DIR [--posts N]
       generate.py DIR --state-from PLAN.json

The first form writes N posts (default 10,000) over 3 accounts (X, Mastodon,
Bluesky). Half the posts are in the past, half in the future.

The second writes the state of a repository where every post's first part
went out as it reads now: one published record per (post, account), 3×N
records, with the content hashes herald computed (from `herald plan --format
json` run before any state exists). Thread parts stay unpublished.
"""
import json, os, random, sys

def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    root = args[0]
    if "--state-from" in args:
        return write_state(root, args[args.index("--state-from") + 1])
    posts = int(args[args.index("--posts") + 1]) if "--posts" in args else 10_000
    random.seed(42)
    os.makedirs(root + "/posts", exist_ok=True)
    os.makedirs(root + "/campaigns", exist_ok=True)
    accounts = ["bench-x", "bench-mastodon", "bench-bluesky"]
    with open(root + "/accounts.yaml", "w") as f:
        f.write("accounts:\n"
                "  bench-x:\n    platform: x\n    handle: bench\n"
                "  bench-mastodon:\n    platform: mastodon\n    instance: https://mastodon.example\n"
                "  bench-bluesky:\n    platform: bluesky\n    handle: bench.bsky.social\n")
    with open(root + "/herald.yaml", "w") as f:
        f.write("timezone: Europe/Berlin\n")
    with open(root + "/campaigns/bench.yaml", "w") as f:
        f.write("name: Bench\naccounts: [bench-x, bench-mastodon, bench-bluesky]\nhashtags: ['#bench']\n"
                "link_tagging: { utm_medium: social }\n")
    words = "herald publishes posts from git exactly once with plans reviews and state files for every team".split()
    for i in range(posts):
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        year = 2026 if i % 2 == 0 else 2027
        text = " ".join(random.choice(words) for _ in range(12 + i % 20))
        sub = "p%03d" % (i % 100)
        os.makedirs(root + "/posts/" + sub, exist_ok=True)
        pid = "%s/post-%05d" % (sub, i)
        variant = "variants:\n  x: { text: \"%s https://example.com/p/%d\" }\n" % (text[:120], i) if i % 3 == 0 else ""
        thread = "thread:\n  - text: Part two of post %d.\n" % i if i % 10 == 0 else ""
        with open(root + "/posts/" + pid + ".yaml", "w") as f:
            f.write("# synthetic post %d\npublish_at: %04d-%02d-%02dT%02d:%02d:00+01:00\ncampaign: bench\n"
                    "text: |\n  %s\n  https://example.com/blog/%d\n%s%s" % (i, year, month, day, i % 24, i % 60, text, i, variant, thread))


def write_state(root, plan_path):
    with open(plan_path) as f:
        items = json.load(f)["items"]
    shards = {}
    for n, item in enumerate(i for i in items if i["part"] == 0 and "hash" in i):
        lines = shards.setdefault(item["account"], ["herald-state 1 account=%s\n" % item["account"]])
        lines.append("2026-01-%02dT09:00:01Z published post=%s part=0 hash=%s id=%d url=https://example.social/@bench/%d\n"
                     % (1 + n % 28, item["post"], item["hash"], 100000 + n, 100000 + n))
    os.makedirs(root + "/state", exist_ok=True)
    for account, lines in shards.items():
        with open(root + "/state/%s.state" % account, "w") as f:
            f.writelines(lines)

if __name__ == "__main__":
    main()
