#!/usr/bin/env python3
"""Mutation fuzzing of the example repository, looking for crashes.

usage: scripts/fuzz-repository.py HERALD [SECONDS] [SEED] [--publish]

Copies this repository's content (herald.yaml, accounts.yaml, posts/,
campaigns/, media/) into a temporary folder, publishes it once on the
built-in sandbox for a state to mutate, then, until SECONDS (default 300)
have passed: mutates one to three of its YAML and state files (bytes
inserted, deleted or flipped; YAML punctuation, odd Unicode, dates, lines
duplicated, dropped or re-indented) and runs `validate` (json, github) and
`plan` (markdown, json) on the copy; with --publish, `publish --sandbox` and
`plan --sandbox` instead. herald must answer every input with exit 0, 1 or 2
and no runtime trap, within 20 s. A failing copy is kept under
fuzz-crashes/ in the temporary folder, with WHY (the command, exit status
and the end of standard error); the script exits 1.

Run by hand, with the debug build (its checks are stricter), after changing
the loader, the decoders, the state parser or the planner.
"""
import os, random, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKENS = [b": ", b"- ", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"!!str ", b"!!int ", b"? ", b"|", b">-", b"\t", b"\n", b"#",
          b"'", b'"', b"\xc3\xa9", b"\xe2\x80\xa8", b"\xff", b"\x00", b"\r", b"\xef\xbb\xbf", b"---\n", b"...\n", b"~", b"null",
          b"true", b"0x1F", b"2026-02-30T25:61:00", b"2026-03-29T02:30:00", b"9999999999999999999999", b"-1", b"1e400", b".nan",
          b"@", b"https://", b"..", b"/etc/passwd", b"media/launch.png", b"\\u0000", "👩‍👩‍👧".encode(), b"accounts: [",
          b"thread:\n  - text: x\n", b"variants:\n  x:\n    text: y\n", b"publish_at: ", b"campaign: ", b"draft: ",
          b"media:\n  - path: ", b"alt: ", b"text: ", b"access_token: ", b"%", b"<<: *a\n", b"  ", b"    ",
          b" published post=", b" intent post=", b" part=", b" hash=", b" id=", b" key="]


def mutate(data, rng):
    for _ in range(rng.randint(1, 4)):
        op = rng.randint(0, 6)
        pos = rng.randint(0, len(data)) if data else 0
        lines = data.split(b"\n")
        if op == 0:
            data = data[:pos] + rng.choice(TOKENS) + data[pos:]
        elif op == 1:
            data = data[:pos] + data[pos + rng.randint(1, 20):]
        elif op == 2 and data:
            data = data[:pos] + bytes([rng.randint(0, 255)]) + data[pos + 1:]
        elif op == 3:
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(lines))
            data = b"\n".join(lines)
        elif op == 4:
            del lines[rng.randrange(len(lines))]
            data = b"\n".join(lines)
        elif op == 5:
            i = rng.randrange(len(lines))
            lines[i] = b" " * rng.randint(0, 6) + lines[i].lstrip()
            data = b"\n".join(lines)
        else:
            data = data[:pos] + rng.choice(TOKENS) * rng.randint(1, 50) + data[pos:]
    return data


def targets(root):
    found = []
    for folder, _, files in os.walk(root):
        if "/media" in folder:
            continue
        found += [os.path.join(folder, f) for f in files if f.endswith((".yaml", ".yml", ".state"))]
    return sorted(found)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        sys.exit(__doc__)
    herald = os.path.abspath(args[0])
    seconds = float(args[1]) if len(args) > 1 else 300
    rng = random.Random(int(args[2]) if len(args) > 2 else None)
    publish = "--publish" in sys.argv
    commands = ([["publish", "--sandbox"], ["plan", "--sandbox", "--format", "text"]] if publish else
                [["validate", "--format", "json"], ["plan", "--at", "2026-12-31T00:00:00Z", "--format", "markdown"],
                 ["plan", "--format", "json"], ["validate", "--format", "github"]])
    scratch = tempfile.mkdtemp(prefix="herald-fuzz-")
    base, work = scratch + "/base", scratch + "/work"
    os.makedirs(base)
    for name in ["herald.yaml", "accounts.yaml", "posts", "campaigns", "media"]:
        source = os.path.join(ROOT, name)
        (shutil.copytree if os.path.isdir(source) else shutil.copy)(source, os.path.join(base, name))
    subprocess.run([herald, "publish", "--sandbox", "-C", base], capture_output=True)
    if os.path.isdir(base + "/.herald/sandbox/state"):
        shutil.copytree(base + "/.herald/sandbox/state", base + "/state")
    runs, end = 0, time.time() + seconds
    while time.time() < end:
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(base, work, symlinks=True)
        files = targets(work)
        for path in rng.sample(files, rng.randint(1, min(3, len(files)))):
            with open(path, "rb") as f:
                data = f.read()
            with open(path, "wb") as f:
                f.write(mutate(data, rng))
        for command in commands:
            runs += 1
            try:
                run = subprocess.run([herald] + command + ["-C", work], capture_output=True, timeout=20)
                why = None if run.returncode in (0, 1, 2) and b"Fatal error" not in run.stderr else f"exit {run.returncode}"
                stderr = run.stderr[-3000:].decode("utf8", "replace")
            except subprocess.TimeoutExpired:
                why, stderr = "no answer in 20 s", ""
            if why:
                kept = f"{scratch}/fuzz-crashes/{runs}"
                shutil.copytree(work, kept, symlinks=True)
                with open(kept + "/WHY", "w") as f:
                    f.write(f"{why}: herald {' '.join(command)}\n{stderr}\n")
                print(f"{why}: herald {' '.join(command)} -C {kept}")
                sys.exit(1)
    shutil.rmtree(scratch, ignore_errors=True)
    print(f"{runs} runs, no crash")


if __name__ == "__main__":
    main()
