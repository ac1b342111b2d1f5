#!/usr/bin/env bash
# Regenerates Sources/HeraldKit/Text/TLDs.generated.swift from the Public Suffix
# List installed by Debian's `publicsuffix` package. No network access.
#
#   scripts/generate-tlds.sh [path/to/public_suffix_list.dat] [output.swift]
#
# The set holds every top-level label of the list's ICANN section (the private
# section only adds names under those labels), in the list's Unicode form and,
# for internationalised labels, in punycode ("xn--…") as well. URL recognisers
# (twitter-text style, Bluesky's detectFacets) compare lowercased candidates
# against it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
psl="${1:-/usr/share/publicsuffix/public_suffix_list.dat}"
out="${2:-$here/../Sources/HeraldKit/Text/TLDs.generated.swift}"

if [[ ! -r "$psl" ]]; then
    echo "error: cannot read $psl (apt-get install publicsuffix)" >&2
    exit 1
fi

version="$(dpkg-query -W -f='${Version}' publicsuffix 2>/dev/null || echo unknown)"
sha="$(sha256sum "$psl" | cut -d' ' -f1)"

python3 - "$psl" "$out" "$version" "$sha" <<'PY'
import sys

psl_path, out_path, version, sha = sys.argv[1:5]
labels = set()
in_icann = False
with open(psl_path, encoding="utf-8") as f:
    for raw in f:
        line = raw.strip()
        if "===BEGIN ICANN DOMAINS===" in line:
            in_icann = True
            continue
        if "===END ICANN DOMAINS===" in line:
            in_icann = False
            continue
        if not in_icann or not line or line.startswith("//"):
            continue
        rule = line.split()[0].lstrip("!")
        labels.add(rule.split(".")[-1].lower())

forms = set(labels)
for label in labels:
    if any(ord(ch) > 0x7F for ch in label):
        forms.add("xn--" + label.encode("punycode").decode("ascii"))

ascii_forms = sorted(l for l in forms if l.isascii())
unicode_forms = sorted(l for l in forms if not l.isascii())

def swift_lines(items, per_line):
    lines = []
    for i in range(0, len(items), per_line):
        chunk = ", ".join('"%s"' % s for s in items[i:i + per_line])
        lines.append("        " + chunk + ",")
    return "\n".join(lines)

with open(out_path, "w", encoding="utf-8") as out:
    out.write(f"""// GENERATED FILE — do not edit. Regenerate with scripts/generate-tlds.sh.
//
// Source: Public Suffix List, Debian package publicsuffix {version},
// /usr/share/publicsuffix/public_suffix_list.dat (sha256 {sha[:16]}…).
// Contents: the top-level label of every rule in the list's ICANN section,
// lowercased; internationalised labels appear in Unicode and in punycode form.
// {len(labels)} labels, {len(forms)} forms.

extension KnownTopLevelDomains {{
    /// ASCII top-level domains, including the punycode form of every IDN TLD.
    static let asciiForms: [String] = [
{swift_lines(ascii_forms, 8)}
    ]

    /// Internationalised top-level domains in Unicode form.
    static let unicodeForms: [String] = [
{swift_lines(unicode_forms, 6)}
    ]
}}
""")
print(f"wrote {out_path}: {len(labels)} labels, {len(forms)} forms", file=sys.stderr)
PY
