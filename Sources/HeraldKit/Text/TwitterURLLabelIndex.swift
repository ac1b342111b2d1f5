/// `TwitterURLScanner`'s walks over a text's labels, indexed for a text
/// with a long run of them (see `LabelIndex`).
extension TwitterURLScanner {
    /// `domainEnd`'s walks over a text's labels, looked up rather than
    /// walked again from every start: in `a.a.a.…` (or a long run of label
    /// characters) each start would walk to the end of the run, and the text
    /// would take time in its square — hours for a file of a megabyte. Built
    /// once per text, in time linear in it, and only for such a text: the
    /// results are the walks' own.
    struct LabelIndex {
        /// Label characters walked, in all, before the index pays for itself.
        static var walkedBeforeIndexing: Int { 512 }

        /// `runEnd[i]`: the first position at or after `i` that holds no label character.
        private let runEnd: [Int32]
        /// For a dot: the label the regex tries first among those after it
        /// (the first one not valid as a subdomain, else the last), as its
        /// upper bound, the dot after it; -1 when no label after it ends with a dot.
        private let firstAfter: [Int32]
        /// `lastGood[i]`: the last dot at or before `i` that ends a label
        /// valid as a domain name and followed by a top-level domain; -1 when
        /// there is none. (The label before a start's first dot may begin
        /// after the run's start: `domainEnd` checks that one itself.)
        private let lastGood: [Int32]
        /// `lastUnderscore[i]`: the last `_` at or before `i`; -1 when there
        /// is none. A label has none where this is before its start: looked
        /// up, not scanned from every start (a long run of CJK letters before
        /// `ver.2` was scanned in its square).
        private let lastUnderscore: [Int32]

        init(_ scanner: TwitterURLScanner) {
            let s = scanner.s, n = scanner.n
            var runEnd = [Int32](repeating: Int32(n), count: n + 1)
            var i = n - 1
            while i >= 0 {
                runEnd[i] = scanner.isLabelCharacter(s[i]) ? runEnd[i + 1] : Int32(i)
                i -= 1
            }
            // From the right: the labels after a dot are its next label and those after that one's dot.
            var firstAfter = [Int32](repeating: -1, count: n + 1)
            var p = n - 2
            while p >= 0 {
                let r = Int(runEnd[p + 1])
                if s[p] == 0x2E, r > p + 1, r < n, s[r] == 0x2E {
                    let continues = scanner.isValidLabel((p + 1)..<r, underscore: true) && firstAfter[r] >= 0
                    firstAfter[p] = continues ? firstAfter[r] : Int32(r)
                }
                p -= 1
            }
            var lastGood = [Int32](repeating: -1, count: n + 1)
            var previous: Int32 = -1, start = 0
            for i in 0..<n {
                if s[i] == 0x2E, start < i, scanner.isValidLabel(start..<i, underscore: false),
                   scanner.topLevelDomainEnd(at: i + 1, limit: n) != nil {
                    previous = Int32(i)
                }
                lastGood[i] = previous
                if !scanner.isLabelCharacter(s[i]) { start = i + 1 }
            }
            lastGood[n] = previous
            var lastUnderscore = [Int32](repeating: -1, count: n + 1)
            var seen: Int32 = -1
            for i in 0..<n {
                if s[i] == 0x5F { seen = Int32(i) }
                lastUnderscore[i] = seen
            }
            lastUnderscore[n] = seen
            self.lastUnderscore = lastUnderscore
            self.runEnd = runEnd
            self.firstAfter = firstAfter
            self.lastGood = lastGood
        }

        /// What `domainEnd(from: d)` finds by walking.
        func domainEnd(from d: Int, in scanner: TwitterURLScanner) -> Int? {
            let n = scanner.n, dot = Int(runEnd[d])
            // The first label: from `d` to the first dot, which must follow it.
            guard dot > d, dot < n, scanner.s[dot] == 0x2E else { return nil }
            let label = d..<dot
            // The regex's first try ends at `firstEnd`; it backs off to the last good label before it.
            var firstEnd = dot
            if scanner.isValidLabel(label, underscore: true), firstAfter[dot] >= 0 { firstEnd = Int(firstAfter[dot]) }
            if firstEnd > dot, case let good = Int(lastGood[firstEnd]), good > dot {
                return scanner.topLevelDomainEnd(at: good + 1, limit: n)
            }
            // Valid without `_` (`isValidLabel(label, underscore: false)`), its `_` looked up.
            guard scanner.isValidLabel(label, underscore: true), lastUnderscore[dot - 1] < d else { return nil }
            return scanner.topLevelDomainEnd(at: dot + 1, limit: n)
        }
    }
}
