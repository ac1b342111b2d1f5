#!/usr/bin/env python3
"""Hostile inputs, to find work that grows faster than the input.

usage: bench/adversarial.py HERALD [CASE ...]

Each case writes a repository whose one post (or state file) is built from a
size n, and runs `herald validate` and `herald plan` (JSON, markdown) on it at
n/2 and at n, the better of two runs each. Work linear in the input takes about twice as long at n; work
quadratic in it, four times. A ratio over 3 (on a run long enough to tell)
is flagged. Run by hand after changing a scanner, a check that compares
items with each other, or the diagnostic printer; README, "Benchmarks".
"""
import os, shutil, subprocess, sys, tempfile, time

ACCOUNTS = """accounts:
  m:
    platform: mastodon
    instance: https://example.social
  x:
    platform: x
    handle: herald
  b:
    platform: bluesky
    handle: herald.bsky.social
"""
HEAD = "publish_at: 2026-11-01T09:00:00Z\naccounts: [m, x, b]\n"
FULL = 1_000_000  # bytes of a post at full size: under the 1 MiB file cap


def text(unit):
    """A post whose quoted text repeats `unit` to about n bytes."""
    return lambda n: {"posts/p.yaml": HEAD + 'text: "' + unit * (n // len(unit.encode()) - 10) + '"\n'}


def thread_state(n):
    """A thread of n/12 parts, every part published (with another hash: drift)."""
    parts = n // 12
    records = "".join(f"2026-10-01T09:00:00Z published post=p part={i} hash=0000 id={i}\n" for i in range(parts + 1))
    return {"posts/p.yaml": "publish_at: 2026-11-01T09:00:00Z\naccounts: [m]\ntext: x\nthread:\n" + "  - text: y\n" * parts,
            "state/m.state": "herald-state 1 account=m\n" + records}


def failures(n):
    """One item that failed n/80 times."""
    records = "".join(f"2026-11-01T09:{i % 60:02d}:00Z failed post=p part=0 hash=0000 error=HTTP%20503\n" for i in range(n // 80))
    return {"posts/p.yaml": "publish_at: 2026-11-01T09:00:00Z\naccounts: [m]\ntext: x\n",
            "state/m.state": "herald-state 1 account=m\n" + records}


def orphans(n):
    """n/80 published records of posts whose files are gone, one with the content of a post still there (moved)."""
    records = "".join(f"2026-10-01T09:00:00Z published post=gone{i} part=0 hash=h{i % 500} id={i}\n" for i in range(n // 80))
    posts = {f"posts/q{i}.yaml": f"publish_at: 2026-11-01T09:00:00Z\naccounts: [m]\ntext: post {i}\n" for i in range(50)}
    return {**posts, "state/m.state": "herald-state 1 account=m\n" + records}


def orphans_and_posts(n):
    """n/80 records of posts whose files are gone, beside n/100 posts of other content and n/100 whose content moved."""
    records = "".join(f"2026-10-01T09:00:00Z published post=gone{i} part=0 hash=h{i} id={i}\n" for i in range(n // 80))
    posts = {f"posts/q{i}.yaml": f"publish_at: 2026-11-01T09:00:00Z\naccounts: [m]\ntext: post {i}\n" for i in range(n // 100)}
    return {**posts, "state/m.state": "herald-state 1 account=m\n" + records}


def unreadable_and_orphans(n):
    """n/100 post files with a syntax error, beside n/80 records of posts whose files are gone."""
    records = "".join(f"2026-10-01T09:00:00Z published post=gone{i} part=0 hash=h{i} id={i}\n" for i in range(n // 80))
    posts = {f"posts/q{i}.yaml": "text: [\n" for i in range(n // 100)}
    return {**posts, "state/m.state": "herald-state 1 account=m\n" + records}


def many_posts(n):
    """n/100 small posts, each to three accounts, none of them valid for Bluesky."""
    return {f"posts/p{i:06}.yaml": HEAD + "text: " + "b" * 320 + f" {i}\n" for i in range(n // 100)}


CASES = {
    "mentions": text("@a "),
    "remote mentions": text("@a@b.c "),
    "urls": text("https://a.co/ "),
    "hashtags": text("#t "),
    "dots": text("a."),
    "www": text("www."),
    "long word": text("a"),
    "combining marks": text("e\u0301"),
    "one letter, all marks": lambda n: {"posts/p.yaml": HEAD + 'text: "e' + "\u0301\u0323" * (n // 4 - 10) + '"\n'},
    "Tibetan vowel signs": lambda n: {"posts/p.yaml": HEAD + 'text: "a' + "\u0f73" * (n // 3 - 10) + '"\n'},
    "Hangul jamo": text("\u1100\u1161\u11a8"),
    "flags": text("\U0001F1FA"),
    "variation selectors": lambda n: {"posts/p.yaml": HEAD + 'text: "a' + "\ufe0f" * (n // 3 - 10) + '"\n'},
    "emoji sequences": text("\U0001F469\u200D\U0001F469\u200D\U0001F467"),
    "line separators": text("a\u2028"),
    "ampersands": text("&"),
    "at signs": text("@"),
    "schemes": text("://"),
    "dashes and dots": text("a-.b"),
    "hosts with paths": text("a.com/"),
    "cashtags": text("$A "),
    "punycode": text("xn--a.com "),
    "thread parts": lambda n: {"posts/p.yaml": HEAD + "text: x\nthread:\n" + "  - text: y\n" * (n // 12)},
    "published thread": thread_state,
    "failed attempts": failures,
    "orphans": orphans,
    "orphans beside many posts": orphans_and_posts,
    "orphans beside unreadable posts": unreadable_and_orphans,
    "many posts, all invalid": many_posts,
    "unknown keys": lambda n: {"posts/p.yaml": HEAD + "text: x\n" + "".join(f"k{i}: 1\n" for i in range(n // 12))},
    "unknown accounts": lambda n: {"posts/p.yaml": "publish_at: 2026-11-01T09:00:00Z\ntext: x\naccounts: ["
                                   + ", ".join(f"a{i}" for i in range(n // 9)) + "]\n"},
    "unknown names, many accounts": lambda n: {
        "accounts.yaml": "accounts:\n" + "".join(f"  acct-{i}: {{platform: mastodon, instance: https://m.example}}\n" for i in range(n // 1000)),
        "posts/p.yaml": "publish_at: 2026-11-01T09:00:00Z\ntext: x\naccounts: [" + ", ".join(f"akct-{i}" for i in range(n // 12)) + "]\n"},
    "a variant per account": lambda n: {
        "accounts.yaml": "accounts:\n" + "".join(f"  a{i}: {{platform: mastodon, instance: https://m.example}}\n" for i in range(n // 60)),
        "posts/p.yaml": "publish_at: 2026-11-01T09:00:00Z\ntext: x\naccounts: [" + ", ".join(f"a{i}" for i in range(n // 60))
                        + "]\nvariants:\n" + "".join(f"  a{i}: {{text: y{i}}}\n" for i in range(n // 60))},
    "a variant per account, draft": lambda n: {
        "accounts.yaml": "accounts:\n" + "".join(f"  a{i}: {{platform: mastodon, instance: https://m.example}}\n" for i in range(n // 60)),
        "posts/p.yaml": "draft: true\ntext: x\naccounts: [" + ", ".join(f"a{i}" for i in range(n // 60))
                        + "]\nvariants:\n" + "".join(f"  a{i}: {{text: y{i}}}\n" for i in range(n // 60))},
    "campaign accounts": lambda n: {
        "campaigns/c.yaml": "name: C\naccounts: [" + ", ".join(f"a{i}" for i in range(n // 9)) + "]\n",
        "posts/p.yaml": "publish_at: 2026-11-01T09:00:00Z\ntext: x\ncampaign: c\n"},
    "accounts listed twice": lambda n: {"posts/p.yaml": "publish_at: 2026-11-01T09:00:00Z\ntext: x\naccounts: ["
                                        + ", ".join("m" for _ in range(n // 3)) + "]\n"},
    "duplicate keys": lambda n: {"posts/p.yaml": HEAD + "text: x\n" + "text: y\n" * (n // 8)},
    "media list": lambda n: {"posts/p.yaml": HEAD + "text: x\nmedia:\n" + "".join(f"  - path: media/m{i}.png\n" for i in range(n // 26))},
    "variants": lambda n: {"posts/p.yaml": HEAD + "text: x\nvariants:\n" + "".join(f"  v{i}:\n    text: y\n" for i in range(n // 22))},
    "comments": lambda n: {"posts/p.yaml": HEAD + "text: x\n" + "# c\n" * (n // 4)},
    "anchors": lambda n: {"posts/p.yaml": HEAD + "text: x\n" + "".join(f"a{i}: &a{i} v\n" for i in range(n // 18))},  # under the 1 MiB cap
    "tagged links": lambda n: {"campaigns/c.yaml": "name: C\nlink_tagging:\n  utm_medium: social\n",
                               "posts/p.yaml": "publish_at: 2026-11-01T09:00:00Z\naccounts: [m, x, b]\ncampaign: c\ntext: \""
                               + "https://a.co/p?q=1#f www.b.org " * (n // 32) + "\"\n"},
    "tagged hosts": lambda n: {"campaigns/c.yaml": "name: C\nlink_tagging:\n  utm_medium: social\n",
                               "posts/p.yaml": "publish_at: 2026-11-01T09:00:00Z\naccounts: [m, x, b]\ncampaign: c\ntext: \""
                               + "a.co:8080 " * (n // 10) + "\"\n"},
    # One link as long as the file, then words: measured whole, only the words go over (where the cut falls is searched for).
    "a long link, then words": lambda n: {"posts/p.yaml": HEAD + 'text: "https://a.co/' + "p" * (n - 2000) + " w" * 900 + '"\n'},
    "escapes writing control characters": lambda n: {"posts/p.yaml": HEAD + "text: x\nthread:\n" + '  - "a\\x07"\n' * (n // 12)},
    # Rejected where the nesting or the aliases pass herald's limits, so the time is reading the file.
    "open brackets": lambda n: {"posts/p.yaml": HEAD + "text: x\nk: " + "[" * (n - 100) + "\n"},
    "alias bomb": lambda n: {"posts/p.yaml": HEAD + "text: x\na: &a [" + ", ".join(["lol"] * 10) + "]\nb: &b [" + ", ".join(["*a"] * 10)
                             + "]\nc: [" + ", ".join(["*b"] * (n // 4)) + "]\n"},
    "campaign hashtags": lambda n: {"campaigns/c.yaml": "name: C\nhashtags: [" + ", ".join(f"'#t{i}'" for i in range(n // 12)) + "]\n",
                                    "posts/p.yaml": "publish_at: 2026-11-01T09:00:00Z\naccounts: [m, x, b]\ncampaign: c\ntext: x\n"},
}


def write(root, files):
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root + "/posts")
    with open(root + "/herald.yaml", "w") as f:
        f.write("timezone: Europe/Berlin\n")
    with open(root + "/accounts.yaml", "w") as f:
        f.write(ACCOUNTS)
    for path, content in files.items():
        os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
        with open(os.path.join(root, path), "w") as f:
            f.write(content)


def seconds(herald, root, args):
    start = time.perf_counter()
    try:
        run = subprocess.run([herald] + args + ["-C", root], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    except subprocess.TimeoutExpired:
        return None, "timeout"
    crashed = run.returncode not in (0, 1, 2)
    return time.perf_counter() - start, f"exit {run.returncode}" + (" CRASH" if crashed else "")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    herald, only = os.path.abspath(sys.argv[1]), sys.argv[2:]
    root = tempfile.mkdtemp(prefix="herald-adversarial-")
    flagged = []
    try:
        print(f"{'case':<24} {'command':<13} {'n/2':>7} {'n':>7}  ratio")
        for name, build in CASES.items():
            if only and name not in only:
                continue
            for args in (["validate"], ["plan", "--format", "json"], ["plan", "--format", "markdown"]):
                times = []
                for n in (FULL // 2, FULL):
                    write(root, build(n))
                    # The better of two runs: one slow spell of a shared machine is not flagged.
                    runs = [seconds(herald, root, args) for _ in range(2)]
                    times.append(min(runs, key=lambda run: float("inf") if run[0] is None else run[0]))
                (half, _), (full, status) = times
                if half is None or full is None:
                    print(f"{name:<24} {' '.join(args[0::2]):<13} {status}")
                    flagged.append(f"{name} ({' '.join(args)}): {status}")
                    continue
                ratio = full / half
                slow = ratio > 3 and full > 0.2
                print(f"{name:<24} {' '.join(args[0::2]):<13} {half:6.2f}s {full:6.2f}s  {ratio:4.1f}  {status}{'  <- grows too fast' if slow else ''}",
                      flush=True)
                if slow or "CRASH" in status:
                    flagged.append(f"{name} ({' '.join(args)}): {ratio:.1f}x for twice the input, {status}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("\n".join(["", "flagged:"] + flagged) if flagged else "\nnothing grows faster than its input")
    sys.exit(1 if flagged else 0)


if __name__ == "__main__":
    main()
