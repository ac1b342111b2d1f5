/// twitter-text's URL extractor (`extractUrlsWithIndices`), reimplemented as a
/// hand-written scanner over Unicode scalars.
///
/// twitter-text matches one large regular expression,
/// `(precedingChar)((https?://)?(domain)(:port)?(/path)?(?query)?)`, and then
/// filters the matches. The scanner follows the same steps, including the
/// regex engine's leftmost-first search and backtracking, so it finds the
/// same spans: a URL needs a known top-level domain (or a punycode one), may
/// not follow `@`, `$`, `#` or a letter or digit, keeps balanced parentheses in
/// its path and leaves trailing punctuation (`.`, `,`, `!`, `'`, …) outside.
/// A URL without a scheme is reduced to its ASCII host (`これはexample.com` gives
/// `example.com`), as twitter-text does.
///
/// Mastodon runs the same extractor with a few of its expressions replaced
/// (`config/initializers/twitter_regex.rb`): `URLDialect.mastodon`.
/// Text as the URL scanner and X's counter read it: a scalar value per index,
/// and the UTF-16 offset of each index (JavaScript's string positions).
protocol ScannedText {
    var count: Int { get }
    subscript(i: Int) -> UInt32 { get }
    /// The UTF-16 offset of scalar `i`; `count` gives the text's UTF-16 length.
    func utf16Offset(_ i: Int) -> Int
}

/// ASCII text read in place: a byte is a scalar and a UTF-16 unit.
struct ASCIIText: ScannedText {
    let bytes: UnsafeBufferPointer<UInt8>
    var count: Int { bytes.count }
    subscript(i: Int) -> UInt32 { UInt32(bytes[i]) }
    func utf16Offset(_ i: Int) -> Int { i }
}

/// Any text, decoded into scalar values and their UTF-16 offsets.
struct ScalarText: ScannedText {
    let scalars: [UInt32]
    /// One entry per scalar, plus the total at the end.
    let utf16: [Int]
    var count: Int { scalars.count }
    subscript(i: Int) -> UInt32 { scalars[i] }
    func utf16Offset(_ i: Int) -> Int { utf16[i] }

    init(_ text: String) {
        var scalars: [UInt32] = []
        var offsets: [Int] = []
        scalars.reserveCapacity(text.utf8.count)
        offsets.reserveCapacity(text.utf8.count + 1)
        var offset = 0
        for scalar in text.unicodeScalars {
            scalars.append(scalar.value)
            offsets.append(offset)
            offset += scalar.value > 0xFFFF ? 2 : 1
        }
        offsets.append(offset)
        self.scalars = scalars
        self.utf16 = offsets
    }
}

/// Whose expressions the URL scanner follows.
enum URLDialect: Sendable {
    /// twitter-text, as X counts and links.
    case twitter
    /// twitter-text with Mastodon's replacements: the schemes `dat`, `dweb`,
    /// `ipfs`, `ipns`, `ssb`, `gopher` and `gemini` besides `http(s)`, a path of
    /// any characters but white space, `<>()?`, ending in none of
    /// `!*"'「」;:=,.$%[]~&|@`, and non-ASCII letters in the query.
    case mastodon
}

struct TwitterURLScanner<Text: ScannedText> {
    typealias C = TwitterTextCharacters
    typealias M = MastodonURLCharacters

    /// The text's scalar values.
    let s: Text
    let extractWithoutProtocol: Bool
    let dialect: URLDialect
    let n: Int
    /// `dotAhead[i]`: a `.` lies at or after `i` before the current run of label
    /// characters ends. Lets most start positions fail in constant time.
    private let dotAhead: UnsafeBufferPointer<Bool>
    /// Built on demand for a text with a long run of labels (see `LabelIndex`).
    private var labels: LabelIndex?
    /// Label characters the forward scans of `domainEnd` have walked so far.
    private var walked = 0
    private let indexAfter: Int

    private init(s: Text, extractWithoutProtocol: Bool, dialect: URLDialect, n: Int, dotAhead: UnsafeBufferPointer<Bool>, indexAfter: Int) {
        self.s = s
        self.extractWithoutProtocol = extractWithoutProtocol
        self.dialect = dialect
        self.n = n
        self.dotAhead = dotAhead
        self.indexAfter = indexAfter
    }

    static var maxURLLength: Int { 4096 }
    static var maxTcoSlugLength: Int { 40 }
    static var maxLabelLength: Int { 63 }

    /// The URL spans of `text` as scalar index ranges, in text order.
    /// `indexAfter`: label characters walked before the walks are indexed
    /// (`LabelIndex`); tests set it to compare both ways.
    static func spans(in text: Text, extractWithoutProtocol: Bool = true, dialect: URLDialect = .twitter,
                      indexAfter: Int = LabelIndex.walkedBeforeIndexing) -> [Range<Int>] {
        let n = text.count
        // Every URL has a dot in its host: without one there is nothing to scan.
        var i = 0
        while i < n && text[i] != 0x2E { i += 1 }
        guard i < n else { return [] }
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: n + 1) { ahead in
            // Marked back from each dot over the label characters before it:
            // the same as working back from the end, but a post has few dots.
            ahead.initialize(repeating: false)
            while i < n {
                if text[i] == 0x2E {
                    ahead[i] = true
                    var j = i - 1
                    while j >= 0 && !ahead[j] && C.isLabelCharacter(text[j]) {
                        ahead[j] = true
                        j -= 1
                    }
                }
                i += 1
            }
            var scanner = TwitterURLScanner(s: text, extractWithoutProtocol: extractWithoutProtocol, dialect: dialect, n: n,
                                            dotAhead: UnsafeBufferPointer(ahead), indexAfter: indexAfter)
            return scanner.spans()
        }
    }

    /// One match of the big expression, before twitter-text's filters.
    private struct Match {
        var urlStart: Int
        var domainStart: Int
        var domainEnd: Int
        var end: Int
        var hasPath: Bool
        var hasProtocol: Bool { domainStart > urlStart }
    }

    private mutating func spans() -> [Range<Int>] {
        var urls: [Range<Int>] = []
        var lastIndex = 0
        while lastIndex < n, let (match, before) = nextMatch(from: lastIndex) {
            lastIndex = match.end
            accept(match, before: before, into: &urls)
        }
        return urls
    }

    /// The leftmost match at or after `from`, with the character consumed
    /// before it (nil at the start of the text).
    private mutating func nextMatch(from: Int) -> (Match, UInt32?)? {
        var start = from
        while start < n {
            if start > 0 {
                // Past the text's start, only a place where a URL may begin is worth a closer look.
                while start + 1 < n && !mayStartURL(at: start + 1) { start += 1 }
                guard start + 1 < n else { return nil }
            }
            if C.isValidPrecedingCharacter(s[start]), mayStartURL(at: start + 1),
               let m = match(at: start + 1) {
                return (m, s[start])
            }
            if start == 0, mayStartURL(at: 0), let m = match(at: 0) { return (m, nil) }
            start += 1
        }
        return nil
    }

    /// A quick test before `match`: a dot lies ahead, or a scheme may begin.
    private func mayStartURL(at u: Int) -> Bool {
        guard u < n else { return false }
        if dotAhead[u] { return true }
        let c = C.asciiLowercased(s[u])
        if c == 0x68 { return true }
        // Mastodon's other schemes have 3, 4 or 6 letters: most words are not one.
        guard dialect == .mastodon, M.mayBeginScheme(c) else { return false }
        func colon(_ i: Int) -> Bool { i < n && s[i] == 0x3A }
        return colon(u + 3) || colon(u + 4) || colon(u + 6)
    }

    private mutating func match(at u: Int) -> Match? {
        guard u < n else { return nil }
        if let p = protocolLength(at: u), let m = match(urlStart: u, domainStart: u + p) {
            return m
        }
        return match(urlStart: u, domainStart: u)
    }

    /// `https?://` (and Mastodon's other schemes), case-insensitively.
    private func protocolLength(at u: Int) -> Int? {
        func lower(_ i: Int) -> UInt32 { i < n ? C.asciiLowercased(s[i]) : 0 }
        var i = u
        if dialect == .mastodon, lower(u) != 0x68 {
            guard let scheme = M.schemes.first(where: { scheme in scheme.indices.allSatisfy { lower(u + $0) == scheme[$0] } })
            else { return nil }
            i += scheme.count
        } else {
            guard lower(u) == 0x68, lower(u + 1) == 0x74, lower(u + 2) == 0x74, lower(u + 3) == 0x70
            else { return nil }
            i += 4
            if lower(i) == 0x73 { i += 1 }
        }
        guard lower(i) == 0x3A, lower(i + 1) == 0x2F, lower(i + 2) == 0x2F else { return nil }
        return i + 3 - u
    }

    private mutating func match(urlStart: Int, domainStart: Int) -> Match? {
        guard domainStart < n, dotAhead[domainStart],
              let domainEnd = domainEnd(from: domainStart)
        else { return nil }
        var p = domainEnd
        if p + 1 < n, s[p] == 0x3A, C.isASCIIDigit(s[p + 1]) {
            p += 1
            while p < n, C.isASCIIDigit(s[p]) { p += 1 }
        }
        var hasPath = false
        if p < n, s[p] == 0x2F {
            hasPath = true
            p = pathEnd(from: p + 1)
        }
        if p < n, s[p] == 0x3F, let q = queryEnd(from: p + 1, limit: n) { p = q }
        return Match(urlStart: urlStart, domainStart: domainStart, domainEnd: domainEnd, end: p,
                     hasPath: hasPath)
    }

    // MARK: Domain

    /// `validSubdomain* validDomainName (gTLD | ccTLD | punycode)`: labels end
    /// with a dot; the regex tries the most subdomains first and backs off.
    private mutating func domainEnd(from d: Int) -> Int? {
        if let labels { return labels.domainEnd(from: d, in: self) }
        // Each start walks its labels again: past a few hundred characters in
        // all (a long run like `a.a.a.…`, which no host is), the walks are
        // looked up instead, or the text would take time in its square.
        if walked >= indexAfter {
            let index = LabelIndex(self)
            labels = index
            return index.domainEnd(from: d, in: self)
        }
        // The labels that end with a dot, in order. The regex's first try is
        // the label after the valid subdomains (or the last label): found on
        // the way forward, and each earlier one by walking back to its dot.
        var first: Range<Int>?
        var subdomainsValid = true
        var pos = d
        while pos < n {
            var e = pos
            while e < n, isLabelCharacter(s[e]) { e += 1 }
            walked += e - pos
            guard e > pos, e < n, s[e] == 0x2E else { break }
            if subdomainsValid {
                first = pos..<e
                subdomainsValid = isValidLabel(pos..<e, underscore: true)
            }
            pos = e + 1
        }
        guard var label = first else { return nil }
        while true {
            if isValidLabel(label, underscore: false),
               let end = topLevelDomainEnd(at: label.upperBound + 1, limit: n) {
                return end
            }
            guard label.lowerBound > d else { return nil }
            let dot = label.lowerBound - 1
            var start = dot
            while start > d && s[start - 1] != 0x2E { start -= 1 }
            label = start..<dot
        }
    }

    /// twitter-text's JavaScript leaves `"` out of its punctuation, so a host
    /// may hold one; the Ruby gem Mastodon runs does not, nor ASCII controls.
    private func isDomainCharacter(_ c: UInt32) -> Bool {
        C.isDomainCharacter(c) && (dialect == .twitter || !M.isOutsideRubyDomains(c))
    }

    func isLabelCharacter(_ c: UInt32) -> Bool {
        C.isLabelCharacter(c) && (dialect == .twitter || !M.isOutsideRubyDomains(c))
    }

    /// `(?:C(?:[_-]|C)*)?C`: starts and ends with a domain character.
    func isValidLabel(_ r: Range<Int>, underscore: Bool) -> Bool {
        guard isDomainCharacter(s[r.lowerBound]), isDomainCharacter(s[r.upperBound - 1])
        else { return false }
        if !underscore {
            for i in r where s[i] == 0x5F { return false }
        }
        return true
    }

    /// The end of a top-level domain starting at `t`, honouring twitter-text's
    /// lookahead (no letter, digit, `@`, `+` or `-` may follow). `limit` acts
    /// as the end of the text.
    func topLevelDomainEnd(at t: Int, limit: Int) -> Int? {
        guard t < limit else { return nil }
        func blocked(_ e: Int) -> Bool { e < limit && C.blocksTopLevelDomain(s[e]) }
        if s[t] < 0x80 {
            var e = t
            while e < limit, C.isASCIIAlphanumeric(s[e]) { e += 1 }
            guard e > t else { return nil }
            if !blocked(e) {
                // ASCII letters and digits: written as bytes (scalar by scalar cost more than the lookup).
                let label = String(unsafeUninitializedCapacity: e - t) { bytes in
                    for i in t..<e { bytes[i - t] = UInt8(truncatingIfNeeded: C.asciiLowercased(s[i])) }
                    return e - t
                }
                if KnownTopLevelDomains.asciiSet.contains(label) { return e }
            }
            return punycodeTopLevelDomainEnd(at: t, limit: limit)
        }
        guard let candidates = KnownTopLevelDomains.unicodeByFirstScalar[lowercased(s[t])] else {
            return nil
        }
        for tld in candidates where t + tld.count <= limit && !blocked(t + tld.count) {
            var equal = true
            for (offset, c) in tld.enumerated() where lowercased(s[t + offset]) != c {
                equal = false
                break
            }
            if equal { return t + tld.count }
        }
        return nil
    }

    /// `xn--[-0-9a-z]+` (no lookahead in twitter-text).
    private func punycodeTopLevelDomainEnd(at t: Int, limit: Int) -> Int? {
        guard t + 4 < limit, C.asciiLowercased(s[t]) == 0x78, C.asciiLowercased(s[t + 1]) == 0x6E,
              s[t + 2] == 0x2D, s[t + 3] == 0x2D
        else { return nil }
        var e = t + 4
        while e < limit, s[e] == 0x2D || C.isASCIIAlphanumeric(s[e]) { e += 1 }
        return e > t + 4 ? e : nil
    }

    private func lowercased(_ c: UInt32) -> UInt32 {
        if c < 0x80 { return C.asciiLowercased(c) }
        guard let scalar = Unicode.Scalar(c), scalar.properties.changesWhenLowercased,
              let lower = scalar.properties.lowercaseMapping.unicodeScalars.first
        else { return c }
        return lower.value
    }

    // MARK: Path and query

    /// `(validGeneralUrlPathChars | balanced parens)*` cut back to the last
    /// ending character (a letter, digit, `+-=_#/` or a closing parenthesis).
    private func pathEnd(from a: Int) -> Int {
        var i = a, lastGood = a
        while i < n {
            let c = s[i]
            if c == 0x28 {
                guard let b = balancedParenthesesEnd(at: i, dialect: dialect) else { break }
                // Mastodon's path may end with a group only as twitter-text
                // spells one: its ending characters were written before it
                // replaced the group.
                if dialect == .twitter || balancedParenthesesEnd(at: i, dialect: .twitter) == b { lastGood = b }
                i = b
            } else if isPathCharacter(c) {
                i += 1
                if isPathEndingCharacter(c) { lastGood = i }
            } else {
                break
            }
        }
        return lastGood
    }

    private func isPathCharacter(_ c: UInt32, _ dialect: URLDialect? = nil) -> Bool {
        (dialect ?? self.dialect) == .twitter ? C.isPathCharacter(c) : M.isPathCharacter(c)
    }

    private func isPathEndingCharacter(_ c: UInt32) -> Bool {
        dialect == .twitter ? C.isPathEndingCharacter(c) : M.isPathEndingCharacter(c)
    }

    /// `(chars)` or `(chars(chars)chars)` — one nested level, as twitter-text.
    private func balancedParenthesesEnd(at i: Int, dialect: URLDialect) -> Int? {
        func run(_ from: Int) -> Int {
            var j = from
            while j < n, isPathCharacter(s[j], dialect) { j += 1 }
            return j
        }
        let first = run(i + 1)
        guard first < n else { return nil }
        if s[first] == 0x29 { return first > i + 1 ? first + 1 : nil }
        guard s[first] == 0x28 else { return nil }
        let inner = run(first + 1)
        guard inner > first + 1, inner < n, s[inner] == 0x29 else { return nil }
        let tail = run(inner + 1)
        guard tail < n, s[tail] == 0x29 else { return nil }
        return tail + 1
    }

    /// `validUrlQueryChars* validUrlQueryEndingChars` after a `?`.
    func queryEnd(from a: Int, limit: Int) -> Int? {
        var i = a
        var lastGood: Int?
        while i < limit, dialect == .twitter ? C.isQueryCharacter(s[i]) : M.isQueryCharacter(s[i]) {
            if dialect == .twitter ? C.isQueryEndingCharacter(s[i]) : M.isQueryEndingCharacter(s[i]) { lastGood = i + 1 }
            i += 1
        }
        return lastGood
    }

    // MARK: Filters (twitter-text's post-processing of each match)

    private func accept(_ m: Match, before: UInt32?, into urls: inout [Range<Int>]) {
        guard isValidURL(m) else { return }
        if !m.hasProtocol {
            guard extractWithoutProtocol else { return }
            if let before, before == 0x2D || before == 0x5F || before == 0x2E || before == 0x2F {
                return
            }
            var hosts = asciiDomains(in: m.domainStart..<m.domainEnd)
            guard let last = hosts.last else { return }
            if m.hasPath { hosts[hosts.count - 1] = last.lowerBound..<m.end }
            urls.append(contentsOf: hosts)
            return
        }
        if let slug = tcoSlug(m) {
            guard slug.count <= Self.maxTcoSlugLength else { return }
            var end = slug.upperBound
            // twitter-text's JavaScript keeps a query after the slug; its Ruby, which Mastodon runs, does not.
            if dialect != .mastodon, end < m.end, s[end] == 0x3F, let q = queryEnd(from: end + 1, limit: m.end) { end = q }
            urls.append(m.urlStart..<end)
            return
        }
        urls.append(m.urlStart..<m.end)
    }

    /// `idna.toAscii` and the overall length cap.
    private func isValidURL(_ m: Match) -> Bool {
        let domain = m.domainStart..<m.domainEnd
        // A host spelt "xn--…" must contain an ASCII domain somewhere.
        if domain.count >= 4, s[domain.lowerBound] == 0x78, s[domain.lowerBound + 1] == 0x6E,
           s[domain.lowerBound + 2] == 0x2D, s[domain.lowerBound + 3] == 0x2D,
           asciiDomains(in: domain).isEmpty {
            return false
        }
        var labelStart = domain.lowerBound
        var asciiDomainLength = -1  // the dots between the labels
        for i in domain.lowerBound...domain.upperBound where i == domain.upperBound || s[i] == 0x2E {
            let length = asciiLength(ofLabel: labelStart..<i)
            if length < 1 || length > Self.maxLabelLength { return false }
            asciiDomainLength += length + 1
            labelStart = i + 1
        }
        if dialect == .mastodon {
            // Ruby's twitter-text, which Mastodon runs (`is_valid_domain`): the URL's characters (code
            // points), what punycode adds to its domain, and "https://" only when there is no protocol.
            let grown = max(0, asciiDomainLength - domain.count)
            return (m.end - m.urlStart) + grown + (m.hasProtocol ? 0 : 8) <= Self.maxURLLength
        }
        // twitter-text's JavaScript adds the protocol's length to the URL's,
        // which already holds it, in UTF-16 units; "https://" stands in when there is none.
        let protocolLength = m.hasProtocol ? s.utf16Offset(m.domainStart) - s.utf16Offset(m.urlStart) : 8
        return protocolLength + s.utf16Offset(m.end) - s.utf16Offset(m.urlStart) <= Self.maxURLLength
    }

    /// The length of `punycode.toASCII(label)`: punycode.js also splits at the
    /// ideographic and full-width full stops and encodes each part.
    private func asciiLength(ofLabel r: Range<Int>) -> Int {
        var total = 0, partStart = r.lowerBound, parts = 0
        for i in r.lowerBound...r.upperBound {
            let isSeparator = i < r.upperBound && (s[i] == 0x3002 || s[i] == 0xFF0E || s[i] == 0xFF61)
            guard i == r.upperBound || isSeparator else { continue }
            var ascii = true
            for j in partStart..<i where s[j] > 0x7E {
                ascii = false
                break
            }
            if ascii {
                total += i - partStart
            } else if i - partStart > Self.maxLabelLength {
                return Int.max  // encodes to more characters than it has
            } else {
                guard let encoded = Punycode.encode((partStart..<i).map { s[$0] }) else { return Int.max }
                total += 4 + encoded.utf8.count
            }
            parts += 1
            partStart = i + 1
        }
        return total + parts - 1
    }

    /// `validAsciiDomain` applied globally to a host: `(label.)+tld` runs made of
    /// `[-a-z0-9]` and Latin accents.
    private func asciiDomains(in r: Range<Int>) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var p = r.lowerBound
        while p < r.upperBound {
            let (end, walked) = asciiDomainEnd(at: p, limit: r.upperBound)
            if let end {
                found.append(p..<end)
                p = end
            } else {
                // A start inside the labels walked has the same dots after it, or none: it finds nothing either.
                p = max(p + 1, walked)
            }
        }
        return found
    }

    /// The end of the ASCII domain at `p`, if there is one, and where the
    /// walk over its labels stopped.
    private func asciiDomainEnd(at p: Int, limit: Int) -> (end: Int?, walked: Int) {
        var dots: [Int] = []
        var pos = p
        while pos < limit {
            var e = pos
            while e < limit, C.isASCIIDomainLabelCharacter(s[e]) { e += 1 }
            guard e > pos, e < limit, s[e] == 0x2E else {
                pos = e
                break
            }
            dots.append(e)
            pos = e + 1
        }
        for dot in dots.reversed() {
            if let end = topLevelDomainEnd(at: dot + 1, limit: limit) { return (end, pos) }
        }
        return (nil, pos)
    }

    // MARK: t.co

    /// The slug of `https?://t.co/slug…`; twitter-text keeps only the slug and
    /// a query after it, dropping whatever path characters follow.
    private func tcoSlug(_ m: Match) -> Range<Int>? {
        let d = m.domainStart
        // Only after http(s): Mastodon's other schemes are not t.co's.
        guard m.domainEnd - d == 4, d + 5 < m.end, C.asciiLowercased(s[m.urlStart]) == 0x68,
              C.asciiLowercased(s[d]) == 0x74, s[d + 1] == 0x2E, C.asciiLowercased(s[d + 2]) == 0x63,
              C.asciiLowercased(s[d + 3]) == 0x6F, s[d + 4] == 0x2F
        else { return nil }
        var e = d + 5
        while e < m.end, C.isASCIIAlphanumeric(s[e]) { e += 1 }
        return e > d + 5 ? (d + 5)..<e : nil
    }
}
